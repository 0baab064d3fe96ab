/* Batched dense linear algebra (LinalgKernels): one work-group of LA_GROUP work-items per matrix. */
#define LA_GROUP 256

/*
 * The two things the dialects spell differently here: a barrier that also orders global memory
 * (the matrices are updated in place in global memory), and the atomic minimum that records the
 * first failing batch matrix.
 */
#ifdef __OPENCL_VERSION__
#define LA_SYNC barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE)
#define LA_FAIL(flag, b) atomic_min(flag, (int)(b))
#else
#define LA_SYNC __syncthreads()
#define LA_FAIL(flag, b) atomicMin(flag, (int)(b))
#endif
