package dev.fluxion.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fluxion.Device;
import dev.fluxion.Tensor;
import dev.fluxion.io.Npz;
import dev.fluxion.nn.data.FashionMnist;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same seed gives the same numbers, bit for bit, whatever the timing of the CPU's SIMD
 * warm-up: {@code fluxion train --limit 2000 --epochs 1} runs in two fresh JVMs — the default
 * (the scalar twins run while the SIMD kernels compile in the background) and with every SIMD
 * kernel used from its first call ({@code -Dfluxion.cpu.simd.warmup=none}), the two extremes of
 * the timing — and every printed number and every trained parameter must be equal. (Measured
 * before the twins existed: the two runs printed the same six digits but trained parameters up
 * to 1e-7 apart.)
 */
class TrainReproducibilityTest {
  @TempDir
  Path dir;

  @Test
  void twoFreshJvmsPrintTheSameNumbersAndTrainTheSameParameters() throws Exception {
    sameNumbersInTwoJvms(List.of());
  }

  /** The same with the eager steps of {@code --eager} (the default steps are compiled). */
  @Test
  void eagerStepsTooPrintTheSameNumbersInTwoJvms() throws Exception {
    sameNumbersInTwoJvms(List.of("--eager"));
  }

  private void sameNumbersInTwoJvms(List<String> options) throws Exception {
    boolean present = Files.isDirectory(FashionMnist.DEFAULT_DIR);
    if (!present && System.getenv("CI") != null) {
      fail("CI must have Debian's dataset-fashion-mnist installed (.ci/run installs it)");
    }
    assumeTrue(present, "Fashion-MNIST is not installed: apt-get install dataset-fashion-mnist");
    Path first = dir.resolve("default.npz");
    String a = train(first, List.of(), options);
    assertTrue(a.matches("(?s)epoch 1: loss \\d\\.\\d{6}, test accuracy 0\\.\\d{4}\ntest accuracy: 0\\.\\d{4}\n"), a);
    Map<String, Tensor> pa = Npz.read(first, Device.cpu());
    for (String warmup : new String[] {"none"}) {
      Path other = dir.resolve(warmup + ".npz");
      String b = train(other, List.of("-Dfluxion.cpu.simd.warmup=" + warmup), options);
      assertEquals(a, b, "every printed number, default and warm-up " + warmup);
      Map<String, Tensor> pb = Npz.read(other, Device.cpu());
      assertEquals(pa.keySet(), pb.keySet());
      for (String name : pa.keySet()) {
        assertArrayEquals(pa.get(name).toFloatArray(), pb.get(name).toFloatArray(), name + ": the same bits with " + warmup);
      }
    }
  }

  /** Runs the command line in a new JVM (this test's class path) and returns its stdout. */
  private String train(Path save, List<String> jvmOptions, List<String> options) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("--add-modules");
    cmd.add("jdk.incubator.vector");
    cmd.add("-Xmx1g");
    cmd.addAll(jvmOptions);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "train", "--limit", "2000", "--epochs", "1", "--device", "cpu", "--save", save.toString()));
    cmd.addAll(options);
    Path out = dir.resolve(save.getFileName() + ".out");
    Path err = dir.resolve(save.getFileName() + ".err");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      fail("fluxion train did not finish in 5 minutes");
    }
    assertEquals(0, p.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
    return Files.readString(out, StandardCharsets.UTF_8);
  }
}
