/*
 * CUDA's device built-ins for a kernel source compiled as host C++ by Fluxion's CUDA emulation
 * (included before the source). A CUDA thread is a fiber of the emulation's block scheduler:
 * threadIdx and friends are set by it before it switches to the fiber, __shared__ variables are
 * one copy per host thread (every fiber of a block runs on the same host thread, one block at a
 * time), and __syncthreads() switches back to the scheduler until every thread of the block has
 * arrived. Warp-level built-ins (shuffles, votes) and dynamic shared memory are not emulated: a
 * source that uses them does not compile here.
 */
#ifndef FXEMU_KERNEL_H
#define FXEMU_KERNEL_H

#include <math.h>
#include <stdint.h>
#include <stdio.h> /* printf, as CUDA kernels may call it */
#include <string.h>

#ifdef FXEMU_SCAN
/* Preprocessing pass of the emulation's compiler: kernels are found by this marker. */
#define __global__ __fxemu_global__
#else
#define __global__
#endif
#define __device__
#define __host__
#define __noinline__
#define __forceinline__ inline
#define __restrict__ __restrict
#define __launch_bounds__(...)
#define __constant__ static
#define __shared__ static thread_local

struct uint3 {
  unsigned int x, y, z;
};
typedef uint3 dim3;

static thread_local uint3 fxemu_thread_idx;
static thread_local uint3 fxemu_block_idx;
static thread_local dim3 fxemu_block_dim;
static thread_local dim3 fxemu_grid_dim;
static void (*fxemu_barrier)(void);

#define threadIdx fxemu_thread_idx
#define blockIdx fxemu_block_idx
#define blockDim fxemu_block_dim
#define gridDim fxemu_grid_dim
#define warpSize 32
#define __syncthreads() fxemu_barrier()
#define __threadfence() __atomic_thread_fence(__ATOMIC_SEQ_CST)
#define __threadfence_block() __atomic_thread_fence(__ATOMIC_SEQ_CST)

static inline float __int_as_float(int i) {
  float f;
  memcpy(&f, &i, sizeof f);
  return f;
}
static inline int __float_as_int(float f) {
  int i;
  memcpy(&i, &f, sizeof i);
  return i;
}
static inline double __longlong_as_double(long long i) {
  double d;
  memcpy(&d, &i, sizeof d);
  return d;
}
static inline long long __double_as_longlong(double d) {
  long long i;
  memcpy(&i, &d, sizeof i);
  return i;
}
template <typename T>
static inline T __ldg(const T *p) {
  return *p;
}
static inline float rsqrtf(float x) { return 1.0f / sqrtf(x); }
static inline double rsqrt(double x) { return 1.0 / sqrt(x); }
/* __expf, __logf, __sinf, __cosf and __powf are glibc's own functions of those names. */
static inline float __fdividef(float x, float y) { return x / y; }

/* CUDA's integer min/max overloads (the floating ones are fmin/fmax or these templates). */
template <typename T>
static inline T min(T a, T b) {
  return b < a ? b : a;
}
template <typename T>
static inline T max(T a, T b) {
  return a < b ? b : a;
}

/* Atomics (kernels of different streams run on different host threads). */
template <typename T>
static inline T atomicAdd(T *p, T v) {
  return __atomic_fetch_add(p, v, __ATOMIC_SEQ_CST);
}
static inline float atomicAdd(float *p, float v) {
  float old = *p, sum;
  do {
    sum = old + v;
  } while (!__atomic_compare_exchange(p, &old, &sum, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
  return old;
}
static inline double atomicAdd(double *p, double v) {
  double old = *p, sum;
  do {
    sum = old + v;
  } while (!__atomic_compare_exchange(p, &old, &sum, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST));
  return old;
}
template <typename T>
static inline T atomicExch(T *p, T v) {
  return __atomic_exchange_n(p, v, __ATOMIC_SEQ_CST);
}
template <typename T>
static inline T atomicCAS(T *p, T expected, T desired) {
  __atomic_compare_exchange_n(p, &expected, desired, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
  return expected;
}
template <typename T>
static inline T atomicMax(T *p, T v) {
  T old = *p;
  while (old < v && !__atomic_compare_exchange_n(p, &old, v, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
  }
  return old;
}
template <typename T>
static inline T atomicMin(T *p, T v) {
  T old = *p;
  while (v < old && !__atomic_compare_exchange_n(p, &old, v, false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
  }
  return old;
}

#endif
