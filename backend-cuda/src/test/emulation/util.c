/*
 * What both emulated libraries share: where the library lives (its kernel headers and the
 * build's fatbins are beside it), the call trace, fault injection and messages.
 *
 *   FLUXION_CUDA_EMULATION_TRACE=FILE   appends one line per API call: "name args -> result"
 *   FLUXION_CUDA_EMULATION_FAIL=LIST    makes calls fail: "cuStreamCreate=CUDA_ERROR_OUT_OF_MEMORY"
 *                                       fails every call, "cuMemAllocHost_v2@2=2" only the second;
 *                                       entries separated by commas
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emulation.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

const char *fxemu_dir(void) {
  static char dir[PATH_MAX];
  pthread_mutex_lock(&lock);
  if (dir[0] == 0) {
    Dl_info info;
    if (dladdr((void *)&fxemu_dir, &info) && info.dli_fname) {
      char *real = realpath(info.dli_fname, NULL);
      snprintf(dir, sizeof dir, "%s", real ? real : info.dli_fname);
      free(real);
      char *slash = strrchr(dir, '/');
      if (slash) {
        *slash = 0;
      } else {
        snprintf(dir, sizeof dir, ".");
      }
    } else {
      snprintf(dir, sizeof dir, ".");
    }
  }
  pthread_mutex_unlock(&lock);
  return dir;
}

long fxemu_env_long(const char *name, long fallback) {
  const char *v = getenv(name);
  if (v == NULL || *v == 0) {
    return fallback;
  }
  char *end;
  long n = strtol(v, &end, 10);
  return *end == 0 ? n : fallback;
}

static int trace_fd = -2;

int fxemu_tracing(void) {
  pthread_mutex_lock(&lock);
  if (trace_fd == -2) {
    const char *path = getenv("FLUXION_CUDA_EMULATION_TRACE");
    trace_fd = path && *path ? open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644) : -1;
  }
  pthread_mutex_unlock(&lock);
  return trace_fd >= 0;
}

void fxemu_trace(const char *format, ...) {
  if (!fxemu_tracing()) {
    return;
  }
  char line[1024];
  va_list args;
  va_start(args, format);
  int n = vsnprintf(line, sizeof line - 1, format, args);
  va_end(args);
  if (n < 0) {
    return;
  }
  if (n > (int)sizeof line - 2) {
    n = sizeof line - 2;
  }
  line[n++] = '\n';
  ssize_t ignored = write(trace_fd, line, n); /* one write per line: lines of threads never interleave */
  (void)ignored;
}

void fxemu_report(const char *format, ...) {
  char line[2048];
  va_list args;
  va_start(args, format);
  vsnprintf(line, sizeof line, format, args);
  va_end(args);
  fprintf(stderr, "fluxion cuda emulation: %s\n", line);
  fflush(stderr);
  fxemu_trace("! %s", line);
}

/* Error names accepted in FLUXION_CUDA_EMULATION_FAIL (numbers are accepted too). */
static const struct {
  const char *name;
  int code;
} CODES[] = {
    {"CUDA_ERROR_INVALID_VALUE", CUDA_ERROR_INVALID_VALUE},
    {"CUDA_ERROR_OUT_OF_MEMORY", CUDA_ERROR_OUT_OF_MEMORY},
    {"CUDA_ERROR_NOT_INITIALIZED", CUDA_ERROR_NOT_INITIALIZED},
    {"CUDA_ERROR_NO_DEVICE", CUDA_ERROR_NO_DEVICE},
    {"CUDA_ERROR_INVALID_DEVICE", CUDA_ERROR_INVALID_DEVICE},
    {"CUDA_ERROR_INVALID_CONTEXT", CUDA_ERROR_INVALID_CONTEXT},
    {"CUDA_ERROR_INVALID_HANDLE", CUDA_ERROR_INVALID_HANDLE},
    {"CUDA_ERROR_LAUNCH_FAILED", CUDA_ERROR_LAUNCH_FAILED},
    {"CUDA_ERROR_NOT_SUPPORTED", CUDA_ERROR_NOT_SUPPORTED},
    {"CUDA_ERROR_UNKNOWN", CUDA_ERROR_UNKNOWN},
    {"CUBLAS_STATUS_NOT_INITIALIZED", 1},
    {"CUBLAS_STATUS_ALLOC_FAILED", 3},
};

typedef struct {
  char name[96];
  long nth; /* 0: every call */
  int code;
  long calls;
} failure;

static failure failures[32];
static int failure_count = -1;

static void parse_failures(void) {
  failure_count = 0;
  const char *spec = getenv("FLUXION_CUDA_EMULATION_FAIL");
  if (spec == NULL) {
    return;
  }
  char *copy = strdup(spec);
  for (char *save = NULL, *item = strtok_r(copy, ",", &save); item && failure_count < 32; item = strtok_r(NULL, ",", &save)) {
    char *eq = strchr(item, '=');
    if (eq == NULL) {
      fxemu_report("FLUXION_CUDA_EMULATION_FAIL: '%s' is not CALL[@N]=CODE; ignored", item);
      continue;
    }
    *eq = 0;
    failure *f = &failures[failure_count];
    memset(f, 0, sizeof *f);
    char *at = strchr(item, '@');
    if (at) {
      *at = 0;
      f->nth = atol(at + 1);
    }
    snprintf(f->name, sizeof f->name, "%s", item);
    char *end;
    f->code = (int)strtol(eq + 1, &end, 10);
    if (*end != 0) {
      f->code = CUDA_ERROR_UNKNOWN;
      for (size_t i = 0; i < sizeof CODES / sizeof CODES[0]; i++) {
        if (strcmp(CODES[i].name, eq + 1) == 0) {
          f->code = CODES[i].code;
        }
      }
    }
    failure_count++;
  }
  free(copy);
}

int fxemu_inject(const char *call) {
  pthread_mutex_lock(&lock);
  if (failure_count < 0) {
    parse_failures();
  }
  int code = 0;
  for (int i = 0; i < failure_count; i++) {
    failure *f = &failures[i];
    if (strcmp(f->name, call) == 0) {
      f->calls++;
      if (f->nth == 0 || f->nth == f->calls) {
        code = f->code;
      }
    }
  }
  pthread_mutex_unlock(&lock);
  if (code != 0) {
    fxemu_trace("! injected failure %d of %s", code, call);
  }
  return code;
}
