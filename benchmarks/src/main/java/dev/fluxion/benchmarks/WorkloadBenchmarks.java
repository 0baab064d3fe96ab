package dev.fluxion.benchmarks;

import dev.fluxion.Device;
import dev.fluxion.cli.bench.Workload;
import dev.fluxion.cli.bench.Workloads;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The workloads of {@code fluxion bench} under JMH: average time of one run, waited for
 * ({@code Device.synchronize()}), on every device given as the {@code device} parameter.
 * The forked JVM gets {@code --add-modules jdk.incubator.vector} so that the CPU's SIMD math
 * runs; the warm-up iterations also give the CPU's SIMD kernels time to compile.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class WorkloadBenchmarks {
  /** {@link Workloads#elementwise}. */
  public static class Elementwise extends OnDevice {
    @Param("10000000")
    public long points;

    @Override
    Workload workload() {
      return Workloads.elementwise(points);
    }
  }

  /** {@link Workloads#reduction}. */
  public static class Reduction extends OnDevice {
    @Param("10000000")
    public long points;

    @Override
    Workload workload() {
      return Workloads.reduction(points);
    }
  }

  /** {@link Workloads#matmul}. */
  public static class Matmul extends OnDevice {
    @Param({"256", "1024"})
    public int side;

    @Override
    Workload workload() {
      return Workloads.matmul(side);
    }
  }

  /** {@link Workloads#sweep}: forward and backward. */
  public static class Sweep extends OnDevice {
    @Param("1000000")
    public int points;

    @Override
    Workload workload() {
      return Workloads.sweep(points);
    }
  }

  @Benchmark
  public Device elementwise(Elementwise s) {
    return s.runOnce();
  }

  @Benchmark
  public Device reduction(Reduction s) {
    return s.runOnce();
  }

  @Benchmark
  public Device matmul(Matmul s) {
    return s.runOnce();
  }

  @Benchmark
  public Device sweep(Sweep s) {
    return s.runOnce();
  }
}
