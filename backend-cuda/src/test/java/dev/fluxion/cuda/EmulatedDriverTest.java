package dev.fluxion.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Tensor;
import dev.fluxion.kernels.Dialect;
import dev.fluxion.kernels.KernelCompileException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import jcuda.driver.CUcontext;
import jcuda.driver.CUctx_flags;
import jcuda.driver.JCudaDriver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CUDA backend's driver code, run against the host emulation of libcuda.so.1 and libnvrtc.so.12. */
class EmulatedDriverTest {
  private Device gpu;

  @BeforeEach
  void open() {
    gpu = CudaTesting.device();
  }

  private double[] square(double... values) {
    return Tensor.of(values).to(gpu).square().toDoubleArray();
  }

  @Test
  void theDeviceSaysItIsTheEmulation() {
    assertTrue(gpu.description().startsWith("Fluxion CUDA emulation on the host (not a GPU)"), gpu.description());
  }

  @Test
  void aContextChangedBehindTheBackendsBackIsMadeCurrentAgain() {
    assertArrayEquals(new double[] {4, 9}, square(2, 3));
    JCudaDriver.cuCtxSetCurrent(new CUcontext()); // another library leaves this thread without Fluxion's context
    assertArrayEquals(new double[] {16, 25}, square(4, 5));
  }

  @Test
  void everyThreadGetsTheContext() throws Exception {
    AtomicReference<Object> seen = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        seen.set(square(6, 7));
      } catch (Throwable e) {
        seen.set(e);
      }
    });
    t.start();
    t.join();
    assertTrue(seen.get() instanceof double[], String.valueOf(seen.get()));
    assertArrayEquals(new double[] {36, 49}, (double[]) seen.get());
  }

  @Test
  void theContextWaitsForTheGpuByBlockingNotSpinning() {
    square(1);
    int[] flags = new int[1];
    JCudaDriver.cuCtxGetFlags(flags);
    assertEquals(CUctx_flags.CU_CTX_SCHED_BLOCKING_SYNC, flags[0] & CUctx_flags.CU_CTX_SCHED_MASK);
  }

  @Test
  void aKernelThatDoesNotCompileIsRefusedWithTheCompilersLog() {
    CudaDriver driver = new CudaDriver(CudaProbe.probe().devices().get(0), "cuda:0");
    try {
      KernelCompileException e = assertThrows(KernelCompileException.class,
          () -> driver.compile("not_cuda", Dialect.CUDA.prelude(true) + "KERNEL broken(GLOBAL float* out) { out[0] = ; }\n"));
      assertTrue(e.getMessage().startsWith("cuda:0: kernel program not_cuda does not compile with NVRTC for compute_90"),
          e.getMessage());
      assertTrue(e.getMessage().contains("error: expected primary-expression"), e.getMessage());
    } finally {
      driver.close();
    }
  }

  @Test
  void theKernelsCanComeFromNvrtcAlone() throws Exception {
    EmulationTesting.Run r = EmulationTesting.child(EmulatedChild.class, Map.of("FLUXION_CUDA_EMULATION_DRIVER_VERSION", "12080"),
        List.of(), "open");
    assertTrue(r.output().contains("kernels: NVRTC 12.8 at run time for compute_90 (the prebuilt kernels are PTX of CUDA 13.0"),
        r.toString());
    assertTrue(r.output().contains("product [14.0, 32.0, 32.0, 77.0]"), r.toString());
  }

  @Test
  void theKernelsCanComeFromTheBuildsFatbins() throws Exception {
    assumeTrue(Files.isDirectory(EmulationTesting.dir().resolve("fatbins")),
        "this build has no prebuilt kernels (nvcc was not on the PATH when the kernels module was built)");
    EmulationTesting.Run r = EmulationTesting.child(EmulatedChild.class, Map.of("FLUXION_CUDA_EMULATION_DRIVER_VERSION", "13000"),
        List.of(), "open");
    assertTrue(r.output().contains("kernels: prebuilt fatbins from nvcc"), r.toString());
    assertTrue(r.output().contains("product [14.0, 32.0, 32.0, 77.0]"), r.toString());
    assertTrue(r.trace().stream().anyMatch(l -> l.startsWith("cuModuleLoadData ") && l.endsWith("from matmul_f32 (prebuilt fatbin)")),
        "the product's module is the fatbin's: " + r);
  }

  @Test
  void float64AndFloat32Agree() {
    Tensor x = Tensor.linspace(DType.FLOAT64, gpu, 0, 1, 1000);
    double f64 = x.sin().sum().item();
    double f32 = x.to(DType.FLOAT32).sin().sum().item();
    assertEquals(f64, f32, 1e-3);
    assertEquals(1000 * (1 - Math.cos(1)) , f64, 0.5, "the sum of sin over [0, 1] at 1000 points");
  }
}
