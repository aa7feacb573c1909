// Own kernel (nn_sgemm) against OpenBLAS (cblas_sgemm, one thread) on the benchmark workloads'
// product shapes: CPU time per product in µs, best of 7, alternating. Prints Markdown table rows
// and GFLOP/s of each (the table in README, Linear algebra). Build and run from the repository root:
//   clang -O2 -ISources/VectorKernels/include bench/kernel-vs-openblas.c Sources/VectorKernels/VectorKernels.c \
//       -ldl -lm -o /tmp/kernel-vs-openblas && /tmp/kernel-vs-openblas
// Set OPENBLAS_CORETYPE as nnscope would (SkylakeX with AVX-512, Haswell with AVX2 and FMA): Debian's
// OpenBLAS 0.3.21 misdetects recent CPUs and would otherwise measure its generic kernel.
#include "VectorKernels.h"
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
typedef void (*sgemm_t)(int,int,int,int,int,int,float,const float*,int,const float*,int,float,float*,int);
static double now(void){struct timespec t;clock_gettime(CLOCK_THREAD_CPUTIME_ID,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(void){
  void*h=dlopen("libopenblas.so.0",RTLD_NOW|RTLD_LOCAL); if(!h){fprintf(stderr,"no libopenblas.so.0\n");return 1;}
  sgemm_t s=(sgemm_t)dlsym(h,"cblas_sgemm");
  ((void(*)(int))dlsym(h,"openblas_set_num_threads"))(1);
  int sh[][6]={ /* ta tb m n k, label */
   {0,0,10,16,16},{1,0,16,16,10},{0,1,10,16,16},
   {0,0,32,32,32},{1,0,32,32,32},{0,1,32,32,32},{0,0,32,2,32},
   {0,0,32,128,64},{0,0,32,64,128},{0,0,32,10,64},{1,0,64,128,32},{1,0,128,64,32},{1,0,64,10,32},{0,1,32,64,10},{0,1,32,128,64},
   {0,0,128,10,128},{1,0,128,10,128},{0,1,128,128,10},
   /* mnist-size's five large products (one thread here; in training they run in chunks on two cores) */
   {0,0,128,256,784},{0,0,128,128,256},{1,0,784,256,128},{1,0,256,128,128},{0,1,128,256,128}};
  int ns=sizeof sh/sizeof sh[0];
  static float A[1<<21],B[1<<21],C[1<<21]; for(int i=0;i<(1<<21);i++){A[i]=(i%7)*0.1f-0.3f;B[i]=(i%5)*0.1f-0.2f;}
  for(int q=0;q<ns;q++){int ta=sh[q][0],tb=sh[q][1],m=sh[q][2],n=sh[q][3],k=sh[q][4]; long fl=2L*m*n*k; int reps=(int)(3e7/fl)+20;
    int lda=ta?m:k, ldb=tb?k:n; double best[2]={1e9,1e9};
    for(int r=0;r<7;r++){ double t0=now(); for(int i=0;i<reps;i++) nn_sgemm(ta,tb,m,n,k,1.0f,A,lda,B,ldb,0.0f,C,n); double d=(now()-t0)/reps; if(d<best[0])best[0]=d;
      t0=now(); for(int i=0;i<reps;i++) s(101,ta?112:111,tb?112:111,m,n,k,1.0f,A,lda,B,ldb,0.0f,C,n); d=(now()-t0)/reps; if(d<best[1])best[1]=d;}
    printf("| %s | %d×%d×%d | %ld | %.2f | %.2f | %.0f | %.0f |\n", ta?"Aᵀ·B":(tb?"A·Bᵀ":"A·B"), m,k,n, (long)m*n*k,
           best[0]*1e6, best[1]*1e6, fl/best[0]/1e9, fl/best[1]/1e9);
  }
}
