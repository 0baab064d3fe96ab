/* Fused programs: one kernel runs a whole elementwise program (and its reduction) per element. */

/* Axes of a fused iteration after merging (more run the program op by op). */
#define FX_RANK 4

/* Each instruction rounds to its type, as the unfused kernels do: no a*b+c contracted into an FMA. */
#ifdef __OPENCL_VERSION__
#pragma OPENCL FP_CONTRACT OFF
#endif

#ifndef NAN
#define NAN __int_as_float(0x7fffffff)
#endif
