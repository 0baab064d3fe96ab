/*
 * libnvrtc.so.12 emulated on the host: a program's CUDA source is compiled as host C++ (see
 * compiler.c), and its "PTX" is a line naming the compiled host module, which the emulated
 * cuModuleLoadData opens. Compile errors come back as NVRTC_ERROR_COMPILATION with g++'s
 * messages as the program log. Reports version 12.8 (FLUXION_CUDA_EMULATION_NVRTC_VERSION,
 * e.g. 12080). The symbols carry the version node libnvrtc.so.12, as JCuda's bindings require.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emulation.h"

#define EXPORT __attribute__((visibility("default")))

enum {
  NVRTC_SUCCESS = 0,
  NVRTC_ERROR_OUT_OF_MEMORY = 1,
  NVRTC_ERROR_PROGRAM_CREATION_FAILURE = 2,
  NVRTC_ERROR_INVALID_INPUT = 3,
  NVRTC_ERROR_INVALID_PROGRAM = 4,
  NVRTC_ERROR_INVALID_OPTION = 5,
  NVRTC_ERROR_COMPILATION = 6,
  NVRTC_ERROR_INTERNAL_ERROR = 11
};

typedef struct {
  char *source;
  char *name;
  char *log;
  char *ptx;
} program;

static int result(const char *call, int code) {
  fxemu_trace("%s -> %d", call, code);
  return code;
}

EXPORT const char *nvrtcGetErrorString(int code) {
  switch (code) {
    case NVRTC_SUCCESS: return "NVRTC_SUCCESS";
    case NVRTC_ERROR_OUT_OF_MEMORY: return "NVRTC_ERROR_OUT_OF_MEMORY";
    case NVRTC_ERROR_PROGRAM_CREATION_FAILURE: return "NVRTC_ERROR_PROGRAM_CREATION_FAILURE";
    case NVRTC_ERROR_INVALID_INPUT: return "NVRTC_ERROR_INVALID_INPUT";
    case NVRTC_ERROR_INVALID_PROGRAM: return "NVRTC_ERROR_INVALID_PROGRAM";
    case NVRTC_ERROR_INVALID_OPTION: return "NVRTC_ERROR_INVALID_OPTION";
    case NVRTC_ERROR_COMPILATION: return "NVRTC_ERROR_COMPILATION";
    default: return "NVRTC_ERROR_INTERNAL_ERROR";
  }
}

EXPORT int nvrtcVersion(int *major, int *minor) {
  int injected = fxemu_inject("nvrtcVersion");
  if (injected) {
    return result("nvrtcVersion", injected);
  }
  long v = fxemu_env_long("FLUXION_CUDA_EMULATION_NVRTC_VERSION", 12080);
  *major = (int)(v / 1000);
  *minor = (int)(v % 1000 / 10);
  return result("nvrtcVersion", NVRTC_SUCCESS);
}

EXPORT int nvrtcCreateProgram(program **out, const char *source, const char *name, int headers, const char *const *contents,
                              const char *const *names) {
  (void)contents, (void)names;
  if (out == NULL || source == NULL) {
    return result("nvrtcCreateProgram", NVRTC_ERROR_INVALID_INPUT);
  }
  if (headers != 0) {
    fxemu_report("nvrtcCreateProgram: in-memory headers are not emulated");
    return result("nvrtcCreateProgram", NVRTC_ERROR_INVALID_INPUT);
  }
  program *p = calloc(1, sizeof *p);
  p->source = strdup(source);
  p->name = strdup(name ? name : "default_program");
  p->log = strdup("");
  *out = p;
  return result("nvrtcCreateProgram", NVRTC_SUCCESS);
}

EXPORT int nvrtcDestroyProgram(program **p) {
  if (p == NULL || *p == NULL) {
    return result("nvrtcDestroyProgram", NVRTC_ERROR_INVALID_PROGRAM);
  }
  free((*p)->source);
  free((*p)->name);
  free((*p)->log);
  free((*p)->ptx);
  free(*p);
  *p = NULL;
  return result("nvrtcDestroyProgram", NVRTC_SUCCESS);
}

EXPORT int nvrtcCompileProgram(program *p, int count, const char *const *options) {
  int injected = fxemu_inject("nvrtcCompileProgram");
  if (injected) {
    return result("nvrtcCompileProgram", injected);
  }
  if (p == NULL) {
    return result("nvrtcCompileProgram", NVRTC_ERROR_INVALID_PROGRAM);
  }
  /* Options are accepted as NVRTC spells them (they change nothing here); only the architecture is checked. */
  for (int i = 0; i < count; i++) {
    const char *arch = strncmp(options[i], "--gpu-arch=", 11) == 0 ? options[i] + 11
                       : strncmp(options[i], "-arch=", 6) == 0    ? options[i] + 6
                                                                  : NULL;
    fxemu_trace("nvrtcCompileProgram option %s", options[i]);
    if (options[i][0] != '-' || (arch && strncmp(arch, "compute_", 8) != 0 && strncmp(arch, "sm_", 3) != 0)) {
      free(p->log);
      size_t size = strlen(options[i]) + 64;
      p->log = malloc(size);
      snprintf(p->log, size, "nvrtc: error: invalid option '%s'\n", options[i]);
      return result("nvrtcCompileProgram", NVRTC_ERROR_INVALID_OPTION);
    }
  }
  free(p->log);
  free(p->ptx);
  p->ptx = NULL;
  char *module = fxemu_compile(p->source, p->name, &p->log);
  if (module == NULL) {
    return result("nvrtcCompileProgram", NVRTC_ERROR_COMPILATION);
  }
  size_t size = strlen(FXEMU_MODULE_MARKER) + strlen(module) + 2;
  p->ptx = malloc(size);
  snprintf(p->ptx, size, "%s%s\n", FXEMU_MODULE_MARKER, module);
  free(module);
  return result("nvrtcCompileProgram", NVRTC_SUCCESS);
}

EXPORT int nvrtcGetPTXSize(program *p, size_t *size) {
  if (p == NULL || p->ptx == NULL) {
    return result("nvrtcGetPTXSize", NVRTC_ERROR_INVALID_PROGRAM);
  }
  *size = strlen(p->ptx) + 1;
  return result("nvrtcGetPTXSize", NVRTC_SUCCESS);
}

EXPORT int nvrtcGetPTX(program *p, char *ptx) {
  if (p == NULL || p->ptx == NULL) {
    return result("nvrtcGetPTX", NVRTC_ERROR_INVALID_PROGRAM);
  }
  memcpy(ptx, p->ptx, strlen(p->ptx) + 1);
  return result("nvrtcGetPTX", NVRTC_SUCCESS);
}

EXPORT int nvrtcGetProgramLogSize(program *p, size_t *size) {
  if (p == NULL) {
    return result("nvrtcGetProgramLogSize", NVRTC_ERROR_INVALID_PROGRAM);
  }
  *size = strlen(p->log) + 1;
  return result("nvrtcGetProgramLogSize", NVRTC_SUCCESS);
}

EXPORT int nvrtcGetProgramLog(program *p, char *log) {
  if (p == NULL) {
    return result("nvrtcGetProgramLog", NVRTC_ERROR_INVALID_PROGRAM);
  }
  memcpy(log, p->log, strlen(p->log) + 1);
  return result("nvrtcGetProgramLog", NVRTC_SUCCESS);
}

EXPORT int nvrtcGetNumSupportedArchs(int *count) {
  *count = 1;
  return NVRTC_SUCCESS;
}

EXPORT int nvrtcGetSupportedArchs(int *archs) {
  archs[0] = (int)fxemu_env_long("FLUXION_CUDA_EMULATION_CC", 90);
  return NVRTC_SUCCESS;
}

/* What JCuda's NVRTC bindings import besides: not emulated. */
#define STUB(name)                                                          \
  EXPORT int name(void) {                                                   \
    fxemu_report("%s is not emulated (Fluxion does not call it)", #name);   \
    return NVRTC_ERROR_INTERNAL_ERROR;                                      \
  }

STUB(nvrtcAddNameExpression)
STUB(nvrtcGetLoweredName)
STUB(nvrtcGetCUBINSize)
STUB(nvrtcGetCUBIN)
STUB(nvrtcGetNVVMSize)
STUB(nvrtcGetNVVM)
STUB(nvrtcGetLTOIRSize)
STUB(nvrtcGetLTOIR)
STUB(nvrtcGetOptiXIRSize)
STUB(nvrtcGetOptiXIR)
