package dev.fluxion.kernels;

/**
 * The strings in which two C dialects differ, and nothing else (tinygrad's cstyle renderer):
 * every kernel source is written once against the macros of {@link #prelude(boolean)} and
 * compiles as OpenCL C and as CUDA C.
 *
 * <p>The prelude defines {@code KERNEL}, {@code GLOBAL}, {@code LOCAL_MEM}, {@code BARRIER},
 * {@code DEVICE} (helper-function qualifier), {@code GID(d)}, {@code LID(d)}, {@code GROUP_ID(d)},
 * the fixed-width types {@code i64}, {@code u64}, {@code u8}, the index type {@code IDX}
 * (always 64-bit: CUDA's {@code long} is 32-bit on Windows), and {@code FX_FP64} (1 when the
 * device computes in double precision).
 *
 * @param name dialect name, used in program names and messages
 * @param kernel qualifier and return type of an entry point
 * @param global address-space qualifier of buffer pointers
 * @param localMemory qualifier of work-group shared arrays
 * @param barrier work-group barrier over local memory
 * @param deviceFunction qualifier of helper functions
 * @param globalId expression of the global index along axis {@code d}
 * @param localId expression of the index within the work-group along axis {@code d}
 * @param groupId expression of the work-group index along axis {@code d}
 * @param int64 the 64-bit signed integer type
 * @param uint64 the 64-bit unsigned integer type
 * @param uint8 the 8-bit unsigned integer type (BOOL elements)
 * @param fp64Enable line that enables double precision (empty where it is always on)
 * @param support dialect-specific helper definitions the macros above rely on
 */
public record Dialect(
    String name,
    String kernel,
    String global,
    String localMemory,
    String barrier,
    String deviceFunction,
    String globalId,
    String localId,
    String groupId,
    String int64,
    String uint64,
    String uint8,
    String fp64Enable,
    String support) {

  public static final Dialect OPENCL = new Dialect(
      "opencl",
      "__kernel void",
      "__global",
      "__local",
      "barrier(CLK_LOCAL_MEM_FENCE)",
      "static inline",
      "get_global_id(d)",
      "get_local_id(d)",
      "get_group_id(d)",
      "long",
      "ulong",
      "uchar",
      "#pragma OPENCL EXTENSION cl_khr_fp64 : enable",
      "");

  public static final Dialect CUDA = new Dialect(
      "cuda",
      "extern \"C\" __global__ void",
      "",
      "__shared__",
      "__syncthreads()",
      "static __device__ __forceinline__",
      "(fx_group_id(d) * fx_local_size(d) + fx_local_id(d))",
      "fx_local_id(d)",
      "fx_group_id(d)",
      "long long",
      "unsigned long long",
      "unsigned char",
      "",
      """
      static __device__ __forceinline__ long long fx_local_id(int d) {
        return d == 0 ? threadIdx.x : d == 1 ? threadIdx.y : threadIdx.z;
      }
      static __device__ __forceinline__ long long fx_local_size(int d) {
        return d == 0 ? blockDim.x : d == 1 ? blockDim.y : blockDim.z;
      }
      static __device__ __forceinline__ long long fx_group_id(int d) {
        return d == 0 ? blockIdx.x : d == 1 ? blockIdx.y : blockIdx.z;
      }
      #ifndef INFINITY
      #define INFINITY __int_as_float(0x7f800000)
      #endif
      """);

  /** The definitions every kernel source starts with, for a device with or without FP64. */
  public String prelude(boolean fp64) {
    StringBuilder s = new StringBuilder();
    s.append("/* Fluxion kernel prelude, dialect ").append(name).append(" */\n");
    if (fp64 && !fp64Enable.isEmpty()) {
      s.append(fp64Enable).append('\n');
    }
    s.append("#define FX_FP64 ").append(fp64 ? 1 : 0).append('\n')
        .append("#define KERNEL ").append(kernel).append('\n')
        .append("#define GLOBAL ").append(global).append('\n')
        .append("#define LOCAL_MEM ").append(localMemory).append('\n')
        .append("#define BARRIER ").append(barrier).append('\n')
        .append("#define DEVICE ").append(deviceFunction).append('\n')
        .append("#define GID(d) ((IDX)(").append(globalId).append("))\n")
        .append("#define LID(d) ((int)(").append(localId).append("))\n")
        .append("#define GROUP_ID(d) ((IDX)(").append(groupId).append("))\n")
        .append("typedef ").append(int64).append(" i64;\n")
        .append("typedef ").append(uint64).append(" u64;\n")
        .append("typedef ").append(uint8).append(" u8;\n")
        .append("typedef i64 IDX;\n")
        .append(support);
    return s.toString();
  }
}
