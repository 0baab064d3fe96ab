/*
 * Included after a kernel source by Fluxion's CUDA emulation: the table of the module's kernels
 * (name, parameter sizes, which parameters are pointers, and a function that calls the kernel
 * with cuLaunchKernel's parameter array), and the entry points through which the emulation's
 * scheduler binds __syncthreads() and sets the block and thread indices.
 */
#ifndef FXEMU_MODULE_H
#define FXEMU_MODULE_H

#include <stddef.h>
#include <type_traits>
#include <utility>

struct fxemu_kernel_entry {
  const char *name;
  int arity;
  const size_t *sizes;
  const unsigned char *pointers;
  void (*run)(void *const *params);
};

template <typename T>
using fxemu_value = typename std::remove_cv<typename std::remove_reference<T>::type>::type;

template <typename F, F f>
struct fxemu_invoker;

/* A kernel of parameters A...: cuLaunchKernel's params[i] points at the value of parameter i. */
template <typename... A, void (*f)(A...)>
struct fxemu_invoker<void (*)(A...), f> {
  static constexpr size_t sizes[sizeof...(A) + 1] = {sizeof(fxemu_value<A>)..., 0};
  static constexpr unsigned char pointers[sizeof...(A) + 1] = {std::is_pointer<fxemu_value<A>>::value..., 0};

  template <size_t... I>
  static void call(void *const *params, std::index_sequence<I...>) {
    f(*static_cast<fxemu_value<A> *>(params[I])...);
  }

  static void run(void *const *params) { call(params, std::index_sequence_for<A...>{}); }
};

#define FXEMU_KERNEL(name)                                                                                          \
  {#name, (int)(sizeof(fxemu_invoker<decltype(&name), &name>::sizes) / sizeof(size_t)) - 1,                          \
   fxemu_invoker<decltype(&name), &name>::sizes, fxemu_invoker<decltype(&name), &name>::pointers,                     \
   &fxemu_invoker<decltype(&name), &name>::run},

#define FXEMU_KERNELS(...)                                                                                          \
  extern "C" __attribute__((visibility("default"))) const fxemu_kernel_entry fxemu_kernels[] = {                    \
      __VA_ARGS__{nullptr, 0, nullptr, nullptr, nullptr}};

extern "C" __attribute__((visibility("default"))) void fxemu_bind(void (*barrier)(void)) { fxemu_barrier = barrier; }

extern "C" __attribute__((visibility("default"))) void fxemu_set_block(const unsigned block[3], const unsigned block_dim[3],
                                                                      const unsigned grid_dim[3]) {
  fxemu_block_idx = {block[0], block[1], block[2]};
  fxemu_block_dim = {block_dim[0], block_dim[1], block_dim[2]};
  fxemu_grid_dim = {grid_dim[0], grid_dim[1], grid_dim[2]};
}

extern "C" __attribute__((visibility("default"))) void fxemu_set_thread(const unsigned thread[3]) {
  fxemu_thread_idx = {thread[0], thread[1], thread[2]};
}

#endif
