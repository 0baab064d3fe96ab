package dev.fluxion.cuda;

import static jcuda.jcublas.cublasOperation.CUBLAS_OP_N;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_T;

import dev.fluxion.DType;
import dev.fluxion.kernels.GemmOperands;
import dev.fluxion.kernels.LibraryGemm;
import jcuda.Pointer;
import jcuda.driver.CUstream;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import jcuda.runtime.cudaStream_t;

/**
 * GEMM through cuBLAS ({@code cublasSgemmStridedBatched}, {@code cublasDgemmStridedBatched}):
 * one handle per device, bound to the driver's stream so that products are queued in order with
 * the kernels. Products cuBLAS cannot express ({@link CublasCall}) go back to the tiled kernel.
 * FP32 products keep cuBLAS's default math mode (full FP32, no TF32).
 */
final class CublasGemm implements LibraryGemm, AutoCloseable {
  private final cublasHandle handle = new cublasHandle();
  private final CudaContext context;
  private final String description;
  private final Pointer oneF = Pointer.to(new float[] {1});
  private final Pointer zeroF = Pointer.to(new float[] {0});
  private final Pointer oneD = Pointer.to(new double[] {1});
  private final Pointer zeroD = Pointer.to(new double[] {0});

  /** A handle in the current context, bound to {@code stream}. */
  CublasGemm(CudaContext context, CUstream stream, String version) {
    this.context = context;
    JCublas2.cublasCreate(handle);
    try {
      JCublas2.cublasSetStream(handle, new cudaStream_t(stream));
    } catch (RuntimeException e) {
      JCublas2.cublasDestroy(handle);
      throw e;
    }
    this.description = "cuBLAS " + version + " (libcublas.so.12)";
  }

  @Override
  public String description() {
    return description;
  }

  @Override
  public boolean gemm(GemmOperands g) {
    CublasCall c = CublasCall.of(g);
    if (c == null) {
      return false;
    }
    context.makeCurrent();
    int elem = g.dtype().byteSize();
    Pointer a = address(g.b(), elem); // cuBLAS's A is our B: C^T = B^T A^T
    Pointer b = address(g.a(), elem);
    Pointer out = address(g.c(), elem);
    int ta = c.transA() ? CUBLAS_OP_T : CUBLAS_OP_N;
    int tb = c.transB() ? CUBLAS_OP_T : CUBLAS_OP_N;
    if (g.dtype() == DType.FLOAT32) {
      JCublas2.cublasSgemmStridedBatched(handle, ta, tb, c.m(), c.n(), c.k(), oneF, a, c.lda(), c.strideA(), b, c.ldb(),
          c.strideB(), zeroF, out, c.ldc(), c.strideC(), c.batches());
    } else {
      JCublas2.cublasDgemmStridedBatched(handle, ta, tb, c.m(), c.n(), c.k(), oneD, a, c.lda(), c.strideA(), b, c.ldb(),
          c.strideB(), zeroD, out, c.ldc(), c.strideC(), c.batches());
    }
    return true;
  }

  private static Pointer address(GemmOperands.Matrix x, int elementBytes) {
    return ((CudaMemory) x.memory()).pointer.withByteOffset(x.offset() * elementBytes);
  }

  @Override
  public void close() {
    context.makeCurrent();
    JCublas2.cublasDestroy(handle);
  }
}
