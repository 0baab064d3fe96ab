package dev.fluxion.kernels;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Build step of the kernels module: renders every program in the CUDA dialect into
 * {@code <dir>/<program>.cu}, compiles it to PTX with {@code nvcc -arch=compute_75} and assembles
 * the PTX with {@code ptxas} for sm_75, sm_80 and sm_90, failing the build on any error. Programs
 * whose source is unchanged since their last successful check are skipped. Without {@code nvcc}
 * on the PATH the check is skipped with a message.
 */
public final class CudaCompileCheck {
  static final String VIRTUAL_ARCH = "compute_75";
  static final List<String> REAL_ARCHS = List.of("sm_75", "sm_80", "sm_90");
  /** Every CUDA device computes in FP64 and gives a block 48 KiB of static shared memory. */
  static final Target CUDA_DEVICE = new Target(true, 48 * 1024);

  private CudaCompileCheck() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/cuda");
    Optional<Path> nvcc = onPath("nvcc");
    Optional<Path> ptxas = onPath("ptxas");
    if (nvcc.isEmpty() || ptxas.isEmpty()) {
      System.out.println("[kernels] " + (nvcc.isEmpty() ? "nvcc" : "ptxas")
          + " is not on the PATH: skipping the CUDA compile check of the kernels");
      return;
    }
    Files.createDirectories(dir);
    List<ProgramKey> keys = Kernels.all(true);
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    List<Future<String>> results = new ArrayList<>();
    for (ProgramKey key : keys) {
      results.add(pool.submit(() -> check(key, dir, nvcc.get(), ptxas.get())));
    }
    pool.shutdown();
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (Future<String> r : results) {
      String outcome = r.get();
      if (outcome.startsWith("FAILED")) {
        failures.add(outcome);
      } else if (outcome.equals("checked")) {
        checked++;
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("CUDA compile check of the kernels failed:\n" + String.join("\n", failures));
    }
    System.out.println("[kernels] CUDA compile check: " + keys.size() + " programs compiled to PTX for " + VIRTUAL_ARCH
        + " and assembled for " + String.join(", ", REAL_ARCHS) + " (" + checked + " rebuilt, "
        + (keys.size() - checked) + " unchanged) in " + dir);
  }

  /** "checked", "unchanged", or "FAILED ..." with the compiler's output. */
  private static String check(ProgramKey key, Path dir, Path nvcc, Path ptxas) throws IOException, InterruptedException {
    String source = Kernels.program(key, CUDA_DEVICE).render(Dialect.CUDA);
    Path cu = dir.resolve(key + ".cu");
    Path ptx = dir.resolve(key + ".ptx");
    Path stamp = dir.resolve(key + ".checked");
    if (Files.exists(stamp) && Files.exists(cu) && Files.readString(cu).equals(source)) {
      return "unchanged";
    }
    Files.deleteIfExists(stamp);
    Files.writeString(cu, source, StandardCharsets.UTF_8);
    String failure = run(key, List.of(nvcc.toString(), "-ptx", "-arch=" + VIRTUAL_ARCH, "-o", ptx.toString(), cu.toString()));
    for (String arch : REAL_ARCHS) {
      if (failure == null) {
        failure = run(key, List.of(ptxas.toString(), "-arch=" + arch, "-o", dir.resolve(key + "." + arch + ".cubin").toString(),
            ptx.toString()));
      }
    }
    if (failure != null) {
      return failure;
    }
    Files.writeString(stamp, "ok\n");
    return "checked";
  }

  private static String run(ProgramKey key, List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int code = p.waitFor();
    return code == 0 ? null : "FAILED " + key + ": " + String.join(" ", command) + " (exit " + code + ")\n" + output;
  }

  private static Optional<Path> onPath(String tool) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String d : path.split(File.pathSeparator)) {
      Path p = Path.of(d, tool);
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}
