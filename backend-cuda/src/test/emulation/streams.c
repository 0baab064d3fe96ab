/*
 * The emulated driver's streams and events: each stream is a queue of operations that a host
 * thread runs in order (a thread that waits for the stream runs them itself rather than sleep),
 * an event marks a point of one queue, and a failed kernel makes the context's error sticky, as
 * on a GPU: nothing more runs and every later call returns the error.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"

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

stream *new_stream(unsigned flags) {
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

void enqueue(stream *s, op *o) {
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

void wait_for(stream *s, unsigned long long seq) {
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

void destroy_stream(stream *s) {
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
stream *resolve(void *handle) {
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

void drain_all(void) {
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
