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

  private DeviceProgram program(ProgramKey key) {
    String source = Kernels.program(key, target).render(driver.dialect());
    return programs.computeIfAbsent(ProgramSource.sha256(source), h -> driver.compile(key.toString(), source));
  }
}
