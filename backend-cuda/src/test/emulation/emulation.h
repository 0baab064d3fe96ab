/*
 * Fluxion's host emulation of the CUDA driver (libcuda.so.1) and of NVRTC (libnvrtc.so.12):
 * declarations shared by the files of both libraries. See docs/cuda-backend.md, "The emulation".
 *
 * Host memory stands in for device memory, a stream is a host thread that runs its queue in
 * order, and a kernel is the CUDA-dialect source compiled as host C++ by g++, run with one
 * thread of execution per CUDA thread (a fiber with its own stack) and a real barrier for
 * __syncthreads(). None of it is a GPU: it proves that the calls, their order and the kernels'
 * logic are right, not what nvcc generates, how fast anything is, or the GPU's memory model.
 */
#ifndef FXEMU_EMULATION_H
#define FXEMU_EMULATION_H

#include <stddef.h>
#include <stdint.h>

/* CUresult values the emulation returns (cuda.h). */
enum {
  CUDA_SUCCESS = 0,
  CUDA_ERROR_INVALID_VALUE = 1,
  CUDA_ERROR_OUT_OF_MEMORY = 2,
  CUDA_ERROR_NOT_INITIALIZED = 3,
  CUDA_ERROR_NO_DEVICE = 100,
  CUDA_ERROR_INVALID_DEVICE = 101,
  CUDA_ERROR_INVALID_IMAGE = 200,
  CUDA_ERROR_INVALID_CONTEXT = 201,
  CUDA_ERROR_INVALID_SOURCE = 300,
  CUDA_ERROR_SHARED_OBJECT_INIT_FAILED = 303,
  CUDA_ERROR_INVALID_HANDLE = 400,
  CUDA_ERROR_NOT_FOUND = 500,
  CUDA_ERROR_NOT_READY = 600,
  CUDA_ERROR_ILLEGAL_ADDRESS = 700,
  CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES = 701,
  CUDA_ERROR_LAUNCH_FAILED = 719,
  CUDA_ERROR_NOT_SUPPORTED = 801,
  CUDA_ERROR_UNKNOWN = 999
};

/* One kernel of a compiled module: kernel/fxemu_module.h writes this table into every module. */
typedef struct {
  const char *name;
  int arity;
  const size_t *sizes;           /* bytes of each parameter */
  const unsigned char *pointers; /* 1 where the parameter is a pointer */
  void (*run)(void *const *params);
} fxemu_kernel_entry;

/* A compiled module, opened. */
typedef struct {
  void *handle;
  const fxemu_kernel_entry *kernels;
  void (*set_block)(const unsigned block[3], const unsigned block_dim[3], const unsigned grid_dim[3]);
  void (*set_thread)(const unsigned thread[3]);
} fxemu_code;

/* util.c: where this library lives, tracing, fault injection, messages. */
const char *fxemu_dir(void);
void fxemu_trace(const char *format, ...) __attribute__((format(printf, 1, 2)));
int fxemu_tracing(void);
int fxemu_inject(const char *call);
void fxemu_report(const char *format, ...) __attribute__((format(printf, 1, 2)));
long fxemu_env_long(const char *name, long fallback);

/*
 * compiler.c: compiles CUDA-dialect source into a host module (a shared object), cached by the
 * hash of the source and of the kernel headers. Returns the module's path (malloc'd), or NULL
 * with *log (malloc'd) holding the compiler's output.
 */
char *fxemu_compile(const char *source, const char *name, char **log);

/* The text NVRTC's PTX stands for (a module path) and its prefix. */
#define FXEMU_MODULE_MARKER "//fluxion-cuda-emulation module "

/* blocks.c: runs a kernel over its grid; 0, or non-zero with a message in why. */
typedef struct {
  const fxemu_code *code;
  const fxemu_kernel_entry *kernel;
  unsigned grid[3];
  unsigned block[3];
  void **params;
} fxemu_launch;

int fxemu_run_launch(const fxemu_launch *launch, char *why, size_t why_size);
void fxemu_syncthreads(void);

#endif
