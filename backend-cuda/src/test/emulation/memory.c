/*
 * The emulated driver's memory: device allocations in host memory between 256-byte red zones
 * (filled with 0xFD and checked after each kernel and at cuMemFree), new memory filled with 0xFF
 * bytes, page-locked host buffers, and copies and fills queued on streams. A copy outside one
 * allocation is refused.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"

static allocation *allocations;
int allocation_count;
static int allocation_capacity;
size_t used_bytes;
static struct {
  char *p;
  size_t bytes;
} pinned[256];
int pinned_count;

/* The allocation holding [p, p + n) (n = 0: p may be its end), or NULL; state is locked. */
allocation *find(uintptr_t p, size_t n) {
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
long damaged(const allocation *a) {
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
