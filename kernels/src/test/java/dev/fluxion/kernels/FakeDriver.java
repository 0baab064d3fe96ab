package dev.fluxion.kernels;

import java.nio.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A driver without a device, for testing what {@link DriverBackend} does around the driver:
 * memory is a byte count against a budget, programs and launches are recorded, not run.
 */
final class FakeDriver implements Driver {
  record Memory(long bytes) implements DeviceMemory {}

  record Program(String name, String source) implements DeviceProgram {}

  record Kernel(String name) implements DeviceKernel {}

  private final DeviceInfo info;
  private final long budget;
  long live;
  int allocations;
  int frees;
  final List<String> compiled = new ArrayList<>();
  final List<String> launched = new ArrayList<>();
  final List<LaunchPlan> plans = new ArrayList<>();
  /** The library GEMM the driver offers (none unless a test sets one before opening the device). */
  LibraryGemm library;
  /** Why the driver cannot compile at run time (null: it can), set before opening the device. */
  String noCompiler;

  /** A device of {@code totalBytes} whose driver fails allocations beyond {@code budget} bytes. */
  FakeDriver(boolean fp64, long totalBytes, long budget) {
    this(new DeviceInfo("fake:0", "a fake device for tests", fp64, totalBytes, totalBytes, 1024, 48 * 1024), budget);
  }

  FakeDriver(DeviceInfo info, long budget) {
    this.info = info;
    this.budget = budget;
  }

  @Override
  public DeviceInfo info() {
    return info;
  }

  @Override
  public Dialect dialect() {
    return Dialect.OPENCL;
  }

  @Override
  public DeviceMemory allocate(long bytes) {
    if (live + bytes > budget) {
      throw new DriverOutOfMemoryException("fake: " + bytes + " bytes do not fit");
    }
    live += bytes;
    allocations++;
    return new Memory(bytes);
  }

  @Override
  public void free(DeviceMemory memory) {
    live -= memory.bytes();
    frees++;
  }

  @Override
  public void write(DeviceMemory dst, long dstByteOffset, Buffer src) {}

  @Override
  public void read(DeviceMemory src, long srcByteOffset, Buffer dst) {}

  @Override
  public DeviceProgram compile(String name, String source) {
    compiled.add(name);
    return new Program(name, source);
  }

  @Override
  public DeviceKernel kernel(DeviceProgram program, String name) {
    if (!((Program) program).source().contains(" " + name + "(")) {
      throw new IllegalArgumentException("program " + ((Program) program).name() + " has no kernel " + name);
    }
    return new Kernel(name);
  }

  @Override
  public void launch(DeviceKernel kernel, LaunchPlan plan, KernelArgs args) {
    launched.add(((Kernel) kernel).name());
    plans.add(plan);
  }

  @Override
  public Optional<LibraryGemm> gemm() {
    return Optional.ofNullable(library);
  }

  @Override
  public Optional<String> noRuntimeCompiler() {
    return Optional.ofNullable(noCompiler);
  }

  @Override
  public void synchronize() {}

  @Override
  public void close() {}
}
