// zlib, for reading gzip-compressed IDX files (MNIST is distributed as .gz).
#include <zlib.h>

/// `inflateInit2` is a macro; this wrapper makes it callable from Swift.
/// windowBits 15 + 32: accept both gzip and zlib headers, detected automatically.
static inline int czlib_inflate_init(z_streamp stream) {
    return inflateInit2(stream, 15 + 32);
}

/// Raw deflate (no header), as zip entries store it: windowBits -15.
static inline int czlib_inflate_init_raw(z_streamp stream) {
    return inflateInit2(stream, -15);
}
