/*
 * libcuda.so.1 emulated on the host: the calls JCuda's driver bindings make for Fluxion
 * (initialisation, one device, its primary context, memory, pinned memory, streams, events,
 * modules, launches). Every other symbol those bindings import is in stubs.c and fails with
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
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "emulation.h"

typedef int CUresult;
typedef int CUdevice;
typedef unsigned long long CUdeviceptr;

#define EXPORT __attribute__((visibility("default")))
#define RED_ZONE 256
#define FILL 0xFF

/* ------------------------------------------------------------------ state */

typedef struct stream stream;
typedef struct module module;

typedef struct {
  int refs;           /* primary-context retains; 0: inactive */
  unsigned flags;     /* cuDevicePrimaryCtxSetFlags */
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

struct stream;
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

static pthread_mutex_t state = PTHREAD_MUTEX_INITIALIZER;
static int initialized;
static context primary;
static __thread context *current;
static allocation *allocations;
static int allocation_count, allocation_capacity;
static size_t used_bytes;
static struct {
  char *p;
  size_t bytes;
} pinned[256];
static int pinned_count;
static module *modules;

static const char *DEVICE_NAME = "Fluxion CUDA emulation on the host (not a GPU)";

static int driver_version(void) { return (int)fxemu_env_long("FLUXION_CUDA_EMULATION_DRIVER_VERSION", 13000); }
static int compute_capability(void) { return (int)fxemu_env_long("FLUXION_CUDA_EMULATION_CC", 90); }
static size_t memory_bytes(void) { return (size_t)fxemu_env_long("FLUXION_CUDA_EMULATION_MEMORY_MB", 4096) << 20; }
static int device_count(void) { return (int)fxemu_env_long("FLUXION_CUDA_EMULATION_DEVICES", 1); }

static CUresult done(const char *call, CUresult result) {
  fxemu_trace("%s -> %d", call, result);
  return result;
}

#define ENTER(call)                          \
  do {                                       \
    int injected_ = fxemu_inject(call);      \
    if (injected_ != 0) {                    \
      return done(call, injected_);          \
    }                                        \
  } while (0)

/* The checks every call that works in a context makes: initialised, a context current here, no sticky error. */
static CUresult need_context(const char *call) {
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

#define CONTEXT(call)                        \
  do {                                       \
    ENTER(call);                             \
    CUresult need_ = need_context(call);     \
    if (need_ != CUDA_SUCCESS) {             \
      return done(call, need_);              \
    }                                        \
  } while (0)

/* ------------------------------------------------------------------ memory */

/* The allocation holding [p, p + n) (n = 0: p may be its end), or NULL; state is locked. */
static allocation *find(uintptr_t p, size_t n) {
  int lo = 0, hi = allocation_count - 1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    if (allocations[mid].base > p) {
      hi = mid - 1;
    } else if (allocations[mid].base + allocations[mid].bytes < p) {
      lo = mid + 1;
    } else {
      allocation *a = &allocations[mid];
      return p + n <= a->base + a->bytes ? a : NULL;
    }
  }
  return NULL;
}

static int is_pinned(const void *p, size_t n) {
  for (int i = 0; i < pinned_count; i++) {
    if ((const char *)p >= pinned[i].p && (const char *)p + n <= pinned[i].p + pinned[i].bytes) {
      return 1;
    }
  }
  return 0;
}

/* The offset from the allocation's base of the first red-zone byte a kernel changed, or 0. */
static long damaged(const allocation *a) {
  const unsigned char *before = (const unsigned char *)a->base - RED_ZONE;
  const unsigned char *after = (const unsigned char *)a->base + a->bytes;
  for (int i = 0; i < RED_ZONE; i++) {
    if (before[i] != 0xFD) {
      return i - RED_ZONE;
    }
    if (after[i] != 0xFD) {
      return (long)a->bytes + i;
    }
  }
  return 0;
}

EXPORT CUresult cuMemAlloc_v2(CUdeviceptr *dptr, size_t bytes) {
  CONTEXT("cuMemAlloc_v2");
  if (dptr == NULL || bytes == 0) {
    return done("cuMemAlloc_v2", CUDA_ERROR_INVALID_VALUE);
  }
  pthread_mutex_lock(&state);
  if (used_bytes + bytes > memory_bytes()) {
    pthread_mutex_unlock(&state);
    fxemu_trace("cuMemAlloc_v2 %zu bytes: %zu of %zu in use", bytes, used_bytes, memory_bytes());
    return done("cuMemAlloc_v2", CUDA_ERROR_OUT_OF_MEMORY);
  }
  size_t payload = (bytes + 255) / 256 * 256;
  char *raw = aligned_alloc(256, RED_ZONE + payload + RED_ZONE);
  if (raw == NULL) {
    pthread_mutex_unlock(&state);
    return done("cuMemAlloc_v2", CUDA_ERROR_OUT_OF_MEMORY);
  }
  memset(raw, 0xFD, RED_ZONE);
  memset(raw + RED_ZONE, FILL, bytes);
  memset(raw + RED_ZONE + bytes, 0xFD, RED_ZONE + payload - bytes);
  if (allocation_count == allocation_capacity) {
    allocation_capacity = allocation_capacity ? 2 * allocation_capacity : 256;
    allocations = realloc(allocations, allocation_capacity * sizeof *allocations);
  }
  uintptr_t base = (uintptr_t)(raw + RED_ZONE);
  int at = allocation_count;
  while (at > 0 && allocations[at - 1].base > base) {
    at--;
  }
  memmove(&allocations[at + 1], &allocations[at], (allocation_count - at) * sizeof *allocations);
  allocations[at] = (allocation){base, bytes, raw};
  allocation_count++;
  used_bytes += bytes;
  pthread_mutex_unlock(&state);
  *dptr = base;
  fxemu_trace("cuMemAlloc_v2 %zu bytes at %#lx", bytes, (unsigned long)base);
  return done("cuMemAlloc_v2", CUDA_SUCCESS);
}

EXPORT CUresult cuMemFree_v2(CUdeviceptr dptr) {
  CONTEXT("cuMemFree_v2");
  pthread_mutex_lock(&state);
  allocation *a = find(dptr, 0);
  if (a == NULL || a->base != dptr) {
    pthread_mutex_unlock(&state);
    fxemu_report("cuMemFree_v2 of %#llx, which is not the start of an allocation", dptr);
    return done("cuMemFree_v2", CUDA_ERROR_INVALID_VALUE);
  }
  long bad = damaged(a);
  if (bad != 0) {
    fxemu_report("cuMemFree_v2: the red zone of allocation %#llx (%zu bytes) was written at byte %ld", dptr, a->bytes, bad);
  }
  free(a->raw);
  used_bytes -= a->bytes;
  int i = (int)(a - allocations);
  memmove(&allocations[i], &allocations[i + 1], (allocation_count - i - 1) * sizeof *allocations);
  allocation_count--;
  pthread_mutex_unlock(&state);
  fxemu_trace("cuMemFree_v2 %#llx", dptr);
  return done("cuMemFree_v2", bad != 0 ? CUDA_ERROR_ILLEGAL_ADDRESS : CUDA_SUCCESS);
}

EXPORT CUresult cuMemGetInfo_v2(size_t *free_bytes, size_t *total) {
  CONTEXT("cuMemGetInfo_v2");
  pthread_mutex_lock(&state);
  *free_bytes = memory_bytes() - used_bytes;
  *total = memory_bytes();
  pthread_mutex_unlock(&state);
  return done("cuMemGetInfo_v2", CUDA_SUCCESS);
}

EXPORT CUresult cuMemAllocHost_v2(void **pp, size_t bytes) {
  CONTEXT("cuMemAllocHost_v2");
  if (pp == NULL || bytes == 0) {
    return done("cuMemAllocHost_v2", CUDA_ERROR_INVALID_VALUE);
  }
  pthread_mutex_lock(&state);
  char *p = pinned_count < 256 ? aligned_alloc(4096, (bytes + 4095) / 4096 * 4096) : NULL;
  if (p != NULL) {
    pinned[pinned_count].p = p;
    pinned[pinned_count].bytes = bytes;
    pinned_count++;
  }
  pthread_mutex_unlock(&state);
  *pp = p;
  return done("cuMemAllocHost_v2", p ? CUDA_SUCCESS : CUDA_ERROR_OUT_OF_MEMORY);
}

EXPORT CUresult cuMemFreeHost(void *p) {
  CONTEXT("cuMemFreeHost");
  pthread_mutex_lock(&state);
  for (int i = 0; i < pinned_count; i++) {
    if (pinned[i].p == p) {
      free(p);
      pinned[i] = pinned[--pinned_count];
      pthread_mutex_unlock(&state);
      return done("cuMemFreeHost", CUDA_SUCCESS);
    }
  }
  pthread_mutex_unlock(&state);
  fxemu_report("cuMemFreeHost of %p, which cuMemAllocHost did not return", p);
  return done("cuMemFreeHost", CUDA_ERROR_INVALID_VALUE);
}

/* ------------------------------------------------------------------ streams and events */

enum { OP_COPY, OP_FILL, OP_LAUNCH, OP_WAIT, OP_HOST };

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

struct stream {
  pthread_t thread;
  pthread_mutex_t lock;
  pthread_cond_t changed;
  op *head, *tail;
  unsigned long long enqueued, completed;
  int busy; /* an op is running (on the worker or a waiting thread) */
  int stop;
  unsigned flags;
};

static void wait_event(const event *e);

/* After a kernel: a red zone of an allocation it was given that it wrote into makes the context's error sticky. */
static void check_red_zones(const fxemu_launch *l) {
  pthread_mutex_lock(&state);
  for (int i = 0; i < l->kernel->arity; i++) {
    if (!l->kernel->pointers[i]) {
      continue;
    }
    uintptr_t p = *(uintptr_t *)l->params[i];
    allocation *a = p ? find(p, 0) : NULL;
    long bad = a ? damaged(a) : 0;
    if (bad != 0) {
      fxemu_report("kernel %s wrote outside allocation %#lx (%zu bytes) of its argument %d, at byte %ld: "
                   "an illegal address on a GPU",
                   l->kernel->name, (unsigned long)a->base, a->bytes, i, bad);
      memset((char *)a->base - RED_ZONE, 0xFD, RED_ZONE);
      memset((char *)a->base + a->bytes, 0xFD, RED_ZONE);
      primary.sticky = CUDA_ERROR_ILLEGAL_ADDRESS;
    }
  }
  pthread_mutex_unlock(&state);
}

static void execute(op *o) {
  switch (o->kind) {
    case OP_COPY:
      memcpy(o->dst, o->src, o->bytes);
      break;
    case OP_FILL:
      for (size_t i = 0; i < o->bytes; i += o->unit) {
        memcpy((char *)o->dst + i, &o->value, o->unit);
      }
      break;
    case OP_LAUNCH: {
      char why[512];
      if (fxemu_run_launch(&o->launch, why, sizeof why) != 0) {
        fxemu_report("%s", why);
        primary.sticky = CUDA_ERROR_LAUNCH_FAILED;
      } else {
        check_red_zones(&o->launch);
      }
      break;
    }
    case OP_WAIT:
      wait_event(&o->wait);
      break;
    case OP_HOST:
      o->host(o->host_data);
      break;
  }
}

/*
 * Runs the op at the head of the queue (the lock held on entry and on return); the worker thread
 * does this in the background, and a thread that waits for the stream does it too rather than
 * sleeping (no thread switch per wait; ops still run one at a time, in order).
 */
static void run_head(stream *s) {
  op *o = s->head;
  s->busy = 1;
  pthread_mutex_unlock(&s->lock);
  if (primary.sticky == 0) {
    execute(o); /* after a failed kernel nothing more runs, as on a GPU */
  }
  pthread_mutex_lock(&s->lock);
  s->busy = 0;
  s->head = o->next;
  if (s->head == NULL) {
    s->tail = NULL;
  }
  s->completed = o->seq;
  pthread_cond_broadcast(&s->changed);
  free(o->owned);
  free(o);
}

static void *worker(void *arg) {
  stream *s = arg;
  pthread_mutex_lock(&s->lock);
  for (;;) {
    while ((s->head == NULL || s->busy) && !s->stop) {
      pthread_cond_wait(&s->changed, &s->lock);
    }
    if (s->head == NULL) {
      break;
    }
    if (!s->busy) {
      run_head(s);
    }
  }
  pthread_mutex_unlock(&s->lock);
  return NULL;
}

static stream *new_stream(unsigned flags) {
  stream *s = calloc(1, sizeof *s);
  pthread_mutex_init(&s->lock, NULL);
  pthread_cond_init(&s->changed, NULL);
  s->flags = flags;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, 8 << 20);
  pthread_create(&s->thread, &attr, worker, s);
  pthread_attr_destroy(&attr);
  return s;
}

static void enqueue(stream *s, op *o) {
  pthread_mutex_lock(&s->lock);
  o->seq = ++s->enqueued;
  if (s->tail) {
    s->tail->next = o;
  } else {
    s->head = o;
  }
  s->tail = o;
  pthread_cond_broadcast(&s->changed);
  pthread_mutex_unlock(&s->lock);
}

static void wait_for(stream *s, unsigned long long seq) {
  pthread_mutex_lock(&s->lock);
  while (s->completed < seq) {
    if (s->head != NULL && !s->busy) {
      run_head(s);
    } else {
      pthread_cond_wait(&s->changed, &s->lock);
    }
  }
  pthread_mutex_unlock(&s->lock);
}

static void drain(stream *s) {
  pthread_mutex_lock(&s->lock);
  unsigned long long last = s->enqueued;
  pthread_mutex_unlock(&s->lock);
  wait_for(s, last);
}

static void wait_event(const event *e) {
  if (e->recorded) {
    wait_for(e->s, e->seq);
  }
}

static void destroy_stream(stream *s) {
  drain(s);
  pthread_mutex_lock(&s->lock);
  s->stop = 1;
  pthread_cond_broadcast(&s->changed);
  pthread_mutex_unlock(&s->lock);
  pthread_join(s->thread, NULL);
  pthread_mutex_destroy(&s->lock);
  pthread_cond_destroy(&s->changed);
  free(s);
}

/* The stream a call names: NULL is the context's default stream; an unknown one is refused. */
static stream *resolve(void *handle) {
  pthread_mutex_lock(&state);
  stream *s = NULL;
  if (handle == NULL) {
    if (primary.null_stream == NULL) {
      primary.null_stream = new_stream(0);
    }
    s = primary.null_stream;
  } else {
    for (int i = 0; i < primary.stream_count; i++) {
      if (primary.streams[i] == handle) {
        s = handle;
      }
    }
  }
  pthread_mutex_unlock(&state);
  return s;
}

static void drain_all(void) {
  pthread_mutex_lock(&state);
  stream *all[65];
  int n = 0;
  for (int i = 0; i < primary.stream_count; i++) {
    all[n++] = primary.streams[i];
  }
  if (primary.null_stream) {
    all[n++] = primary.null_stream;
  }
  pthread_mutex_unlock(&state);
  for (int i = 0; i < n; i++) {
    drain(all[i]);
  }
}

EXPORT CUresult cuStreamCreate(void **phStream, unsigned flags) {
  CONTEXT("cuStreamCreate");
  pthread_mutex_lock(&state);
  if (primary.stream_count == 64) {
    pthread_mutex_unlock(&state);
    return done("cuStreamCreate", CUDA_ERROR_OUT_OF_MEMORY);
  }
  stream *s = new_stream(flags);
  primary.streams[primary.stream_count++] = s;
  pthread_mutex_unlock(&state);
  *phStream = s;
  fxemu_trace("cuStreamCreate %p flags %u", (void *)s, flags);
  return done("cuStreamCreate", CUDA_SUCCESS);
}

EXPORT CUresult cuStreamDestroy_v2(void *hStream) {
  CONTEXT("cuStreamDestroy_v2");
  pthread_mutex_lock(&state);
  int found = -1;
  for (int i = 0; i < primary.stream_count; i++) {
    if (primary.streams[i] == hStream) {
      found = i;
    }
  }
  if (found >= 0) {
    primary.streams[found] = primary.streams[--primary.stream_count];
  }
  pthread_mutex_unlock(&state);
  if (found < 0) {
    return done("cuStreamDestroy_v2", CUDA_ERROR_INVALID_HANDLE);
  }
  destroy_stream(hStream);
  fxemu_trace("cuStreamDestroy_v2 %p", hStream);
  return done("cuStreamDestroy_v2", CUDA_SUCCESS);
}

EXPORT CUresult cuStreamSynchronize(void *hStream) {
  CONTEXT("cuStreamSynchronize");
  stream *s = resolve(hStream);
  if (s == NULL) {
    return done("cuStreamSynchronize", CUDA_ERROR_INVALID_HANDLE);
  }
  drain(s);
  return done("cuStreamSynchronize", primary.sticky);
}

EXPORT CUresult cuStreamQuery(void *hStream) {
  CONTEXT("cuStreamQuery");
  stream *s = resolve(hStream);
  if (s == NULL) {
    return done("cuStreamQuery", CUDA_ERROR_INVALID_HANDLE);
  }
  pthread_mutex_lock(&s->lock);
  int idle = s->completed == s->enqueued;
  pthread_mutex_unlock(&s->lock);
  return done("cuStreamQuery", primary.sticky ? primary.sticky : idle ? CUDA_SUCCESS : CUDA_ERROR_NOT_READY);
}

EXPORT CUresult cuCtxSynchronize(void) {
  CONTEXT("cuCtxSynchronize");
  drain_all();
  return done("cuCtxSynchronize", primary.sticky);
}

EXPORT CUresult cuEventCreate(void **phEvent, unsigned flags) {
  CONTEXT("cuEventCreate");
  event *e = calloc(1, sizeof *e);
  *phEvent = e;
  fxemu_trace("cuEventCreate %p flags %u", (void *)e, flags);
  return done("cuEventCreate", CUDA_SUCCESS);
}

EXPORT CUresult cuEventDestroy_v2(void *hEvent) {
  CONTEXT("cuEventDestroy_v2");
  if (hEvent == NULL) {
    return done("cuEventDestroy_v2", CUDA_ERROR_INVALID_HANDLE);
  }
  free(hEvent);
  return done("cuEventDestroy_v2", CUDA_SUCCESS);
}

EXPORT CUresult cuEventRecord(void *hEvent, void *hStream) {
  CONTEXT("cuEventRecord");
  stream *s = resolve(hStream);
  if (s == NULL || hEvent == NULL) {
    return done("cuEventRecord", CUDA_ERROR_INVALID_HANDLE);
  }
  event *e = hEvent;
  pthread_mutex_lock(&s->lock);
  e->s = s;
  e->seq = s->enqueued;
  e->recorded = 1;
  pthread_mutex_unlock(&s->lock);
  return done("cuEventRecord", CUDA_SUCCESS);
}

EXPORT CUresult cuEventSynchronize(void *hEvent) {
  CONTEXT("cuEventSynchronize");
  if (hEvent == NULL) {
    return done("cuEventSynchronize", CUDA_ERROR_INVALID_HANDLE);
  }
  wait_event(hEvent);
  return done("cuEventSynchronize", primary.sticky);
}

EXPORT CUresult cuEventQuery(void *hEvent) {
  CONTEXT("cuEventQuery");
  event *e = hEvent;
  if (e == NULL) {
    return done("cuEventQuery", CUDA_ERROR_INVALID_HANDLE);
  }
  int complete = 1;
  if (e->recorded) {
    pthread_mutex_lock(&e->s->lock);
    complete = e->s->completed >= e->seq;
    pthread_mutex_unlock(&e->s->lock);
  }
  return done("cuEventQuery", primary.sticky ? primary.sticky : complete ? CUDA_SUCCESS : CUDA_ERROR_NOT_READY);
}

EXPORT CUresult cuEventElapsedTime(float *ms, void *start, void *end) {
  (void)ms, (void)start, (void)end;
  fxemu_report("cuEventElapsedTime: the emulation has no device time to report");
  return done("cuEventElapsedTime", CUDA_ERROR_NOT_SUPPORTED);
}

EXPORT CUresult cuStreamWaitEvent(void *hStream, void *hEvent, unsigned flags) {
  (void)flags;
  CONTEXT("cuStreamWaitEvent");
  stream *s = resolve(hStream);
  if (s == NULL || hEvent == NULL) {
    return done("cuStreamWaitEvent", CUDA_ERROR_INVALID_HANDLE);
  }
  op *o = calloc(1, sizeof *o);
  o->kind = OP_WAIT;
  o->wait = *(event *)hEvent;
  enqueue(s, o);
  return done("cuStreamWaitEvent", CUDA_SUCCESS);
}

EXPORT CUresult cuLaunchHostFunc(void *hStream, void (*fn)(void *), void *data) {
  CONTEXT("cuLaunchHostFunc");
  stream *s = resolve(hStream);
  if (s == NULL || fn == NULL) {
    return done("cuLaunchHostFunc", CUDA_ERROR_INVALID_VALUE);
  }
  op *o = calloc(1, sizeof *o);
  o->kind = OP_HOST;
  o->host = fn;
  o->host_data = data;
  enqueue(s, o);
  return done("cuLaunchHostFunc", CUDA_SUCCESS);
}

/* ------------------------------------------------------------------ copies */

/* Checks a device range; reports and returns non-zero when it is not inside one allocation. */
static int bad_range(const char *call, CUdeviceptr p, size_t bytes) {
  pthread_mutex_lock(&state);
  allocation *a = find(p, bytes);
  pthread_mutex_unlock(&state);
  if (a == NULL) {
    fxemu_report("%s: device range [%#llx, +%zu) is not inside one allocation", call, p, bytes);
    return 1;
  }
  return 0;
}

enum { TO_DEVICE, FROM_DEVICE, ON_DEVICE };

/* Queues a copy; pageable host memory is staged (to the device) or waited for (from it), as CUDA does. */
static CUresult copy(const char *call, void *dst, const void *src, size_t bytes, void *hStream, int direction, int synchronous) {
  stream *s = resolve(hStream);
  if (s == NULL) {
    return done(call, CUDA_ERROR_INVALID_HANDLE);
  }
  op *o = calloc(1, sizeof *o);
  o->kind = OP_COPY;
  o->dst = dst;
  o->src = src;
  o->bytes = bytes;
  int pageable = direction != ON_DEVICE && !is_pinned(direction == TO_DEVICE ? src : dst, bytes);
  if (direction == TO_DEVICE && pageable && !synchronous) {
    o->owned = malloc(bytes ? bytes : 1);
    memcpy(o->owned, src, bytes);
    o->src = o->owned;
  }
  enqueue(s, o);
  if (synchronous || (direction == FROM_DEVICE && pageable)) {
    wait_for(s, o->seq);
  }
  return done(call, primary.sticky);
}

EXPORT CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr dst, const void *src, size_t bytes, void *hStream) {
  CONTEXT("cuMemcpyHtoDAsync_v2");
  if (bad_range("cuMemcpyHtoDAsync_v2", dst, bytes)) {
    return done("cuMemcpyHtoDAsync_v2", CUDA_ERROR_INVALID_VALUE);
  }
  return copy("cuMemcpyHtoDAsync_v2", (void *)dst, src, bytes, hStream, TO_DEVICE, 0);
}

EXPORT CUresult cuMemcpyDtoHAsync_v2(void *dst, CUdeviceptr src, size_t bytes, void *hStream) {
  CONTEXT("cuMemcpyDtoHAsync_v2");
  if (bad_range("cuMemcpyDtoHAsync_v2", src, bytes)) {
    return done("cuMemcpyDtoHAsync_v2", CUDA_ERROR_INVALID_VALUE);
  }
  return copy("cuMemcpyDtoHAsync_v2", dst, (const void *)src, bytes, hStream, FROM_DEVICE, 0);
}

EXPORT CUresult cuMemcpyDtoDAsync_v2(CUdeviceptr dst, CUdeviceptr src, size_t bytes, void *hStream) {
  CONTEXT("cuMemcpyDtoDAsync_v2");
  if (bad_range("cuMemcpyDtoDAsync_v2", dst, bytes) || bad_range("cuMemcpyDtoDAsync_v2", src, bytes)) {
    return done("cuMemcpyDtoDAsync_v2", CUDA_ERROR_INVALID_VALUE);
  }
  return copy("cuMemcpyDtoDAsync_v2", (void *)dst, (const void *)src, bytes, hStream, ON_DEVICE, 0);
}

EXPORT CUresult cuMemcpyHtoD_v2(CUdeviceptr dst, const void *src, size_t bytes) {
  CONTEXT("cuMemcpyHtoD_v2");
  if (bad_range("cuMemcpyHtoD_v2", dst, bytes)) {
    return done("cuMemcpyHtoD_v2", CUDA_ERROR_INVALID_VALUE);
  }
  return copy("cuMemcpyHtoD_v2", (void *)dst, src, bytes, NULL, TO_DEVICE, 1);
}

EXPORT CUresult cuMemcpyDtoH_v2(void *dst, CUdeviceptr src, size_t bytes) {
  CONTEXT("cuMemcpyDtoH_v2");
  if (bad_range("cuMemcpyDtoH_v2", src, bytes)) {
    return done("cuMemcpyDtoH_v2", CUDA_ERROR_INVALID_VALUE);
  }
  return copy("cuMemcpyDtoH_v2", dst, (const void *)src, bytes, NULL, FROM_DEVICE, 1);
}

EXPORT CUresult cuMemcpyDtoD_v2(CUdeviceptr dst, CUdeviceptr src, size_t bytes) {
  CONTEXT("cuMemcpyDtoD_v2");
  if (bad_range("cuMemcpyDtoD_v2", dst, bytes) || bad_range("cuMemcpyDtoD_v2", src, bytes)) {
    return done("cuMemcpyDtoD_v2", CUDA_ERROR_INVALID_VALUE);
  }
  return copy("cuMemcpyDtoD_v2", (void *)dst, (const void *)src, bytes, NULL, ON_DEVICE, 1);
}

static CUresult fill(const char *call, CUdeviceptr dst, unsigned value, int unit, size_t count, void *hStream, int synchronous) {
  CONTEXT(call);
  if (bad_range(call, dst, count * unit)) {
    return done(call, CUDA_ERROR_INVALID_VALUE);
  }
  stream *s = resolve(hStream);
  if (s == NULL) {
    return done(call, CUDA_ERROR_INVALID_HANDLE);
  }
  op *o = calloc(1, sizeof *o);
  o->kind = OP_FILL;
  o->dst = (void *)dst;
  o->bytes = count * unit;
  o->value = value;
  o->unit = unit;
  enqueue(s, o);
  if (synchronous) {
    wait_for(s, o->seq);
  }
  return done(call, primary.sticky);
}

EXPORT CUresult cuMemsetD8_v2(CUdeviceptr d, unsigned char v, size_t n) { return fill("cuMemsetD8_v2", d, v, 1, n, NULL, 1); }
EXPORT CUresult cuMemsetD32_v2(CUdeviceptr d, unsigned v, size_t n) { return fill("cuMemsetD32_v2", d, v, 4, n, NULL, 1); }
EXPORT CUresult cuMemsetD8Async(CUdeviceptr d, unsigned char v, size_t n, void *s) { return fill("cuMemsetD8Async", d, v, 1, n, s, 0); }
EXPORT CUresult cuMemsetD32Async(CUdeviceptr d, unsigned v, size_t n, void *s) { return fill("cuMemsetD32Async", d, v, 4, n, s, 0); }

/* ------------------------------------------------------------------ modules and launches */

static char *read_all(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    return NULL;
  }
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *data = malloc(n + 1);
  size_t got = fread(data, 1, n, f);
  fclose(f);
  data[got] = 0;
  *size = got;
  return data;
}

/* The host module for a fatbin of the build: the .cu beside the fatbins/ file with these exact bytes. */
static char *module_for_fatbin(const unsigned char *image, char *origin, size_t origin_size) {
  size_t size = (size_t)(image[6] | image[7] << 8) + *(const unsigned long long *)(image + 8);
  char dir[PATH_MAX];
  snprintf(dir, sizeof dir, "%s/fatbins", fxemu_dir());
  DIR *d = opendir(dir);
  if (d == NULL) {
    fxemu_report("cuModuleLoadData: a fatbin, but the emulation has no %s to find its CUDA source in", dir);
    return NULL;
  }
  char *result = NULL;
  int matched = 0;
  for (struct dirent *e; !matched && (e = readdir(d)) != NULL;) {
    size_t len = strlen(e->d_name);
    if (len < 8 || strcmp(e->d_name + len - 7, ".fatbin") != 0) {
      continue;
    }
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    struct stat st;
    if (stat(path, &st) != 0 || (size_t)st.st_size != size) {
      continue;
    }
    size_t n;
    char *bytes = read_all(path, &n);
    if (bytes && n == size && memcmp(bytes, image, size) == 0) {
      matched = 1;
      char program[256];
      snprintf(program, sizeof program, "%.*s", (int)(len - 7), e->d_name);
      snprintf(path, sizeof path, "%s/%s.cu", dir, program);
      char *source = read_all(path, &n);
      if (source == NULL) {
        fxemu_report("cuModuleLoadData: fatbin %s has no source %s", e->d_name, path);
      } else {
        char *log;
        result = fxemu_compile(source, program, &log);
        if (result == NULL) {
          fxemu_report("cuModuleLoadData: the CUDA source of fatbin %s does not compile as host C++:\n%s", e->d_name, log);
        }
        snprintf(origin, origin_size, "%s (prebuilt fatbin)", program);
        free(log);
        free(source);
      }
    }
    free(bytes);
  }
  closedir(d);
  if (!matched) {
    fxemu_report("cuModuleLoadData: a fatbin of %zu bytes that is not among the build's fatbins in %s", size, dir);
  }
  return result;
}

static CUresult load(const char *call, module **out, const void *image) {
  const unsigned char *bytes = image;
  char origin[128] = "";
  char *path = NULL;
  if (strncmp(image, FXEMU_MODULE_MARKER, strlen(FXEMU_MODULE_MARKER)) == 0) {
    const char *p = (const char *)image + strlen(FXEMU_MODULE_MARKER);
    size_t n = strcspn(p, "\n");
    path = strndup(p, n);
    snprintf(origin, sizeof origin, "NVRTC (emulated)");
  } else if (bytes[0] == 0x50 && bytes[1] == 0xED && bytes[2] == 0x55 && bytes[3] == 0xBA) {
    path = module_for_fatbin(bytes, origin, sizeof origin);
    if (path == NULL) {
      return CUDA_ERROR_INVALID_IMAGE;
    }
  } else {
    fxemu_report("%s: the image is %s, which the emulation cannot run (it runs CUDA source only)", call,
                 bytes[0] == 0x7f && bytes[1] == 'E' ? "a cubin" : "PTX or unknown");
    return CUDA_ERROR_NOT_SUPPORTED;
  }
  void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (handle == NULL) {
    fxemu_report("%s: cannot open module %s: %s", call, path, dlerror());
    free(path);
    return CUDA_ERROR_SHARED_OBJECT_INIT_FAILED;
  }
  free(path);
  module *m = calloc(1, sizeof *m);
  m->code.handle = handle;
  m->code.kernels = dlsym(handle, "fxemu_kernels");
  m->code.set_block = (void (*)(const unsigned *, const unsigned *, const unsigned *))dlsym(handle, "fxemu_set_block");
  m->code.set_thread = (void (*)(const unsigned *))dlsym(handle, "fxemu_set_thread");
  void (*bind)(void (*)(void)) = (void (*)(void (*)(void)))dlsym(handle, "fxemu_bind");
  if (m->code.kernels == NULL || m->code.set_block == NULL || m->code.set_thread == NULL || bind == NULL) {
    dlclose(handle);
    free(m);
    return CUDA_ERROR_INVALID_IMAGE;
  }
  bind(fxemu_syncthreads);
  while (m->code.kernels[m->count].name) {
    m->count++;
  }
  m->functions = calloc(m->count + 1, sizeof *m->functions);
  for (int i = 0; i < m->count; i++) {
    m->functions[i] = (function){m, &m->code.kernels[i]};
  }
  snprintf(m->origin, sizeof m->origin, "%s", origin);
  pthread_mutex_lock(&state);
  m->next = modules;
  modules = m;
  pthread_mutex_unlock(&state);
  *out = m;
  fxemu_trace("%s %p: %d kernels from %s", call, (void *)m, m->count, origin);
  return CUDA_SUCCESS;
}

EXPORT CUresult cuModuleLoadData(void **module_out, const void *image) {
  CONTEXT("cuModuleLoadData");
  if (module_out == NULL || image == NULL) {
    return done("cuModuleLoadData", CUDA_ERROR_INVALID_VALUE);
  }
  return done("cuModuleLoadData", load("cuModuleLoadData", (module **)module_out, image));
}

EXPORT CUresult cuModuleLoadDataEx(void **module_out, const void *image, unsigned n, void *options, void **values) {
  (void)n, (void)options, (void)values;
  CONTEXT("cuModuleLoadDataEx");
  if (module_out == NULL || image == NULL) {
    return done("cuModuleLoadDataEx", CUDA_ERROR_INVALID_VALUE);
  }
  return done("cuModuleLoadDataEx", load("cuModuleLoadDataEx", (module **)module_out, image));
}

EXPORT CUresult cuModuleUnload(void *hmod) {
  CONTEXT("cuModuleUnload");
  pthread_mutex_lock(&state);
  module **at = &modules;
  while (*at && *at != hmod) {
    at = &(*at)->next;
  }
  module *m = *at;
  if (m) {
    *at = m->next;
  }
  pthread_mutex_unlock(&state);
  if (m == NULL) {
    return done("cuModuleUnload", CUDA_ERROR_INVALID_HANDLE);
  }
  drain_all(); /* queued launches may still use its code */
  dlclose(m->code.handle);
  free(m->functions);
  free(m);
  return done("cuModuleUnload", CUDA_SUCCESS);
}

EXPORT CUresult cuModuleGetFunction(void **hfunc, void *hmod, const char *name) {
  CONTEXT("cuModuleGetFunction");
  module *m = hmod;
  for (int i = 0; m && i < m->count; i++) {
    if (strcmp(m->functions[i].entry->name, name) == 0) {
      *hfunc = &m->functions[i];
      return done("cuModuleGetFunction", CUDA_SUCCESS);
    }
  }
  fxemu_report("cuModuleGetFunction: no kernel %s in the module", name);
  return done("cuModuleGetFunction", m ? CUDA_ERROR_NOT_FOUND : CUDA_ERROR_INVALID_HANDLE);
}

EXPORT CUresult cuFuncGetAttribute(int *value, int attribute, void *hfunc) {
  CONTEXT("cuFuncGetAttribute");
  if (value == NULL || hfunc == NULL) {
    return done("cuFuncGetAttribute", CUDA_ERROR_INVALID_VALUE);
  }
  *value = attribute == 0 ? 1024 : 0; /* CU_FUNC_ATTRIBUTE_MAX_THREADS_PER_BLOCK */
  return done("cuFuncGetAttribute", CUDA_SUCCESS);
}

static int live_function(const function *f) {
  int live = 0;
  pthread_mutex_lock(&state);
  for (module *m = modules; m && !live; m = m->next) {
    live = f >= m->functions && f < m->functions + m->count;
  }
  pthread_mutex_unlock(&state);
  return live;
}

EXPORT CUresult cuLaunchKernel(void *f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                               unsigned shared, void *hStream, void **params, void **extra) {
  CONTEXT("cuLaunchKernel");
  function *fn = f;
  if (fn == NULL || !live_function(fn)) {
    return done("cuLaunchKernel", CUDA_ERROR_INVALID_HANDLE);
  }
  const fxemu_kernel_entry *k = fn->entry;
  if (gx == 0 || gy == 0 || gz == 0 || bx == 0 || by == 0 || bz == 0 || (unsigned long)bx * by * bz > 1024 || bz > 64
      || gy > 65535 || gz > 65535 || gx > 2147483647u || shared > 48 * 1024) {
    fxemu_report("cuLaunchKernel(%s): grid (%u, %u, %u) of blocks (%u, %u, %u) with %u bytes of dynamic shared memory is "
                 "beyond the device's limits",
                 k->name, gx, gy, gz, bx, by, bz, shared);
    return done("cuLaunchKernel", CUDA_ERROR_INVALID_VALUE);
  }
  if (extra != NULL || (params == NULL && k->arity > 0)) {
    fxemu_report("cuLaunchKernel(%s): parameters must come as kernelParams", k->name);
    return done("cuLaunchKernel", CUDA_ERROR_INVALID_VALUE);
  }
  stream *s = resolve(hStream);
  if (s == NULL) {
    return done("cuLaunchKernel", CUDA_ERROR_INVALID_HANDLE);
  }
  size_t total = 0;
  for (int i = 0; i < k->arity; i++) {
    total += (k->sizes[i] + 15) / 16 * 16;
  }
  op *o = calloc(1, sizeof *o);
  o->kind = OP_LAUNCH;
  o->owned = malloc(k->arity * sizeof(void *) + total + 16);
  void **copies = o->owned;
  char *values = (char *)(copies + k->arity);
  values = (char *)(((uintptr_t)values + 15) / 16 * 16);
  for (int i = 0; i < k->arity; i++) {
    memcpy(values, params[i], k->sizes[i]);
    copies[i] = values;
    if (k->pointers[i]) {
      uintptr_t p = *(uintptr_t *)values;
      pthread_mutex_lock(&state);
      allocation *a = p ? find(p, 0) : NULL;
      pthread_mutex_unlock(&state);
      if (p != 0 && a == NULL) {
        fxemu_report("cuLaunchKernel(%s): argument %d is %#lx, which is not in device memory", k->name, i, (unsigned long)p);
        free(o->owned);
        free(o);
        return done("cuLaunchKernel", CUDA_ERROR_INVALID_VALUE);
      }
    }
    values += (k->sizes[i] + 15) / 16 * 16;
  }
  o->launch = (fxemu_launch){&fn->m->code, k, {gx, gy, gz}, {bx, by, bz}, copies};
  enqueue(s, o);
  if (fxemu_tracing()) {
    fxemu_trace("cuLaunchKernel %s grid (%u, %u, %u) block (%u, %u, %u)", k->name, gx, gy, gz, bx, by, bz);
  }
  return done("cuLaunchKernel", CUDA_SUCCESS);
}

/* ------------------------------------------------------------------ initialisation, devices, contexts */

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
