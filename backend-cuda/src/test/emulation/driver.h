/*
 * libcuda.so.1 emulated on the host, in context.c, memory.c, streams.c and modules.c, which share
 * this header: the calls JCuda's driver bindings make for Fluxion (initialisation, one device, its
 * primary context, memory, pinned memory, streams, events, modules, launches). Every other symbol those bindings import is in stubs.c and fails with
 * CUDA_ERROR_NOT_SUPPORTED, saying so.
 *
 * What it checks, as a GPU would or more strictly:
 *  - every call but those that need none has a current context on the calling thread
 *    (CUDA_ERROR_INVALID_CONTEXT otherwise) and cuInit was called (CUDA_ERROR_NOT_INITIALIZED);
 *  - copies stay inside one allocation; kernel pointer arguments point into live device memory;
 *  - each allocation has 256-byte red zones before and after it; a kernel that writes into one
 *    fails with CUDA_ERROR_ILLEGAL_ADDRESS, and, as on a GPU, every later call of the context
 *    returns that error (a sticky error); barrier divergence fails with CUDA_ERROR_LAUNCH_FAILED;
 *  - new device memory is filled with 0xFF bytes (NaN, -1), so reading memory never written shows.
 *
 * The device (FLUXION_CUDA_EMULATION_* variables): DRIVER_VERSION (13000 = CUDA 13.0), CC (90 =
 * compute capability 9.0), MEMORY_MB (4096), DEVICES (1; 0 makes cuInit fail with
 * CUDA_ERROR_NO_DEVICE). Modules come from the emulated NVRTC (a marker naming a compiled host
 * module) or, for a prebuilt fatbin, from the CUDA source it was built from: the build's fatbins
 * and sources are copied to fatbins/ beside this library, and an image is matched byte for byte.
 */
#ifndef FXEMU_DRIVER_H
#define FXEMU_DRIVER_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "emulation.h"

typedef int CUresult;
typedef int CUdevice;
typedef unsigned long long CUdeviceptr;

#define EXPORT __attribute__((visibility("default")))
#define RED_ZONE 256
#define FILL 0xFF

typedef struct stream stream;
typedef struct module module;

typedef struct {
  int refs;            /* primary-context retains; 0: inactive */
  unsigned flags;      /* cuDevicePrimaryCtxSetFlags */
  volatile int sticky; /* the error of a failed kernel: every later call returns it */
  stream *null_stream;
  stream *streams[64];
  int stream_count;
} context;

typedef struct {
  uintptr_t base;
  size_t bytes;
  char *raw;
} allocation;

typedef struct {
  stream *s;
  unsigned long long seq;
  int recorded;
} event;

typedef struct {
  module *m;
  const fxemu_kernel_entry *entry;
} function;

struct module {
  fxemu_code code;
  function *functions;
  int count;
  char origin[128];
  module *next;
};

enum { OP_COPY, OP_FILL, OP_LAUNCH, OP_WAIT, OP_HOST };

/* One operation of a stream's queue. */
typedef struct op {
  int kind;
  unsigned long long seq;
  struct op *next;
  void *dst;
  const void *src;
  size_t bytes;
  void *owned; /* freed after the op ran: a staging copy, or a launch's parameters */
  unsigned value;
  int unit;
  fxemu_launch launch;
  event wait;
  void (*host)(void *);
  void *host_data;
} op;

/* context.c: the state every file shares (guarded by 'state'), and the checks each call makes. */
extern pthread_mutex_t state;
extern int initialized;
extern context primary;
extern __thread context *current;
extern module *modules;

size_t memory_bytes(void);
CUresult done(const char *call, CUresult result);
CUresult need_context(const char *call);

#define ENTER(call)                     \
  do {                                  \
    int injected_ = fxemu_inject(call); \
    if (injected_ != 0) {               \
      return done(call, injected_);     \
    }                                   \
  } while (0)

/* The checks of a call that works in a context: initialised, a context current on this thread, no sticky error. */
#define CONTEXT(call)                    \
  do {                                   \
    ENTER(call);                         \
    CUresult need_ = need_context(call); \
    if (need_ != CUDA_SUCCESS) {         \
      return done(call, need_);          \
    }                                    \
  } while (0)

/* memory.c: device allocations (state locked by the caller). */
allocation *find(uintptr_t p, size_t n);
long damaged(const allocation *a);
extern int allocation_count;
extern size_t used_bytes;
extern int pinned_count;

/* streams.c: queues run in order by a host thread, or by a thread that waits for them. */
stream *new_stream(unsigned flags);
void destroy_stream(stream *s);
stream *resolve(void *handle);
void enqueue(stream *s, op *o);
void wait_for(stream *s, unsigned long long seq);
void drain_all(void);

#endif
