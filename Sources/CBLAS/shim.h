// Declarations only: nnscope loads OpenBLAS at run time (dlopen) after choosing its core type,
// because OpenBLAS reads OPENBLAS_CORETYPE once, when the library is loaded. See docs/DECISIONS.md.
#include <cblas.h>
