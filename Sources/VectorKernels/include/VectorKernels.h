// Single-precision kernels of the training step, compiled three times (baseline x86-64, AVX2,
// AVX-512) and chosen once, when the program starts, by what the CPU supports.
//
// Every variant does the same operations per element, in the same order, so all variants give
// bit-identical results: a session recorded on an AVX-512 machine verifies on a baseline one. The
// products' multiply-adds are fused (one rounding: an FMA instruction, the C library's fmaf on the
// baseline); nothing else is contracted. `NNSCOPE_KERNELS=baseline|avx2|avx512` picks a variant
// by hand (for measurements); an unsupported or unknown name falls back to the automatic choice.
#ifndef NNSCOPE_VECTOR_KERNELS_H
#define NNSCOPE_VECTOR_KERNELS_H

#include <stdint.h>

/// What a layer's epilogue computes after z = a·W (Network+Epilogue.swift).
typedef enum { NNUnitNone = 0, NNUnitReLU = 1, NNUnitLogistic = 2 } NNUnit;

/// One epilogue sweep over a row-major rows × width block (z, a and d rows `stride` floats apart):
/// z += bias; with `training`, the running extremes lo/hi of z; for ReLU/logistic also a = f(z),
/// with `training` d = f′(z), alive[u] = 1 for units with a non-zero f′, and `counted` (ReLU: pairs
/// with z > 0; logistic: pairs with f′ < threshold). An extreme of 0 is kept as +0 (z = −0 counts
/// as +0), so no two candidates are equal with different bits: sweeps over any parts of a block
/// (column ranges, row ranges), their extremes combined in any order, give the whole sweep's bits.
typedef struct {
    float *z;
    float *a;
    float *d;
    const float *bias;
    uint8_t *alive;
    long rows;
    long width;
    long stride;
    float threshold;
    float lo;
    float hi;
    long counted;
} NNEpilogue;

/// Σg² and finiteness of one SGD pass.
typedef struct {
    float squares;
    int finite;
} NNSGDResult;

typedef struct {
    /// "baseline", "avx2" or "avx512".
    const char *name;
    void (*epilogue)(NNEpilogue *sweep, NNUnit unit, int training);
    /// out = w − η·(g + λ·w); Σg² in eight running sums (lane j: elements j, j+8, …; the tail into
    /// lane 0; combined pairwise); finite: every out is finite.
    NNSGDResult (*sgd)(const float *w, const float *g, float *out, long count, float learningRate, float decay);
    /// out[i] = e^(x[i] − shift), for x[i] ≤ shift (softmax numerators).
    void (*exponentials)(const float *x, float shift, float *out, long count);
    /// out[i] = σ(x[i]).
    void (*logistic)(const float *x, float *out, long count);
    /// C ← α·op(A)·op(B) + β·C, row-major (op: transpose where the flag is set): C is scaled first
    /// (β = 0 clears it), then each element c becomes fma(b, α·a, c), in order of the inner index.
    void (*sgemm)(int transposeA, int transposeB, long m, long n, long k, float alpha, const float *a, long lda,
                  const float *b, long ldb, float beta, float *c, long ldc);
    /// out[i] = x[i]·y[i].
    void (*multiply)(const float *x, const float *y, float *out, long count);
    /// out[c] = Σ_r x[r·columns + c] over a row-major rows × columns block, each column from +0 in
    /// order of r.
    void (*columnSums)(const float *x, long rows, long columns, float *out);
    /// nn_order_statistics (below).
    void (*orderStatistics)(const float *values, long count, const long *ranks, long rankCount, float *out);
} NNKernels;

/// The variants compiled in, in order baseline, avx2, avx512 (3).
int nn_kernel_variant_count(void);
/// Variant i, or NULL when this CPU (and operating system) cannot run it.
const NNKernels *nn_kernel_variant(int i);
/// The variant in use: the widest the CPU supports, unless NNSCOPE_KERNELS chose another.
const NNKernels *nn_kernels(void);

/// The kernels in use (calls through nn_kernels()).
void nn_epilogue(NNEpilogue *sweep, NNUnit unit, int training);
NNSGDResult nn_sgd(const float *w, const float *g, float *out, long count, float learningRate, float decay);
void nn_exponentials(const float *x, float shift, float *out, long count);
void nn_logistic(const float *x, float *out, long count);
void nn_sgemm(int transposeA, int transposeB, long m, long n, long k, float alpha, const float *a, long lda,
              const float *b, long ldb, float beta, float *c, long ldc);
void nn_multiply(const float *x, const float *y, float *out, long count);
void nn_column_sums(const float *x, long rows, long columns, float *out);
/// Copies rows[i] of `source` (rows of rowBytes bytes) to row i of `destination`, and
/// labels[rows[i]] to batchLabels[i], for i < count (the batch gather: data movement only).
void nn_gather_rows(const void *source, void *destination, const long *rows, long count, long rowBytes,
                    const int32_t *labels, int32_t *batchLabels);
/// Order statistics of values[0..<count] (no NaN): out[l] = the value at position ranks[l] of the
/// values sorted ascending, for l < rankCount (out[l] is left alone where ranks[l] is not a
/// position). Counting, not sorting: a value's position is the number of values below it plus the
/// equal ones before it, so ties (−0 and +0 among them) fall in index order. For a few hundred
/// values (the distributions' samples) the counts, a vector of values at a time, beat a sort's
/// unpredictable branches.
void nn_order_statistics(const float *values, long count, const long *ranks, long rankCount, float *out);

#endif
