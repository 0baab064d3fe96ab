/*
 * The emulated driver's initialisation, its one device (name, version, attributes from the
 * FLUXION_CUDA_EMULATION_* variables), the primary context made current per thread, and error
 * names. Every call of the other files checks the calling thread's current context here.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"

pthread_mutex_t state = PTHREAD_MUTEX_INITIALIZER;
int initialized;
context primary;
__thread context *current;
module *modules;

static const char *DEVICE_NAME = "Fluxion CUDA emulation on the host (not a GPU)";

static int driver_version(void) { return (int)fxemu_env_long("FLUXION_CUDA_EMULATION_DRIVER_VERSION", 13000); }
static int compute_capability(void) { return (int)fxemu_env_long("FLUXION_CUDA_EMULATION_CC", 90); }
static int device_count(void) { return (int)fxemu_env_long("FLUXION_CUDA_EMULATION_DEVICES", 1); }
size_t memory_bytes(void) { return (size_t)fxemu_env_long("FLUXION_CUDA_EMULATION_MEMORY_MB", 4096) << 20; }

CUresult done(const char *call, CUresult result) {
  fxemu_trace("%s -> %d", call, result);
  return result;
}

CUresult need_context(const char *call) {
  if (!initialized) {
    fxemu_report("%s before cuInit", call);
    return CUDA_ERROR_NOT_INITIALIZED;
  }
  if (current == NULL || current->refs == 0) {
    fxemu_report("%s on a thread with no current context (%s)", call, current == NULL ? "none was made current" : "it was released");
    return CUDA_ERROR_INVALID_CONTEXT;
  }
  return current->sticky;
}

EXPORT CUresult cuInit(unsigned flags) {
  ENTER("cuInit");
  if (flags != 0) {
    return done("cuInit", CUDA_ERROR_INVALID_VALUE);
  }
  if (device_count() < 1) {
    return done("cuInit", CUDA_ERROR_NO_DEVICE);
  }
  initialized = 1;
  return done("cuInit", CUDA_SUCCESS);
}

EXPORT CUresult cuDriverGetVersion(int *version) {
  ENTER("cuDriverGetVersion");
  if (version == NULL) {
    return done("cuDriverGetVersion", CUDA_ERROR_INVALID_VALUE);
  }
  *version = driver_version();
  return done("cuDriverGetVersion", CUDA_SUCCESS);
}

static CUresult need_device(const char *call, CUdevice d) {
  if (!initialized) {
    fxemu_report("%s before cuInit", call);
    return CUDA_ERROR_NOT_INITIALIZED;
  }
  return d == 0 ? CUDA_SUCCESS : CUDA_ERROR_INVALID_DEVICE;
}

#define DEVICE(call, d)                       \
  do {                                        \
    ENTER(call);                              \
    CUresult need_ = need_device(call, d);    \
    if (need_ != CUDA_SUCCESS) {              \
      return done(call, need_);               \
    }                                         \
  } while (0)

EXPORT CUresult cuDeviceGetCount(int *count) {
  ENTER("cuDeviceGetCount");
  if (!initialized) {
    return done("cuDeviceGetCount", CUDA_ERROR_NOT_INITIALIZED);
  }
  *count = 1;
  return done("cuDeviceGetCount", CUDA_SUCCESS);
}

EXPORT CUresult cuDeviceGet(CUdevice *device, int ordinal) {
  DEVICE("cuDeviceGet", ordinal);
  *device = ordinal;
  return done("cuDeviceGet", CUDA_SUCCESS);
}

EXPORT CUresult cuDeviceGetName(char *name, int length, CUdevice d) {
  DEVICE("cuDeviceGetName", d);
  if (name == NULL || length <= 0) {
    return done("cuDeviceGetName", CUDA_ERROR_INVALID_VALUE);
  }
  snprintf(name, length, "%s", DEVICE_NAME);
  return done("cuDeviceGetName", CUDA_SUCCESS);
}

EXPORT CUresult cuDeviceTotalMem_v2(size_t *bytes, CUdevice d) {
  DEVICE("cuDeviceTotalMem_v2", d);
  *bytes = memory_bytes();
  return done("cuDeviceTotalMem_v2", CUDA_SUCCESS);
}

EXPORT CUresult cuDeviceComputeCapability(int *major, int *minor, CUdevice d) {
  DEVICE("cuDeviceComputeCapability", d);
  *major = compute_capability() / 10;
  *minor = compute_capability() % 10;
  return done("cuDeviceComputeCapability", CUDA_SUCCESS);
}

EXPORT CUresult cuDeviceGetAttribute(int *value, int attribute, CUdevice d) {
  DEVICE("cuDeviceGetAttribute", d);
  int v;
  switch (attribute) {
    case 1: v = 1024; break;              /* MAX_THREADS_PER_BLOCK */
    case 2: case 3: v = 1024; break;      /* MAX_BLOCK_DIM_X, _Y */
    case 4: v = 64; break;                /* MAX_BLOCK_DIM_Z */
    case 5: v = 2147483647; break;        /* MAX_GRID_DIM_X */
    case 6: case 7: v = 65535; break;     /* MAX_GRID_DIM_Y, _Z */
    case 8: v = 48 * 1024; break;         /* MAX_SHARED_MEMORY_PER_BLOCK */
    case 10: v = 32; break;               /* WARP_SIZE */
    case 16: v = 1; break;                /* MULTIPROCESSOR_COUNT: one host thread per stream */
    case 41: v = 1; break;                /* UNIFIED_ADDRESSING */
    case 75: v = compute_capability() / 10; break;
    case 76: v = compute_capability() % 10; break;
    default: v = 0; break;
  }
  *value = v;
  return done("cuDeviceGetAttribute", CUDA_SUCCESS);
}

EXPORT CUresult cuDevicePrimaryCtxSetFlags_v2(CUdevice d, unsigned flags) {
  DEVICE("cuDevicePrimaryCtxSetFlags_v2", d);
  primary.flags = flags;
  fxemu_trace("cuDevicePrimaryCtxSetFlags_v2 %u", flags);
  return done("cuDevicePrimaryCtxSetFlags_v2", CUDA_SUCCESS);
}

EXPORT CUresult cuDevicePrimaryCtxGetState(CUdevice d, unsigned *flags, int *active) {
  DEVICE("cuDevicePrimaryCtxGetState", d);
  *flags = primary.flags;
  *active = primary.refs > 0;
  return done("cuDevicePrimaryCtxGetState", CUDA_SUCCESS);
}

EXPORT CUresult cuDevicePrimaryCtxRetain(void **pctx, CUdevice d) {
  DEVICE("cuDevicePrimaryCtxRetain", d);
  pthread_mutex_lock(&state);
  if (primary.refs++ == 0) {
    primary.sticky = 0;
  }
  pthread_mutex_unlock(&state);
  *pctx = &primary;
  fxemu_trace("cuDevicePrimaryCtxRetain %p refs %d", (void *)&primary, primary.refs);
  return done("cuDevicePrimaryCtxRetain", CUDA_SUCCESS);
}

EXPORT CUresult cuDevicePrimaryCtxRelease_v2(CUdevice d) {
  DEVICE("cuDevicePrimaryCtxRelease_v2", d);
  pthread_mutex_lock(&state);
  if (primary.refs == 0) {
    pthread_mutex_unlock(&state);
    return done("cuDevicePrimaryCtxRelease_v2", CUDA_ERROR_INVALID_CONTEXT);
  }
  int last = --primary.refs == 0;
  stream *streams[65];
  int n = 0;
  if (last) {
    fxemu_trace("context released with %d allocations (%zu bytes), %d streams, %d pinned buffers still live", allocation_count,
                used_bytes, primary.stream_count, pinned_count);
    for (int i = 0; i < primary.stream_count; i++) {
      streams[n++] = primary.streams[i];
    }
    if (primary.null_stream) {
      streams[n++] = primary.null_stream;
    }
    primary.stream_count = 0;
    primary.null_stream = NULL;
  }
  pthread_mutex_unlock(&state);
  for (int i = 0; i < n; i++) {
    destroy_stream(streams[i]);
  }
  return done("cuDevicePrimaryCtxRelease_v2", CUDA_SUCCESS);
}

EXPORT CUresult cuCtxSetCurrent(void *ctx) {
  ENTER("cuCtxSetCurrent");
  if (ctx != NULL && (ctx != &primary || primary.refs == 0)) {
    return done("cuCtxSetCurrent", CUDA_ERROR_INVALID_CONTEXT);
  }
  current = ctx;
  return done("cuCtxSetCurrent", CUDA_SUCCESS);
}

EXPORT CUresult cuCtxGetCurrent(void **pctx) {
  ENTER("cuCtxGetCurrent");
  if (!initialized) {
    return done("cuCtxGetCurrent", CUDA_ERROR_NOT_INITIALIZED);
  }
  *pctx = current;
  return done("cuCtxGetCurrent", CUDA_SUCCESS);
}

EXPORT CUresult cuCtxGetDevice(CUdevice *device) {
  CONTEXT("cuCtxGetDevice");
  *device = 0;
  return done("cuCtxGetDevice", CUDA_SUCCESS);
}

EXPORT CUresult cuCtxGetFlags(unsigned *flags) {
  CONTEXT("cuCtxGetFlags");
  *flags = primary.flags;
  return done("cuCtxGetFlags", CUDA_SUCCESS);
}

EXPORT CUresult cuCtxPushCurrent_v2(void *ctx) {
  /* One level is enough for the emulation: push makes current, pop clears. */
  return cuCtxSetCurrent(ctx);
}

EXPORT CUresult cuCtxPopCurrent_v2(void **pctx) {
  ENTER("cuCtxPopCurrent_v2");
  if (pctx) {
    *pctx = current;
  }
  current = NULL;
  return done("cuCtxPopCurrent_v2", CUDA_SUCCESS);
}

static const struct {
  int code;
  const char *name;
  const char *text;
} ERRORS[] = {
    {CUDA_SUCCESS, "CUDA_SUCCESS", "no error"},
    {CUDA_ERROR_INVALID_VALUE, "CUDA_ERROR_INVALID_VALUE", "invalid argument"},
    {CUDA_ERROR_OUT_OF_MEMORY, "CUDA_ERROR_OUT_OF_MEMORY", "out of memory"},
    {CUDA_ERROR_NOT_INITIALIZED, "CUDA_ERROR_NOT_INITIALIZED", "initialization error"},
    {CUDA_ERROR_NO_DEVICE, "CUDA_ERROR_NO_DEVICE", "no CUDA-capable device is detected"},
    {CUDA_ERROR_INVALID_DEVICE, "CUDA_ERROR_INVALID_DEVICE", "invalid device ordinal"},
    {CUDA_ERROR_INVALID_IMAGE, "CUDA_ERROR_INVALID_IMAGE", "device kernel image is invalid"},
    {CUDA_ERROR_INVALID_CONTEXT, "CUDA_ERROR_INVALID_CONTEXT", "invalid device context"},
    {CUDA_ERROR_SHARED_OBJECT_INIT_FAILED, "CUDA_ERROR_SHARED_OBJECT_INIT_FAILED", "shared object initialization failed"},
    {CUDA_ERROR_INVALID_HANDLE, "CUDA_ERROR_INVALID_HANDLE", "invalid resource handle"},
    {CUDA_ERROR_NOT_FOUND, "CUDA_ERROR_NOT_FOUND", "named symbol not found"},
    {CUDA_ERROR_NOT_READY, "CUDA_ERROR_NOT_READY", "device not ready"},
    {CUDA_ERROR_ILLEGAL_ADDRESS, "CUDA_ERROR_ILLEGAL_ADDRESS", "an illegal memory access was encountered"},
    {CUDA_ERROR_LAUNCH_FAILED, "CUDA_ERROR_LAUNCH_FAILED", "unspecified launch failure"},
    {CUDA_ERROR_NOT_SUPPORTED, "CUDA_ERROR_NOT_SUPPORTED", "operation not supported"},
    {CUDA_ERROR_UNKNOWN, "CUDA_ERROR_UNKNOWN", "unknown error"},
};

EXPORT CUresult cuGetErrorName(CUresult error, const char **text) {
  for (size_t i = 0; i < sizeof ERRORS / sizeof ERRORS[0]; i++) {
    if (ERRORS[i].code == error) {
      *text = ERRORS[i].name;
      return CUDA_SUCCESS;
    }
  }
  *text = NULL;
  return CUDA_ERROR_INVALID_VALUE;
}

EXPORT CUresult cuGetErrorString(CUresult error, const char **text) {
  for (size_t i = 0; i < sizeof ERRORS / sizeof ERRORS[0]; i++) {
    if (ERRORS[i].code == error) {
      *text = ERRORS[i].text;
      return CUDA_SUCCESS;
    }
  }
  *text = NULL;
  return CUDA_ERROR_INVALID_VALUE;
}
