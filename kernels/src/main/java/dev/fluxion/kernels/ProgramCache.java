package dev.fluxion.kernels;

import java.util.HashMap;
import java.util.Map;

/**
 * One device's compiled programs, keyed by the SHA-256 of their source (so a program is
 * compiled once per device however it is reached), and the kernels looked up in them, keyed by
 * {@link KernelRef} (the launch path's only cost: one hash lookup).
 */
final class ProgramCache {
  private final Driver driver;
  private final Target target;
  private final Map<String, DeviceProgram> programs = new HashMap<>();
  private final Map<KernelRef, DeviceKernel> kernels = new HashMap<>();

  ProgramCache(Driver driver) {
    this.driver = driver;
    this.target = driver.info().target();
  }

  synchronized DeviceKernel kernel(KernelRef ref) {
    DeviceKernel k = kernels.get(ref);
    if (k == null) {
      k = driver.kernel(program(ref.program()), ref.name());
      kernels.put(ref, k);
    }
    return k;
  }

  // ---- generated programs (fused kernels): compiled from a given source, timed ----

  private final Map<String, DeviceKernel> generatedKernels = new HashMap<>();
  private long generatedPrograms;
  private long generatedNanos;
  private long lastGeneratedNanos;

  /**
   * Kernel {@code kernel} of a program generated at run time: compiled once per device for each
   * distinct source (keyed by its SHA-256), the compile time recorded.
   */
  synchronized DeviceKernel generated(String program, String source, String kernel) {
    String hash = ProgramSource.sha256(source);
    String key = hash + "/" + kernel;
    DeviceKernel k = generatedKernels.get(key);
    if (k == null) {
      DeviceProgram compiled = programs.get(hash);
      if (compiled == null) {
        long t0 = System.nanoTime();
        compiled = driver.compile(program, source);
        lastGeneratedNanos = System.nanoTime() - t0;
        generatedNanos += lastGeneratedNanos;
        generatedPrograms++;
        programs.put(hash, compiled);
      }
      k = driver.kernel(compiled, kernel);
      generatedKernels.put(key, k);
    }
    return k;
  }

  /** Programs generated and compiled at run time so far, their total and their last compile time. */
  synchronized long[] generatedCompiles() {
    return new long[] {generatedPrograms, generatedNanos, lastGeneratedNanos};
  }

  private DeviceProgram program(ProgramKey key) {
    String source = Kernels.program(key, target).render(driver.dialect());
    return programs.computeIfAbsent(ProgramSource.sha256(source), h -> driver.compile(key.toString(), source));
  }
}
