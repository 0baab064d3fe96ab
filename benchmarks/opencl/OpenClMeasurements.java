import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Rng;
import dev.fluxion.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_platform_id;
import org.jocl.cl_program;

/**
 * Three numbers of the OpenCL backend, measured in one run on this machine:
 * <ul>
 *   <li>the bandwidth of 2^26-element FLOAT32 elementwise kernels (bytes read + written per
 *       second) as a fraction of this machine's copy bandwidth, measured here both as a Java
 *       System.arraycopy of the same bytes and as the device's own copy kernel;
 *   <li>FLOAT32 and FLOAT64 matmul GFLOP/s at 1024 (2·n³ flops per product);
 *   <li>the host time per tiny op (a 4-element add: the engine's dispatch, the backend's
 *       bookkeeping and the enqueue; the device catches up asynchronously), beside the same op on
 *       the CPU device and a bare JOCL enqueue, which bound it from below.
 * </ul>
 * Times are the best of several repetitions. The machine is shared: the load average is printed
 * before and after, and matmul is also given per CPU-second this process used (Linux
 * /proc/self/stat), which other processes' load distorts less than wall time.
 */
public class OpenClMeasurements {
  interface Body {
    void run();
  }

  /** Best seconds of {@code reps} runs of body, each followed by a synchronize. */
  static double best(Device d, int reps, Body body) {
    double best = Double.MAX_VALUE;
    for (int r = 0; r < reps; r++) {
      long t0 = System.nanoTime();
      body.run();
      d.synchronize();
      best = Math.min(best, (System.nanoTime() - t0) * 1e-9);
    }
    return best;
  }

  /** CPU seconds (user + system) used by this process so far. */
  static double cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    } catch (IOException e) {
      return Double.NaN;
    }
  }

  static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown";
    }
  }

  static final int ROUNDS = 10;
  static final int OPS = 20000;

  /** Median and best host microseconds per 4-element add on {@code d} (after a warm-up round). */
  static double[] tinyOps(Device d) {
    Tensor p = Tensor.of(1f, 2f, 3f, 4f).to(d).detach();
    Tensor q = Tensor.of(5f, 6f, 7f, 8f).to(d).detach();
    double[] perOp = new double[ROUNDS];
    for (int round = -1; round < ROUNDS; round++) {
      d.synchronize();
      long t0 = System.nanoTime();
      for (int i = 0; i < OPS; i++) {
        p.add(q).close();
      }
      long host = System.nanoTime() - t0;
      d.synchronize();
      if (round >= 0) {
        perOp[round] = host / 1e3 / OPS;
      }
    }
    Arrays.sort(perOp);
    return new double[] {perOp[ROUNDS / 2], perOp[0]};
  }

  /** Median and best microseconds per bare clEnqueueNDRangeKernel through JOCL on the first OpenCL device. */
  static double[] rawEnqueue() {
    cl_platform_id[] platform = new cl_platform_id[1];
    CL.clGetPlatformIDs(1, platform, null);
    cl_device_id[] device = new cl_device_id[1];
    CL.clGetDeviceIDs(platform[0], CL.CL_DEVICE_TYPE_ALL, 1, device, null);
    cl_context context = CL.clCreateContext(null, 1, device, null, null, null);
    cl_command_queue queue = CL.clCreateCommandQueueWithProperties(context, device[0], null, null);
    String source = "__kernel void neg(__global float* o, __global const float* x, const long n) {"
        + " long i = get_global_id(0); if (i < n) o[i] = -x[i]; }";
    cl_program program = CL.clCreateProgramWithSource(context, 1, new String[] {source}, null, null);
    CL.clBuildProgram(program, 0, null, "", null, null);
    cl_kernel kernel = CL.clCreateKernel(program, "neg", null);
    cl_mem buffer = CL.clCreateBuffer(context, CL.CL_MEM_READ_WRITE, 64, null, null);
    CL.clSetKernelArg(kernel, 0, Sizeof.cl_mem, Pointer.to(buffer));
    CL.clSetKernelArg(kernel, 1, Sizeof.cl_mem, Pointer.to(buffer));
    CL.clSetKernelArg(kernel, 2, Sizeof.cl_long, Pointer.to(new long[] {4}));
    long[] size = {256};
    double[] perOp = new double[ROUNDS];
    for (int round = -1; round < ROUNDS; round++) {
      CL.clFinish(queue);
      long t0 = System.nanoTime();
      for (int i = 0; i < OPS; i++) {
        CL.clEnqueueNDRangeKernel(queue, kernel, 1, null, size, size, 0, null, null);
      }
      long host = System.nanoTime() - t0;
      CL.clFinish(queue);
      if (round >= 0) {
        perOp[round] = host / 1e3 / OPS;
      }
    }
    CL.clReleaseMemObject(buffer);
    CL.clReleaseKernel(kernel);
    CL.clReleaseProgram(program);
    CL.clReleaseCommandQueue(queue);
    CL.clReleaseContext(context);
    Arrays.sort(perOp);
    return new double[] {perOp[ROUNDS / 2], perOp[0]};
  }

  public static void main(String[] args) {
    Device cl = Device.opencl();
    Locale.setDefault(Locale.ROOT);
    System.out.println("device: " + cl.description());
    System.out.println("load average before: " + load() + " (" + Runtime.getRuntime().availableProcessors() + " cores)");
    int n = 1 << 26;
    double mib = n * 4.0 / (1 << 20);

    float[] src = new float[n];
    float[] dst = new float[n];
    Arrays.fill(src, 1.5f);
    double javaCopy = Double.MAX_VALUE;
    for (int r = 0; r < 7; r++) {
      long t0 = System.nanoTime();
      System.arraycopy(src, 0, dst, 0, n);
      javaCopy = Math.min(javaCopy, (System.nanoTime() - t0) * 1e-9);
    }
    double javaCopyGBs = 2.0 * n * 4 / javaCopy / 1e9;

    Tensor x = Tensor.rand(Rng.of(1), DType.FLOAT32, cl, n).detach();
    Tensor y = Tensor.rand(Rng.of(2), DType.FLOAT32, cl, n).detach();
    Tensor[] out = new Tensor[1];
    Body copy = () -> { out[0] = x.copy(); out[0].close(); };
    Body add = () -> { out[0] = x.add(y); out[0].close(); };
    Body scale = () -> { out[0] = x.mul(3.0); out[0].close(); };
    Body exp = () -> { out[0] = x.exp(); out[0].close(); };
    best(cl, 2, copy);
    best(cl, 2, add);
    best(cl, 2, scale);
    best(cl, 2, exp);
    double deviceCopyGBs = 2.0 * n * 4 / best(cl, 7, copy) / 1e9;
    double addGBs = 3.0 * n * 4 / best(cl, 7, add) / 1e9;
    double scaleGBs = 2.0 * n * 4 / best(cl, 7, scale) / 1e9;
    double expGBs = 2.0 * n * 4 / best(cl, 7, exp) / 1e9;
    System.out.printf("elementwise float32, 2^26 elements (%.0f MiB per operand), GB/s of bytes read + written:%n", mib);
    System.out.printf("  Java System.arraycopy        %6.2f GB/s%n", javaCopyGBs);
    System.out.printf("  device copy kernel           %6.2f GB/s%n", deviceCopyGBs);
    System.out.printf("  x + y   (2 reads, 1 write)   %6.2f GB/s = %.2f of arraycopy, %.2f of the device copy%n", addGBs,
        addGBs / javaCopyGBs, addGBs / deviceCopyGBs);
    System.out.printf("  x * 3.0 (1 read, 1 write)    %6.2f GB/s = %.2f of arraycopy, %.2f of the device copy%n", scaleGBs,
        scaleGBs / javaCopyGBs, scaleGBs / deviceCopyGBs);
    System.out.printf("  exp(x)  (1 read, 1 write)    %6.2f GB/s = %.2f of arraycopy, %.2f of the device copy%n", expGBs,
        expGBs / javaCopyGBs, expGBs / deviceCopyGBs);
    x.close();
    y.close();

    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      Tensor a = Tensor.rand(Rng.of(3), t, cl, 1024, 1024).detach();
      Tensor b = Tensor.rand(Rng.of(4), t, cl, 1024, 1024).detach();
      Body mm = () -> { out[0] = a.matmul(b); out[0].close(); };
      best(cl, 1, mm);
      double cpu0 = cpuSeconds();
      int reps = 5;
      double s = best(cl, reps, mm);
      double cpu = (cpuSeconds() - cpu0) / reps;
      double flops = 2.0 * 1024 * 1024 * 1024;
      Tensor ca = a.to(Device.cpu());
      Tensor cb = b.to(Device.cpu());
      Body cpuMm = () -> { out[0] = ca.matmul(cb); out[0].close(); };
      best(Device.cpu(), 1, cpuMm);
      double sCpu = best(Device.cpu(), reps, cpuMm);
      System.out.printf("matmul 1024 %s: %.1f ms, %.1f GFLOP/s (%.1f GFLOP per CPU-second of this process);"
          + " the CPU backend's GEMM: %.1f GFLOP/s%n", t.numpyName(), s * 1e3, flops / s / 1e9, flops / cpu / 1e9, flops / sCpu / 1e9);
      a.close();
      b.close();
    }

    double[] onCl = tinyOps(cl);
    double[] onCpu = tinyOps(Device.cpu());
    double[] raw = rawEnqueue();
    System.out.printf("tiny op (4-element add, %d rounds of %d ops): host time per op, median %.2f us, best round %.2f us;%n"
        + "  for reference, the same on the CPU device (the engine's own dispatch): median %.2f us, best %.2f us;%n"
        + "  a bare JOCL clEnqueueNDRangeKernel of a 4-element kernel: median %.2f us, best %.2f us%n",
        ROUNDS, OPS, onCl[0], onCl[1], onCpu[0], onCpu[1], raw[0], raw[1]);
    System.out.println("load average after: " + load());
  }
}
