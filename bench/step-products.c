// The eight products of one `digits` training step (64-128-64-10, batch 32: forward, weight
// gradients, upstream gradients, same shapes and transposes) through nn_sgemm, as one loop: CPU
// time per step in µs, best of 40 rounds of 200 steps. Build and run from the repository root:
//   clang -O2 -ISources/VectorKernels/include bench/step-products.c Sources/VectorKernels/VectorKernels.c \
//       -lm -o /tmp/step-products && /tmp/step-products
// NNSCOPE_KERNELS=baseline|avx2|avx512 picks the variant, as for nnscope.
#include "VectorKernels.h"
#include <stdio.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static float A[1 << 16], B[1 << 16], C[1 << 16];

int main(void) {
    for (int i = 0; i < (1 << 16); i++) {
        A[i] = (i % 7) * 0.1f - 0.3f;
        B[i] = (i % 5) * 0.1f - 0.2f;
    }
    // transpose A, transpose B, m, n, k
    const int shapes[][5] = {{0, 0, 32, 128, 64}, {0, 0, 32, 64, 128}, {0, 0, 32, 10, 64}, {1, 0, 64, 128, 32},
                             {1, 0, 128, 64, 32}, {1, 0, 64, 10, 32},  {0, 1, 32, 64, 10}, {0, 1, 32, 128, 64}};
    double best = 1e9;
    for (int round = 0; round < 40; round++) {
        const double start = now();
        for (int step = 0; step < 200; step++) {
            for (int q = 0; q < 8; q++) {
                const int ta = shapes[q][0], tb = shapes[q][1], m = shapes[q][2], n = shapes[q][3], k = shapes[q][4];
                nn_sgemm(ta, tb, m, n, k, 1.0f, A, ta ? m : k, B, tb ? k : n, 0.0f, C, n);
            }
        }
        const double perStep = (now() - start) / 200;
        if (perStep < best) best = perStep;
    }
    printf("digits step products (%s): %.2f us\n", nn_kernels()->name, best * 1e6);
    return 0;
}
