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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Build step of the kernels module: renders every program in the CUDA dialect into
 * {@code <dir>/<program>.cu}, compiles it to PTX with {@code nvcc -ptx -arch=compute_75}, and
 * packs that PTX with cubins assembled by {@code ptxas} for sm_75, sm_80 and sm_90 into
 * {@code <program>.fatbin} ({@code nvcc -fatbin -gencode ...} on the PTX, which runs ptxas once
 * per architecture: the assembly is the check), failing the build on any error. It then writes
 * {@link CudaKernelIndex#FILE} naming the toolkit and each program's source hash, which
 * backend-cuda packages with the fatbins. Programs whose source is unchanged since their last
 * successful build are skipped. Without {@code nvcc} on the PATH nothing is built, with a message.
 */
public final class CudaCompileCheck {
  static final String VIRTUAL_ARCH = "compute_75";
  static final List<String> REAL_ARCHS = List.of("sm_75", "sm_80", "sm_90");
  /**
   * What CUDA programs are specialised for: every CUDA device computes in FP64 and gives a block
   * 48 KiB of static shared memory. A CUDA driver must report this target for the prebuilt
   * programs' sources (and so their hashes) to match.
   */
  public static final Target CUDA_DEVICE = new Target(true, 48 * 1024);

  private static final Pattern RELEASE = Pattern.compile("release (\\d+)\\.(\\d+)");

  private CudaCompileCheck() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/cuda");
    Optional<Path> nvcc = onPath("nvcc");
    if (nvcc.isEmpty()) {
      System.out.println("[kernels] nvcc is not on the PATH: skipping the CUDA build and check of the kernels"
          + " (backend-cuda will carry no prebuilt kernels)");
      return;
    }
    Files.createDirectories(dir);
    Files.deleteIfExists(dir.resolve(CudaKernelIndex.FILE));
    String toolkit = toolkitVersion(nvcc.get());
    List<ProgramKey> keys = Kernels.all(true);
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
    List<Future<String>> results = new ArrayList<>();
    for (ProgramKey key : keys) {
      results.add(pool.submit(() -> build(key, dir, nvcc.get())));
    }
    pool.shutdown();
    List<String> failures = new ArrayList<>();
    int built = 0;
    for (Future<String> r : results) {
      String outcome = r.get();
      if (outcome.startsWith("FAILED")) {
        failures.add(outcome);
      } else if (outcome.equals("built")) {
        built++;
      }
    }
    if (!failures.isEmpty()) {
      throw new IllegalStateException("CUDA compile check of the kernels failed:\n" + String.join("\n", failures));
    }
    StringBuilder index = new StringBuilder(CudaKernelIndex.header(toolkit));
    for (ProgramKey key : keys) {
      index.append(CudaKernelIndex.line(key.toString(), ProgramSource.sha256(Files.readString(dir.resolve(key + ".cu")))));
    }
    Files.writeString(dir.resolve(CudaKernelIndex.FILE), index.toString(), StandardCharsets.UTF_8);
    System.out.println("[kernels] CUDA build: " + keys.size() + " programs compiled to PTX for " + VIRTUAL_ARCH
        + ", assembled for " + String.join(", ", REAL_ARCHS) + " and packed as fatbins by nvcc " + toolkit + " ("
        + built + " rebuilt, " + (keys.size() - built) + " unchanged) in " + dir);
  }

  /** "built", "unchanged", or "FAILED ..." with the compiler's output. */
  private static String build(ProgramKey key, Path dir, Path nvcc) throws IOException, InterruptedException {
    String source = Kernels.program(key, CUDA_DEVICE).render(Dialect.CUDA);
    Path cu = dir.resolve(key + ".cu");
    Path ptx = dir.resolve(key + ".ptx");
    Path fatbin = dir.resolve(key + ".fatbin");
    Path stamp = dir.resolve(key + ".built");
    if (Files.exists(stamp) && Files.exists(fatbin) && Files.exists(cu) && Files.readString(cu).equals(source)) {
      return "unchanged";
    }
    Files.deleteIfExists(stamp);
    Files.deleteIfExists(fatbin);
    Files.writeString(cu, source, StandardCharsets.UTF_8);
    String failure = run(key, List.of(nvcc.toString(), "-ptx", "-arch=" + VIRTUAL_ARCH, "-o", ptx.toString(), cu.toString()));
    if (failure == null) {
      List<String> pack = new ArrayList<>(List.of(nvcc.toString(), "-fatbin", "-Xfatbin", "-compress-all"));
      pack.add("-gencode");
      pack.add("arch=" + VIRTUAL_ARCH + ",code=" + VIRTUAL_ARCH); // the PTX itself, JIT-compiled on newer GPUs
      for (String arch : REAL_ARCHS) {
        pack.add("-gencode");
        pack.add("arch=" + VIRTUAL_ARCH + ",code=" + arch);
      }
      pack.addAll(List.of("-o", fatbin.toString(), ptx.toString()));
      failure = run(key, pack);
    }
    if (failure != null) {
      return failure;
    }
    Files.writeString(stamp, "ok\n");
    return "built";
  }

  /** "13.0" from {@code nvcc --version}. */
  private static String toolkitVersion(Path nvcc) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(nvcc.toString(), "--version").redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    Matcher m = RELEASE.matcher(output);
    if (!m.find()) {
      throw new IllegalStateException("cannot read the CUDA release from `" + nvcc + " --version`:\n" + output);
    }
    return m.group(1) + "." + m.group(2);
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
