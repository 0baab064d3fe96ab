package dev.fluxion.cuda;

import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Tensor;
import dev.fluxion.kernels.Dialect;
import dev.fluxion.kernels.KernelArgs;
import dev.fluxion.kernels.LaunchPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * What the emulated tests run in a child JVM (one whose driver calls are traced, or made to fail,
 * through the emulation's environment variables). Prints what a user would see, one fact a line.
 */
final class EmulatedChild {
  private EmulatedChild() {}

  public static void main(String[] args) {
    switch (args[0]) {
      case "open" -> open();
      case "frees" -> frees();
      case "kernel" -> kernel(args[1], Integer.parseInt(args[2]));
      default -> throw new IllegalArgumentException(args[0]);
    }
  }

  /** Opens cuda:0 as a user would, runs a product, and prints the probe's and the device's descriptions. */
  private static void open() {
    for (Device.Status s : Device.probe()) {
      System.out.println("probe " + s.name() + " " + s.available() + " " + s.description());
    }
    try {
      Device gpu = Device.cuda();
      Tensor a = Tensor.linspace(DType.FLOAT32, gpu, 1, 6, 6).reshape(2, 3);
      System.out.println("product " + Arrays.toString(a.matmul(a.T()).toDoubleArray()));
      System.out.println("description " + gpu.description());
      for (Device.Status s : Device.probe()) {
        System.out.println("after " + s.name() + " " + s.available() + " " + s.description());
      }
    } catch (RuntimeException e) {
      System.out.println("refused " + e.getClass().getName() + ": " + e.getMessage());
      for (Throwable s : e.getSuppressed()) {
        System.out.println("suppressed " + s);
      }
    }
  }

  /** Returns a block to the driver behind a queued copy, then synchronises: the trace shows what each step did. */
  private static void frees() {
    CudaDriver driver = new CudaDriver(CudaProbe.probe().devices().get(0), "cuda:0");
    CudaMemory block = (CudaMemory) driver.allocate(1 << 20);
    driver.write(block, 0, FloatBuffer.wrap(new float[1 << 18]));
    mark("free");
    driver.free(block);
    mark("allocate");
    driver.allocate(4096);
    mark("synchronize");
    driver.synchronize();
    mark("end");
    driver.close();
  }

  /** Appends a line to the emulation's trace, between the lines of the driver calls before and after. */
  private static void mark(String what) {
    try {
      Files.writeString(Path.of(System.getenv("FLUXION_CUDA_EMULATION_TRACE")), "marker " + what + "\n", StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Compiles one of {@link BrokenKernels}' sources through the driver (the emulated NVRTC), runs it
   * over {@code n} floats and prints the result or the failure.
   */
  private static void kernel(String which, int n) {
    CudaDriver driver = new CudaDriver(CudaProbe.probe().devices().get(0), "cuda:0");
    CudaMemory out = (CudaMemory) driver.allocate(4L * n);
    try {
      String source = Dialect.CUDA.prelude(true) + BrokenKernels.source(which);
      var program = driver.compile("test_" + which, source);
      var kernel = driver.kernel(program, which);
      KernelArgs args = new KernelArgs().memory(out).int64(n);
      driver.launch(kernel, new LaunchPlan(new long[] {256}, new long[] {256}), args);
      driver.synchronize();
      float[] result = new float[n];
      driver.read(out, 0, FloatBuffer.wrap(result));
      System.out.println("result " + Arrays.toString(Arrays.copyOf(result, Math.min(n, 4))));
    } catch (RuntimeException e) {
      System.out.println("failed " + e.getClass().getName() + ": " + e.getMessage());
    }
  }
}
