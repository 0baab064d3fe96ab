/*
 * A libcublas.so.12 that loads and reports its version but cannot create a handle
 * (cublasCreate_v2 returns CUBLAS_STATUS_NOT_INITIALIZED, as a real cuBLAS does when it cannot
 * initialise on the GPU): the test that such a cuBLAS leaves GEMM to the tiled kernel instead of
 * making the device unavailable. Every other cuBLAS function is left undefined: the dynamic
 * linker would end the process if one were called.
 */
#include <stddef.h>

#define EXPORT __attribute__((visibility("default")))

enum { CUBLAS_STATUS_SUCCESS = 0, CUBLAS_STATUS_NOT_INITIALIZED = 1 };

EXPORT int cublasGetProperty(int type, int *value) {
  *value = type == 0 ? 12 : type == 1 ? 0 : 1; /* MAJOR_VERSION, MINOR_VERSION, PATCH_LEVEL */
  return CUBLAS_STATUS_SUCCESS;
}

EXPORT int cublasCreate_v2(void **handle) {
  *handle = NULL;
  return CUBLAS_STATUS_NOT_INITIALIZED;
}

EXPORT int cublasDestroy_v2(void *handle) {
  (void)handle;
  return CUBLAS_STATUS_NOT_INITIALIZED;
}
