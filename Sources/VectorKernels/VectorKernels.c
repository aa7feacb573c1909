// The single-precision kernels of the training step at three targets, and the choice among them.
// See include/VectorKernels.h for what each kernel computes, and docs/DECISIONS.md (Benchmarks).
#include "VectorKernels.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>
#endif

// Same bits on every target: no a·b+c contracted into one rounding (the products fuse theirs explicitly, see madd).
#pragma clang fp contract(off)
// The helpers that pass eight-lane vectors are always inlined, so no vector crosses a call
// boundary and the baseline's missing AVX ABI does not matter.
#pragma clang diagnostic ignored "-Wpsabi"

// The constants of e^t (Logistic+SIMD.swift had them as literals; these are the same floats).
#define NN_EXP_FLOOR (-103.97f)
/// From here up, e^t is a normal float and e^t's exponent can be set directly (exp_nonpositive).
#define NN_EXP_NORMAL_FLOOR (-87.0f)
#define NN_LOG2E 1.44269504f
#define NN_MAGIC 12582912.0f
#define NN_LN2_HI 0.693359375f
#define NN_LN2_LO (-2.1219444e-4f)
#define NN_P0 1.98756915e-4f
#define NN_P1 1.39819995e-3f
#define NN_P2 8.3334519e-3f
#define NN_P3 4.16657959e-2f
#define NN_P4 0.16666665f
#define NN_P5 0.50000001f

/// The stack panel of Bᵀ in products A·Bᵀ: columns × inner dimension (64 KB).
#define NN_GEMM_PANEL 64
#define NN_GEMM_PANEL_DEPTH 256
/// The blocks of B in products A·B and Aᵀ·B: columns × inner dimension (256 KB, within L2).
#define NN_GEMM_BLOCK_COLUMNS 256
#define NN_GEMM_BLOCK_DEPTH 256
/// Products A·B copy B in strips when op(A) has at least this many rows and B's rows are spread over
/// more than this many bytes of a block's depth (the L1 data cache).
#define NN_GEMM_PACK_MIN_ROWS 16
#define NN_GEMM_L1_BYTES 32768
/// Products of at least this depth (per block) take op(A)'s rows six at a time, shorter ones four.
#define NN_GEMM_SIX_ROWS_DEPTH 64
/// The batch gather asks for the lines of the row this many rows ahead.
#define NN_GATHER_AHEAD 4
/// Narrow products (gemm in kernel-body.inc) run transposed up to this many elements of C (16 KB).
#define NN_GEMM_NARROW_ELEMENTS 4096
/// The logistic epilogue computes σ for this many rows of a block at once (2 was slower, 8 no faster).
#define NN_EPILOGUE_ROWS 4

typedef float nn_f8 __attribute__((vector_size(32)));
typedef int32_t nn_i8 __attribute__((vector_size(32)));
typedef uint32_t nn_u8 __attribute__((vector_size(32)));
typedef float nn_f8u __attribute__((vector_size(32), aligned(4), may_alias));
typedef float nn_f16 __attribute__((vector_size(64)));
typedef int32_t nn_i16 __attribute__((vector_size(64)));
typedef uint32_t nn_u16 __attribute__((vector_size(64)));
typedef float nn_f16u __attribute__((vector_size(64), aligned(4), may_alias));

/// out = f(x, argument) over count floats, N lanes (vector type V, kernels suffixed S) at a time;
/// a short tail is padded into one more vector (the padding lanes are computed and dropped), so
/// every element gets the lane arithmetic.
#define NN_MAP_LANES(S, N, V, function, x, out, count, argument)                                     \
    do {                                                                                              \
        long i_ = 0;                                                                                  \
        for (; i_ + (N) <= (count); i_ += (N))                                                        \
            store_##S((out) + i_, function##_##S(load_##S((x) + i_), argument));                      \
        if (i_ < (count)) {                                                                           \
            float tail_[N] = {0};                                                                     \
            for (long j_ = 0; j_ < (count) - i_; j_++) tail_[j_] = (x)[i_ + j_];                      \
            V result_ = function##_##S(load_##S(tail_), argument);                                    \
            for (long j_ = 0; j_ < (count) - i_; j_++) (out)[i_ + j_] = result_[j_];                  \
        }                                                                                             \
    } while (0)

// One leftover column of an epilogue, every row: the same operations per element as the blocks.
static inline __attribute__((always_inline)) float nn_logistic_scalar(float x);
static inline __attribute__((always_inline)) void nn_transpose(const float *src, long lds, float *dst, long ldd,
                                                               long rows, long columns);

#define VF nn_f8
#define VI nn_i8
#define VU nn_u8
#define VFU nn_f8u
#define LANES 8
#define SUF(name) name##_base8
#define NN_MASKED_LANES 0
#include "kernel-body.inc"
#undef NN_MASKED_LANES
#undef SUF

static inline __attribute__((always_inline)) float nn_logistic_scalar(float x) {
    return logistic1_base8((nn_f8){} + x)[0];
}

static inline __attribute__((always_inline)) void nn_epilogue_column(NNEpilogue *s, long column, NNUnit unit, int training) {
    const float b = s->bias[column];
    int live = 0;
    for (long r = 0; r < s->rows; r++) {
        const long offset = r * s->stride + column;
        const float v = s->z[offset] + b;
        s->z[offset] = v;
        if (!training && unit == NNUnitNone) continue;
        if (training) {
            s->lo = v < s->lo ? v + 0.0f : s->lo;  // +0 for −0 (see NNEpilogue)
            s->hi = v > s->hi ? v + 0.0f : s->hi;
        }
        if (unit == NNUnitReLU) {
            s->a[offset] = v > 0 ? v : 0;
            if (training) {
                s->d[offset] = v > 0 ? 1 : 0;
                live |= v > 0;
                s->counted += v > 0;
            }
        } else if (unit == NNUnitLogistic) {
            const float sig = nn_logistic_scalar(v);
            s->a[offset] = sig;
            if (training) {
                const float derivative = sig * (1 - sig);
                s->d[offset] = derivative;
                live |= derivative != 0;
                s->counted += derivative < s->threshold;
            }
        }
    }
    if (live) s->alive[column] = 1;
}

/// dst[c·ldd + r] = src[r·lds + c] for r < rows, c < columns: 8 × 8 blocks through vector shuffles,
/// the edges element by element (data movement only: the bits are untouched).
static inline __attribute__((always_inline)) void nn_transpose(const float *src, long lds, float *dst, long ldd,
                                                               long rows, long columns) {
    long r0 = 0;
    for (; r0 + 8 <= rows; r0 += 8) {
        long c0 = 0;
        for (; c0 + 8 <= columns; c0 += 8) {
            nn_f8 r[8];
            for (int i = 0; i < 8; i++) r[i] = *(const nn_f8u *)(src + (r0 + i) * lds + c0);
            nn_f8 a[8], b[8];
            for (int i = 0; i < 8; i += 2) {
                a[i] = __builtin_shufflevector(r[i], r[i + 1], 0, 8, 1, 9, 4, 12, 5, 13);
                a[i + 1] = __builtin_shufflevector(r[i], r[i + 1], 2, 10, 3, 11, 6, 14, 7, 15);
            }
            for (int h = 0; h < 8; h += 4) {
                b[h] = __builtin_shufflevector(a[h], a[h + 2], 0, 1, 8, 9, 4, 5, 12, 13);
                b[h + 1] = __builtin_shufflevector(a[h], a[h + 2], 2, 3, 10, 11, 6, 7, 14, 15);
                b[h + 2] = __builtin_shufflevector(a[h + 1], a[h + 3], 0, 1, 8, 9, 4, 5, 12, 13);
                b[h + 3] = __builtin_shufflevector(a[h + 1], a[h + 3], 2, 3, 10, 11, 6, 7, 14, 15);
            }
            for (int i = 0; i < 4; i++) {
                *(nn_f8u *)(dst + (c0 + i) * ldd + r0) = __builtin_shufflevector(b[i], b[i + 4], 0, 1, 2, 3, 8, 9, 10, 11);
                *(nn_f8u *)(dst + (c0 + i + 4) * ldd + r0) = __builtin_shufflevector(b[i], b[i + 4], 4, 5, 6, 7, 12, 13, 14, 15);
            }
        }
        for (; c0 < columns; c0++) {
            for (long i = 0; i < 8; i++) dst[c0 * ldd + r0 + i] = src[(r0 + i) * lds + c0];
        }
    }
    for (; r0 < rows; r0++) {
        for (long c = 0; c < columns; c++) dst[c * ldd + r0] = src[r0 * lds + c];
    }
}

/// The eight-lane SGD chunk at i: out, and Σg² into squares.
#define NN_SGD_CHUNK8(SUFFIX)                                                                        \
    do {                                                                                              \
        nn_f8 wv = load_##SUFFIX(w + i), gv = load_##SUFFIX(g + i);                                   \
        nn_f8 v = wv - learningRate * (gv + decay * wv);                                              \
        store_##SUFFIX(out + i, v);                                                                   \
        squares += gv * gv;                                                                           \
        poison += v * 0.0f;                                                                           \
    } while (0)

/// The tail of the SGD pass and the pairwise combination of the eight running sums.
static inline __attribute__((always_inline)) NNSGDResult nn_sgd_finish(const float *w, const float *g, float *out, long i,
                                                                       long count, float learningRate, float decay,
                                                                       const float squares[8], const float poison[8]) {
    float p0 = squares[0];
    int finite = 1;
    for (; i < count; i++) {
        const float v = w[i] - learningRate * (g[i] + decay * w[i]);
        out[i] = v;
        p0 += g[i] * g[i];
        finite = finite && isfinite(v);
    }
    const float total = ((p0 + squares[1]) + (squares[2] + squares[3])) + ((squares[4] + squares[5]) + (squares[6] + squares[7]));
    for (int j = 0; j < 8; j++) {
        if (poison[j] != 0) finite = 0;
    }
    return (NNSGDResult){total, finite};
}

/// The epilogue's unit and training flag as constants, so each combination is its own loop.
#define NN_EPILOGUE_DISPATCH(BLOCK)                                                                  \
    switch (unit * 2 + (training != 0)) {                                                             \
    case NNUnitNone * 2: BLOCK(NNUnitNone, 0); break;                                                 \
    case NNUnitNone * 2 + 1: BLOCK(NNUnitNone, 1); break;                                             \
    case NNUnitReLU * 2: BLOCK(NNUnitReLU, 0); break;                                                 \
    case NNUnitReLU * 2 + 1: BLOCK(NNUnitReLU, 1); break;                                             \
    case NNUnitLogistic * 2: BLOCK(NNUnitLogistic, 0); break;                                         \
    default: BLOCK(NNUnitLogistic, 1); break;                                                         \
    }

// ---------------------------------------------------------------------------------------------
// Baseline: eight lanes as two SSE halves (x86-64's baseline), or whatever the target has.

#define NN_BASE_COLUMNS(U, T)                                                                        \
    for (; column + 8 <= s->width; column += 8) epilogue_block_base8(s, column, U, T);               \
    for (; column < s->width; column++) nn_epilogue_column(s, column, U, T);

static void epilogue_baseline(NNEpilogue *s, NNUnit unit, int training) {
    long column = 0;
    NN_EPILOGUE_DISPATCH(NN_BASE_COLUMNS)
}

static NNSGDResult sgd_baseline(const float *w, const float *g, float *out, long count, float learningRate, float decay) {
    nn_f8 squares = {}, poison = {};
    long i = 0;
    for (; i + 8 <= count; i += 8) NN_SGD_CHUNK8(base8);
    float sums[8], poisons[8];
    memcpy(sums, &squares, sizeof sums);
    memcpy(poisons, &poison, sizeof poisons);
    return nn_sgd_finish(w, g, out, i, count, learningRate, decay, sums, poisons);
}

static void exponentials_baseline(const float *x, float shift, float *out, long count) {
    NN_MAP_LANES(base8, 8, nn_f8, shifted_exp, x, out, count, shift);
}

static void logistic_baseline(const float *x, float *out, long count) {
    NN_MAP_LANES(base8, 8, nn_f8, logistic2, x, out, count, 0);
}

static void sgemm_baseline(int transposeA, int transposeB, long m, long n, long k, float alpha, const float *a, long lda,
                        const float *b, long ldb, float beta, float *c, long ldc) {
    gemm_base8(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

static void multiply_baseline(const float *x, const float *y, float *out, long count) {
    multiply_lanes_base8(x, y, out, count);
}

static void column_sums_baseline(const float *x, long rows, long columns, float *out) {
    column_sums_lanes_base8(x, rows, columns, out);
}

static void order_statistics_baseline(const float *values, long count, const long *ranks, long rankCount, float *out) {
    order_statistics_lanes_base8(values, count, ranks, rankCount, out);
}

static const NNKernels baselineKernels = {"baseline", epilogue_baseline, sgd_baseline, exponentials_baseline, logistic_baseline, sgemm_baseline, multiply_baseline, column_sums_baseline, order_statistics_baseline};

#undef VF
#undef VI
#undef VU
#undef VFU
#undef LANES

#if defined(__x86_64__)
// ---------------------------------------------------------------------------------------------
// AVX2 with FMA: eight lanes in one register; the products' fused multiply-adds in one instruction
// (contraction stays off everywhere else: only the explicit fma of the products is fused).

#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#define VF nn_f8
#define VI nn_i8
#define VU nn_u8
#define VFU nn_f8u
#define LANES 8
#define SUF(name) name##_avx2
#define NN_MASKED_LANES 8
#include "kernel-body.inc"
#undef NN_MASKED_LANES
#undef SUF

#define NN_AVX2_COLUMNS(U, T)                                                                        \
    for (; column + 8 <= s->width; column += 8) epilogue_block_avx2(s, column, U, T);                \
    for (; column < s->width; column++) nn_epilogue_column(s, column, U, T);

static void epilogue_avx2(NNEpilogue *s, NNUnit unit, int training) {
    long column = 0;
    NN_EPILOGUE_DISPATCH(NN_AVX2_COLUMNS)
}

static NNSGDResult sgd_avx2(const float *w, const float *g, float *out, long count, float learningRate, float decay) {
    nn_f8 squares = {}, poison = {};
    long i = 0;
    for (; i + 8 <= count; i += 8) NN_SGD_CHUNK8(avx2);
    float sums[8], poisons[8];
    memcpy(sums, &squares, sizeof sums);
    memcpy(poisons, &poison, sizeof poisons);
    return nn_sgd_finish(w, g, out, i, count, learningRate, decay, sums, poisons);
}

static void exponentials_avx2(const float *x, float shift, float *out, long count) {
    NN_MAP_LANES(avx2, 8, nn_f8, shifted_exp, x, out, count, shift);
}

static void logistic_avx2(const float *x, float *out, long count) {
    NN_MAP_LANES(avx2, 8, nn_f8, logistic2, x, out, count, 0);
}
#undef VF
#undef VI
#undef VU
#undef VFU
#undef LANES
#pragma clang attribute pop

__attribute__((target("avx2,fma"))) static void sgemm_avx2(int transposeA, int transposeB, long m, long n, long k, float alpha, const float *a, long lda,
                        const float *b, long ldb, float beta, float *c, long ldc) {
    gemm_avx2(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

__attribute__((target("avx2,fma"))) static void multiply_avx2(const float *x, const float *y, float *out, long count) {
    multiply_lanes_avx2(x, y, out, count);
}

__attribute__((target("avx2,fma"))) static void column_sums_avx2(const float *x, long rows, long columns, float *out) {
    column_sums_lanes_avx2(x, rows, columns, out);
}

__attribute__((target("avx2,fma"))) static void order_statistics_avx2(const float *values, long count, const long *ranks, long rankCount, float *out) {
    order_statistics_lanes_avx2(values, count, ranks, rankCount, out);
}

static const NNKernels avx2Kernels = {"avx2", epilogue_avx2, sgd_avx2, exponentials_avx2, logistic_avx2, sgemm_avx2, multiply_avx2, column_sums_avx2, order_statistics_avx2};

// ---------------------------------------------------------------------------------------------
// AVX-512: sixteen lanes, and eight-lane blocks (AVX2 instructions) for the rest.

#pragma clang attribute push(__attribute__((target("avx512f,fma"))), apply_to = function)
#define VF nn_f8
#define VI nn_i8
#define VU nn_u8
#define VFU nn_f8u
#define LANES 8
#define SUF(name) name##_avx512y
#define NN_MASKED_LANES 8
#include "kernel-body.inc"
#undef NN_MASKED_LANES
#undef SUF
#undef VF
#undef VI
#undef VU
#undef VFU
#undef LANES
#define VF nn_f16
#define VI nn_i16
#define VU nn_u16
#define VFU nn_f16u
#define LANES 16
#define SUF(name) name##_avx512
#define NN_MASKED_LANES 16
#include "kernel-body.inc"
#undef NN_MASKED_LANES
#undef SUF

#define NN_AVX512_COLUMNS(U, T)                                                                      \
    for (; column + 16 <= s->width; column += 16) epilogue_block_avx512(s, column, U, T);            \
    for (; column + 8 <= s->width; column += 8) epilogue_block_avx512y(s, column, U, T);             \
    for (; column < s->width; column++) nn_epilogue_column(s, column, U, T);

static void epilogue_avx512(NNEpilogue *s, NNUnit unit, int training) {
    long column = 0;
    NN_EPILOGUE_DISPATCH(NN_AVX512_COLUMNS)
}

static NNSGDResult sgd_avx512(const float *w, const float *g, float *out, long count, float learningRate, float decay) {
    nn_f8 squares = {}, poison = {};
    long i = 0;
    for (; i + 16 <= count; i += 16) {
        // Sixteen updates at once; Σg² still adds the lower eight, then the upper eight.
        nn_f16 wv = load_avx512(w + i), gv = load_avx512(g + i);
        nn_f16 v = wv - learningRate * (gv + decay * wv);
        store_avx512(out + i, v);
        nn_f16 gg = gv * gv, vz = v * 0.0f;
        squares += __builtin_shufflevector(gg, gg, 0, 1, 2, 3, 4, 5, 6, 7);
        squares += __builtin_shufflevector(gg, gg, 8, 9, 10, 11, 12, 13, 14, 15);
        poison += __builtin_shufflevector(vz, vz, 0, 1, 2, 3, 4, 5, 6, 7);
        poison += __builtin_shufflevector(vz, vz, 8, 9, 10, 11, 12, 13, 14, 15);
    }
    for (; i + 8 <= count; i += 8) NN_SGD_CHUNK8(avx512y);
    float sums[8], poisons[8];
    memcpy(sums, &squares, sizeof sums);
    memcpy(poisons, &poison, sizeof poisons);
    return nn_sgd_finish(w, g, out, i, count, learningRate, decay, sums, poisons);
}

static void exponentials_avx512(const float *x, float shift, float *out, long count) {
    NN_MAP_LANES(avx512, 16, nn_f16, shifted_exp, x, out, count, shift);
}

static void logistic_avx512(const float *x, float *out, long count) {
    NN_MAP_LANES(avx512, 16, nn_f16, logistic2, x, out, count, 0);
}
#undef VF
#undef VI
#undef VU
#undef VFU
#undef LANES
#pragma clang attribute pop

__attribute__((target("avx512f,fma"))) static void sgemm_avx512(int transposeA, int transposeB, long m, long n, long k, float alpha, const float *a, long lda,
                        const float *b, long ldb, float beta, float *c, long ldc) {
    gemm_avx512(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

__attribute__((target("avx512f,fma"))) static void multiply_avx512(const float *x, const float *y, float *out, long count) {
    multiply_lanes_avx512(x, y, out, count);
}

__attribute__((target("avx512f,fma"))) static void column_sums_avx512(const float *x, long rows, long columns, float *out) {
    column_sums_lanes_avx512(x, rows, columns, out);
}

__attribute__((target("avx512f,fma"))) static void order_statistics_avx512(const float *values, long count, const long *ranks, long rankCount, float *out) {
    order_statistics_lanes_avx512(values, count, ranks, rankCount, out);
}

static const NNKernels avx512Kernels = {"avx512", epilogue_avx512, sgd_avx512, exponentials_avx512, logistic_avx512, sgemm_avx512, multiply_avx512, column_sums_avx512, order_statistics_avx512};

// ---------------------------------------------------------------------------------------------
// What this CPU runs: CPUID for the instructions (AVX2 and AVX-512 both with FMA), XGETBV for the operating system saving the
// registers (YMM for AVX2; also the opmask and ZMM state for AVX-512).

static uint64_t nn_saved_state(void) {
    uint32_t low, high;
    __asm__ volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    return ((uint64_t)high << 32) | low;
}

static int nn_supports(int variant) {
    if (variant == 0) return 1;
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    if (!(c & bit_OSXSAVE) || !(c & bit_AVX) || !(c & bit_FMA)) return 0;
    const uint64_t state = nn_saved_state();
    if ((state & 0x6) != 0x6) return 0;
    if (__get_cpuid_max(0, 0) < 7) return 0;
    __cpuid_count(7, 0, a, b, c, d);
    if (!(b & bit_AVX2)) return 0;
    if (variant == 1) return 1;
    return (b & bit_AVX512F) && (state & 0xE6) == 0xE6;
}

static const NNKernels *const nnVariants[] = {&baselineKernels, &avx2Kernels, &avx512Kernels};
#else
static int nn_supports(int variant) { return variant == 0; }
static const NNKernels *const nnVariants[] = {&baselineKernels};
#endif

int nn_kernel_variant_count(void) { return (int)(sizeof nnVariants / sizeof nnVariants[0]); }

const NNKernels *nn_kernel_variant(int i) {
    if (i < 0 || i >= nn_kernel_variant_count() || !nn_supports(i)) return NULL;
    return nnVariants[i];
}

static const NNKernels *nn_choose(void) {
    const char *wanted = getenv("NNSCOPE_KERNELS");
    if (wanted) {
        for (int i = 0; i < nn_kernel_variant_count(); i++) {
            if (strcmp(wanted, nnVariants[i]->name) == 0 && nn_supports(i)) return nnVariants[i];
        }
    }
    for (int i = nn_kernel_variant_count() - 1; i > 0; i--) {
        if (nn_supports(i)) return nnVariants[i];
    }
    return nnVariants[0];
}

static const NNKernels *nnActive;

__attribute__((constructor)) static void nn_choose_at_start(void) {
    __atomic_store_n(&nnActive, nn_choose(), __ATOMIC_RELEASE);
}

const NNKernels *nn_kernels(void) {
    const NNKernels *k = __atomic_load_n(&nnActive, __ATOMIC_ACQUIRE);
    if (k) return k;
    k = nn_choose();  // the same choice every time: a racing first call stores the same pointer
    __atomic_store_n(&nnActive, k, __ATOMIC_RELEASE);
    return k;
}

void nn_epilogue(NNEpilogue *sweep, NNUnit unit, int training) { nn_kernels()->epilogue(sweep, unit, training); }

NNSGDResult nn_sgd(const float *w, const float *g, float *out, long count, float learningRate, float decay) {
    return nn_kernels()->sgd(w, g, out, count, learningRate, decay);
}

void nn_exponentials(const float *x, float shift, float *out, long count) { nn_kernels()->exponentials(x, shift, out, count); }

void nn_logistic(const float *x, float *out, long count) { nn_kernels()->logistic(x, out, count); }

void nn_sgemm(int transposeA, int transposeB, long m, long n, long k, float alpha, const float *a, long lda,
              const float *b, long ldb, float beta, float *c, long ldc) {
    nn_kernels()->sgemm(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void nn_multiply(const float *x, const float *y, float *out, long count) { nn_kernels()->multiply(x, y, out, count); }

void nn_column_sums(const float *x, long rows, long columns, float *out) { nn_kernels()->columnSums(x, rows, columns, out); }

void nn_gather_rows(const void *source, void *destination, const long *rows, long count, long rowBytes,
                    const int32_t *labels, int32_t *batchLabels) {
    // Whole 64-byte pieces inline (the rows of the workloads are 256 bytes to 3 KB), the rest by memcpy:
    // a call of memmove per row cost more than the copy of a short row.
    const long pieces = rowBytes / 64, rest = rowBytes % 64;
    // The rows are random, so the hardware cannot guess the next one: its first lines are asked for
    // NN_GATHER_AHEAD rows before they are copied.
    const long ahead = pieces < 4 ? pieces + (rest != 0) : 4;
    for (long i = 0; i < count; i++) {
        if (i + NN_GATHER_AHEAD < count) {
            const char *later = (const char *)source + rows[i + NN_GATHER_AHEAD] * rowBytes;
            for (long q = 0; q < ahead; q++) __builtin_prefetch(later + q * 64);
        }
        const char *from = (const char *)source + rows[i] * rowBytes;
        char *to = (char *)destination + i * rowBytes;
        for (long q = 0; q < pieces; q++) *(nn_f16u *)(to + q * 64) = *(const nn_f16u *)(from + q * 64);
        if (rest) memcpy(to + pieces * 64, from + pieces * 64, (size_t)rest);
        batchLabels[i] = labels[rows[i]];
    }
}

void nn_order_statistics(const float *values, long count, const long *ranks, long rankCount, float *out) {
    nn_kernels()->orderStatistics(values, count, ranks, rankCount, out);
}
