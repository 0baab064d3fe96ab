package dev.fluxion.kernels;

import java.util.concurrent.atomic.AtomicLong;

/** Launches specialised kernels on one driver: looks them up, passes the arguments, counts launches. */
final class Launcher {
  private final Driver driver;
  private final ProgramCache programs;
  private final KernelArgs args = new KernelArgs();
  private final AtomicLong launches = new AtomicLong();
  final boolean fp64;

  Launcher(Driver driver) {
    this.driver = driver;
    this.programs = new ProgramCache(driver);
    this.fp64 = driver.info().fp64();
  }

  /** The (emptied) arguments of the next launch. */
  KernelArgs args() {
    return args.reset();
  }

  /** Queues {@code ref} with the arguments collected since {@link #args()}. */
  void launch(KernelRef ref, LaunchPlan plan) {
    driver.launch(programs.kernel(ref), plan, args);
    launches.incrementAndGet();
  }

  /** Queues a kernel looked up elsewhere (a generated one) with the arguments collected since {@link #args()}. */
  void launch(DeviceKernel kernel, LaunchPlan plan) {
    driver.launch(kernel, plan, args);
    launches.incrementAndGet();
  }

  /** The device's program cache (generated programs compile through it). */
  ProgramCache programs() {
    return programs;
  }

  /** Counts a launch made outside this launcher (a library call on the same queue). */
  void countLaunch() {
    launches.incrementAndGet();
  }

  long launches() {
    return launches.get();
  }

  void resetLaunches() {
    launches.set(0);
  }
}
