/*
 * Runs one launch: the blocks one after another on the calling host thread (a stream's), each
 * block's CUDA threads as fibers, every one with its own stack and registers. A fiber runs until
 * it returns or reaches __syncthreads(); when every thread of the block waits at the barrier, all
 * go on. Threads run in ascending order in even blocks and descending order in odd ones, so a
 * kernel that reads what another thread writes without a barrier in between reads stale data
 * in one order or the other. A block in which some threads wait at a barrier that others have
 * left the kernel without reaching (barrier divergence: a hang or undefined behaviour on a GPU)
 * fails the launch.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include <unistd.h>

#include "emulation.h"

enum { READY, AT_BARRIER, DONE };

/*
 * Switching between fibers. On x86-64 a dozen instructions save the callee-saved registers and
 * the floating-point control words on the old stack and restore them from the new one (no
 * system call, unlike swapcontext, which saves the signal mask); elsewhere ucontext does it.
 */
#if defined(__x86_64__)
#define FAST_SWITCH 1
typedef struct {
  void *sp;
} machine;

/* Saves the caller's registers on its stack, stores its stack pointer in *from, resumes the stack 'to'. */
void fxemu_switch(void **from, void *to);
__asm__(".text\n"
        ".globl fxemu_switch\n"
        ".hidden fxemu_switch\n"
        ".type fxemu_switch, @function\n"
        "fxemu_switch:\n"
        "  pushq %rbp\n"
        "  pushq %rbx\n"
        "  pushq %r12\n"
        "  pushq %r13\n"
        "  pushq %r14\n"
        "  pushq %r15\n"
        "  subq $8, %rsp\n"
        "  stmxcsr (%rsp)\n"
        "  fnstcw 4(%rsp)\n"
        "  movq %rsp, (%rdi)\n"
        "  movq %rsi, %rsp\n"
        "  ldmxcsr (%rsp)\n"
        "  fldcw 4(%rsp)\n"
        "  addq $8, %rsp\n"
        "  popq %r15\n"
        "  popq %r14\n"
        "  popq %r13\n"
        "  popq %r12\n"
        "  popq %rbx\n"
        "  popq %rbp\n"
        "  ret\n"
        ".size fxemu_switch, .-fxemu_switch\n");
#else
typedef struct {
  ucontext_t context;
} machine;
#endif

typedef struct {
  machine m;
  char *stack;
  int state;
  unsigned thread[3];
} fiber;

static __thread fiber *fibers;
static __thread int capacity;
static __thread machine scheduler;
static __thread int current;
static __thread const fxemu_launch *running;
static size_t stack_bytes;

static void to_scheduler(fiber *f) {
#if FAST_SWITCH
  fxemu_switch(&f->m.sp, scheduler.sp);
#else
  swapcontext(&f->m.context, &scheduler.context);
#endif
}

static void fiber_main(void) {
  running->kernel->run(running->params);
  fiber *f = &fibers[current];
  f->state = DONE;
  to_scheduler(f); /* never resumed: the next block starts the fiber afresh */
}

void fxemu_syncthreads(void) {
  fiber *f = &fibers[current];
  f->state = AT_BARRIER;
  to_scheduler(f);
}

/* Prepares fiber f to start in fiber_main when it is next switched to. */
static void start(fiber *f) {
#if FAST_SWITCH
  uintptr_t top = ((uintptr_t)(f->stack + stack_bytes)) & ~(uintptr_t)15;
  uint64_t *sp = (uint64_t *)top;
  *--sp = 0;                      /* fiber_main's return address: it never returns */
  *--sp = (uint64_t)fiber_main;   /* where fxemu_switch's ret goes */
  for (int i = 0; i < 6; i++) {
    *--sp = 0;                    /* rbp, rbx, r12-r15 */
  }
  unsigned mxcsr;
  unsigned short fpu;
  __asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
  __asm__ volatile("fnstcw %0" : "=m"(fpu));
  *--sp = (uint64_t)mxcsr | (uint64_t)fpu << 32;
  f->m.sp = sp;
#else
  getcontext(&f->m.context);
  f->m.context.uc_stack.ss_sp = f->stack;
  f->m.context.uc_stack.ss_size = stack_bytes;
  f->m.context.uc_link = NULL;
  makecontext(&f->m.context, fiber_main, 0);
#endif
}

static void resume(fiber *f) {
#if FAST_SWITCH
  fxemu_switch(&scheduler.sp, f->m.sp);
#else
  swapcontext(&scheduler.context, &f->m.context);
#endif
}

/* Room for n fibers: stacks with a guard page below each (an overflow faults instead of corrupting). */
static int reserve(int n) {
  if (n <= capacity) {
    return 0;
  }
  if (stack_bytes == 0) {
    stack_bytes = (size_t)fxemu_env_long("FLUXION_CUDA_EMULATION_STACK_KB", 64) * 1024;
  }
  long page = sysconf(_SC_PAGESIZE);
  fiber *grown = realloc(fibers, n * sizeof *grown);
  if (grown == NULL) {
    return -1;
  }
  fibers = grown;
  for (int i = capacity; i < n; i++) {
    char *memory = mmap(NULL, stack_bytes + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (memory == MAP_FAILED) {
      return -1;
    }
    mprotect(memory, page, PROT_NONE);
    fibers[i].stack = memory + page;
    capacity = i + 1;
  }
  return 0;
}

/* One block; 0, or non-zero with the reason. */
static int run_block(const fxemu_launch *l, const unsigned block[3], long linear, char *why, size_t why_size) {
  const unsigned *bd = l->block;
  int n = (int)(bd[0] * bd[1] * bd[2]);
  l->code->set_block(block, l->block, l->grid);
  for (int i = 0; i < n; i++) {
    fiber *f = &fibers[i];
    f->thread[0] = i % bd[0];
    f->thread[1] = i / bd[0] % bd[1];
    f->thread[2] = i / (bd[0] * bd[1]);
    f->state = READY;
    start(f);
  }
  int descending = linear & 1;
  for (;;) {
    for (int k = 0; k < n; k++) {
      int i = descending ? n - 1 - k : k;
      if (fibers[i].state == READY) {
        current = i;
        l->code->set_thread(fibers[i].thread);
        resume(&fibers[i]);
      }
    }
    int done = 0, waiting = 0;
    for (int i = 0; i < n; i++) {
      done += fibers[i].state == DONE;
      waiting += fibers[i].state == AT_BARRIER;
    }
    if (done == n) {
      return 0;
    }
    if (waiting == n) {
      for (int i = 0; i < n; i++) {
        fibers[i].state = READY;
      }
      continue;
    }
    snprintf(why, why_size,
             "kernel %s, block (%u, %u, %u): %d of its %d threads wait at __syncthreads() that %d threads returned "
             "without reaching (barrier divergence)",
             l->kernel->name, block[0], block[1], block[2], waiting, n, done);
    return -1;
  }
}

int fxemu_run_launch(const fxemu_launch *l, char *why, size_t why_size) {
  int n = (int)(l->block[0] * l->block[1] * l->block[2]);
  if (reserve(n) != 0) {
    snprintf(why, why_size, "kernel %s: no memory for the stacks of %d threads", l->kernel->name, n);
    return -1;
  }
  running = l;
  long linear = 0;
  unsigned b[3];
  for (b[2] = 0; b[2] < l->grid[2]; b[2]++) {
    for (b[1] = 0; b[1] < l->grid[1]; b[1]++) {
      for (b[0] = 0; b[0] < l->grid[0]; b[0]++, linear++) {
        if (run_block(l, b, linear, why, why_size) != 0) {
          running = NULL;
          return -1;
        }
      }
    }
  }
  running = NULL;
  return 0;
}
