/*
 * CUDA-dialect source to a host module: the source is compiled as C++ by g++ (or
 * $FLUXION_CUDA_EMULATION_CXX) with kernel/fxemu_kernel.h, which gives it CUDA's built-ins, and
 * kernel/fxemu_module.h, which appends a table of its kernels with their parameter sizes. The
 * kernels are found by preprocessing the source with __global__ marked; any kernel name and any
 * source in the dialect work. Modules are cached in $FLUXION_CUDA_EMULATION_CACHE (default
 * $TMPDIR/fluxion-cuda-emulation-UID) under a hash of the source and of both headers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "emulation.h"

extern char **environ;

static const char *CXX_FLAGS = "-std=c++17 -O1 -fPIC -shared -w";

static char *read_file(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (f == NULL) {
    return NULL;
  }
  size_t cap = 4096, n = 0;
  char *text = malloc(cap + 1);
  size_t got;
  while ((got = fread(text + n, 1, cap - n, f)) > 0) {
    n += got;
    if (n == cap) {
      cap *= 2;
      text = realloc(text, cap + 1);
    }
  }
  fclose(f);
  text[n] = 0;
  if (size) {
    *size = n;
  }
  return text;
}

static int write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "wb");
  if (f == NULL) {
    return -1;
  }
  size_t n = strlen(text);
  int ok = fwrite(text, 1, n, f) == n;
  return fclose(f) == 0 && ok ? 0 : -1;
}

/* Two independent 64-bit FNV-1a hashes (different offsets): 128 bits of key. */
static void hash(const char *text, uint64_t h[2]) {
  for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
    h[0] = (h[0] ^ *p) * 0x100000001b3ULL;
    h[1] = (h[1] ^ *p) * 0x100000001b3ULL;
    h[1] ^= h[1] >> 29;
  }
}

static const char *cache_dir(void) {
  static char dir[PATH_MAX];
  if (dir[0] == 0) {
    const char *set = getenv("FLUXION_CUDA_EMULATION_CACHE");
    const char *tmp = getenv("TMPDIR");
    if (set && *set) {
      snprintf(dir, sizeof dir, "%s", set);
    } else {
      snprintf(dir, sizeof dir, "%s/fluxion-cuda-emulation-%u", tmp && *tmp ? tmp : "/tmp", (unsigned)getuid());
    }
    mkdir(dir, 0755);
  }
  return dir;
}

/* Runs argv with stdout to out_path and stderr to err_path; the exit status, or -1. */
static int run(char *const argv[], const char *out_path, const char *err_path) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  /* The compiler runs without LD_PRELOAD: the JVM's libjsig would complain about the compiler's signal(). */
  int n = 0;
  while (environ[n]) {
    n++;
  }
  char **env = malloc((n + 1) * sizeof *env);
  int kept = 0;
  for (int i = 0; i < n; i++) {
    if (strncmp(environ[i], "LD_PRELOAD=", 11) != 0) {
      env[kept++] = environ[i];
    }
  }
  env[kept] = NULL;
  pid_t pid;
  int rc = posix_spawnp(&pid, argv[0], &actions, NULL, argv, env);
  free(env);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    FILE *e = fopen(err_path, "w");
    if (e) {
      fprintf(e, "cannot run %s: %s\n", argv[0], strerror(rc));
      fclose(e);
    }
    return -1;
  }
  int status;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      return -1;
    }
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The names of the kernels of preprocessed text: the identifier before the '(' after each marker. */
static char **kernel_names(const char *text, int *count) {
  static const char MARK[] = "__fxemu_global__";
  int cap = 16, n = 0;
  char **names = malloc(cap * sizeof *names);
  for (const char *p = strstr(text, MARK); p; p = strstr(p + 1, MARK)) {
    const char *paren = strchr(p, '(');
    if (paren == NULL) {
      break;
    }
    const char *end = paren;
    while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n')) {
      end--;
    }
    const char *start = end;
    while (start > p && (start[-1] == '_' || (start[-1] >= 'a' && start[-1] <= 'z') || (start[-1] >= 'A' && start[-1] <= 'Z')
                         || (start[-1] >= '0' && start[-1] <= '9'))) {
      start--;
    }
    if (start == end) {
      continue;
    }
    char *name = strndup(start, end - start);
    int seen = 0;
    for (int i = 0; i < n; i++) {
      seen |= strcmp(names[i], name) == 0;
    }
    if (seen) {
      free(name);
      continue;
    }
    if (n == cap) {
      cap *= 2;
      names = realloc(names, cap * sizeof *names);
    }
    names[n++] = name;
  }
  *count = n;
  return names;
}

static char *failed(char **log, const char *what, const char *err_path) {
  char *output = read_file(err_path, NULL);
  size_t size = strlen(what) + (output ? strlen(output) : 0) + 2;
  *log = malloc(size);
  snprintf(*log, size, "%s\n%s", what, output ? output : "");
  free(output);
  return NULL;
}

char *fxemu_compile(const char *source, const char *name, char **log) {
  *log = NULL;
  char kernel_dir[PATH_MAX], header[PATH_MAX], footer[PATH_MAX];
  snprintf(kernel_dir, sizeof kernel_dir, "%s/kernel", fxemu_dir());
  snprintf(header, sizeof header, "%s/fxemu_kernel.h", kernel_dir);
  snprintf(footer, sizeof footer, "%s/fxemu_module.h", kernel_dir);
  char *header_text = read_file(header, NULL);
  char *footer_text = read_file(footer, NULL);
  if (header_text == NULL || footer_text == NULL) {
    free(header_text);
    free(footer_text);
    size_t size = strlen(kernel_dir) + 128;
    *log = malloc(size);
    snprintf(*log, size, "the emulation's kernel headers are missing from %s", kernel_dir);
    return NULL;
  }
  uint64_t h[2] = {0xcbf29ce484222325ULL, 0x84222325cbf29ce4ULL};
  hash(source, h);
  hash(header_text, h);
  hash(footer_text, h);
  hash(CXX_FLAGS, h);
  free(header_text);
  free(footer_text);

  const char *cache = cache_dir();
  char base[PATH_MAX], so[PATH_MAX];
  const char *stem = name && *name ? name : "program";
  int stem_length = (int)strlen(stem);
  if (stem_length > 3 && strcmp(stem + stem_length - 3, ".cu") == 0) {
    stem_length -= 3; /* NVRTC's "unary_f32.cu" and the fatbin's "unary_f32" share one cached module */
  }
  snprintf(base, sizeof base, "%s/%.*s-%016llx%016llx", cache, stem_length < 40 ? stem_length : 40, stem, (unsigned long long)h[0],
           (unsigned long long)h[1]);
  for (char *c = base + strlen(cache) + 1; *c; c++) {
    if (*c == '/' || *c == ' ') {
      *c = '_';
    }
  }
  snprintf(so, sizeof so, "%s.so", base);
  if (access(so, R_OK) == 0) {
    fxemu_trace("compile %s: cached %s", name, so);
    return strdup(so);
  }

  char cu[PATH_MAX], pre[PATH_MAX], err[PATH_MAX], cpp[PATH_MAX], tmp[PATH_MAX];
  static int serial;
  int unique = __atomic_add_fetch(&serial, 1, __ATOMIC_RELAXED);
  snprintf(cu, sizeof cu, "%s.cu", base);
  snprintf(pre, sizeof pre, "%s.%d.%d.i", base, (int)getpid(), unique);
  snprintf(err, sizeof err, "%s.%d.%d.log", base, (int)getpid(), unique);
  snprintf(cpp, sizeof cpp, "%s.%d.%d.cpp", base, (int)getpid(), unique);
  snprintf(tmp, sizeof tmp, "%s.%d.%d.so", base, (int)getpid(), unique);
  if (write_file(cu, source) != 0) {
    size_t size = strlen(cu) + 64;
    *log = malloc(size);
    snprintf(*log, size, "cannot write %s", cu);
    return NULL;
  }
  const char *cxx = getenv("FLUXION_CUDA_EMULATION_CXX");
  cxx = cxx && *cxx ? cxx : "g++";

  /* 1. Find the kernels: preprocess with __global__ spelled as a marker. */
  char *scan[] = {(char *)cxx, "-E", "-P", "-x", "c++", "-std=c++17", "-DFXEMU_SCAN", "-I", kernel_dir, "-include", "fxemu_kernel.h",
                  cu, NULL};
  if (run(scan, pre, err) != 0) {
    char *r = failed(log, "the source does not preprocess as C++:", err);
    unlink(pre);
    unlink(err);
    return r;
  }
  char *text = read_file(pre, NULL);
  unlink(pre);
  int count = 0;
  char **names = kernel_names(text ? text : "", &count);
  free(text);

  /* 2. The module: the source, then the table of its kernels. */
  size_t cap = strlen(cu) + 256;
  for (int i = 0; i < count; i++) {
    cap += strlen(names[i]) + 32;
  }
  char *wrapper = malloc(cap);
  size_t at = snprintf(wrapper, cap, "#include \"%s\"\n#include \"fxemu_module.h\"\nFXEMU_KERNELS(\n", cu);
  for (int i = 0; i < count; i++) {
    at += snprintf(wrapper + at, cap - at, "  FXEMU_KERNEL(%s)\n", names[i]);
    free(names[i]);
  }
  snprintf(wrapper + at, cap - at, ")\n");
  free(names);
  write_file(cpp, wrapper);
  free(wrapper);

  char flags[256];
  snprintf(flags, sizeof flags, "%s", CXX_FLAGS);
  char *argv[32];
  int argc = 0;
  argv[argc++] = (char *)cxx;
  for (char *save = NULL, *f = strtok_r(flags, " ", &save); f && argc < 20; f = strtok_r(NULL, " ", &save)) {
    argv[argc++] = f;
  }
  char *rest[] = {"-I", kernel_dir, "-include", "fxemu_kernel.h", "-o", tmp, cpp, NULL};
  for (int i = 0; rest[i]; i++) {
    argv[argc++] = rest[i];
  }
  argv[argc] = NULL;
  int status = run(argv, "/dev/null", err);
  unlink(cpp);
  if (status != 0) {
    char *r = failed(log, "the source does not compile as host C++:", err);
    unlink(err);
    unlink(tmp);
    return r;
  }
  unlink(err);
  if (rename(tmp, so) != 0) {
    size_t size = strlen(so) + 64;
    *log = malloc(size);
    snprintf(*log, size, "cannot create %s: %s", so, strerror(errno));
    unlink(tmp);
    return NULL;
  }
  fxemu_trace("compile %s: %d kernels -> %s", name, count, so);
  *log = strdup("");
  return strdup(so);
}
