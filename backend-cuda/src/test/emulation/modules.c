/*
 * The emulated driver's modules and launches: a module is a host shared object compiled from
 * CUDA-dialect source (by the emulated NVRTC, or from the .cu beside a prebuilt fatbin of the
 * build), a function one entry of its kernel table, and a launch copies the kernel's parameters
 * and queues the grid on a stream (blocks.c runs it).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "driver.h"

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
