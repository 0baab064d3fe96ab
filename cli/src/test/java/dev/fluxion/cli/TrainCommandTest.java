package dev.fluxion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.cli.train.Models;
import dev.fluxion.nn.Sequential;
import dev.fluxion.nn.data.FashionMnist;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fluxion train} end to end on a small slice of Fashion-MNIST: the output format, the
 * plot and model files, and that the same command with the same seed prints the same numbers
 * twice on the CPU.
 */
class TrainCommandTest {
  @TempDir
  Path dir;

  private static void assumeData() {
    boolean present = Files.isDirectory(FashionMnist.DEFAULT_DIR);
    if (!present && System.getenv("CI") != null) {
      fail("CI must have Debian's dataset-fashion-mnist installed (.ci/run installs it)");
    }
    assumeTrue(present, "Fashion-MNIST is not installed: apt-get install dataset-fashion-mnist");
  }

  /** Runs the command; returns {exit code, stdout, stderr}. */
  private static String[] run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      return new String[] {Integer.toString(code), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void theSameSeedPrintsTheSameNumbersTwice() throws Exception {
    assumeData();
    Path plot = dir.resolve("curve.png");
    Path model = dir.resolve("model.npz");
    String[] common = {"train", "--limit", "600", "--test-limit", "500", "--epochs", "2", "--batch-size", "64"};
    String[] a = run(concat(common, "--seed", "3", "--plot", plot.toString(), "--save", model.toString()));
    String[] b = run(concat(common, "--seed", "3"));
    String[] c = run(concat(common, "--seed", "4"));
    assertEquals("0", a[0], a[2]);
    assertTrue(a[1].matches("(?s)epoch 1: loss \\d\\.\\d{6}, test accuracy 0\\.\\d{4}\nepoch 2: .*\ntest accuracy: 0\\.\\d{4}\n"),
        "stdout:\n" + a[1]);
    assertTrue(a[2].contains("epoch 2/2 [") && a[2].contains("samples/s"), "progress on stderr:\n" + a[2]);
    assertEquals(a[1], b[1], "same seed, same losses and accuracies");
    assertNotEquals(a[1], c[1], "another seed, other numbers");
    byte[] png = Files.readAllBytes(plot);
    assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a PNG was written");
    Sequential loaded = Models.mlp(99, DType.FLOAT32, Device.cpu());
    loaded.load(model);
    assertTrue(loaded.parameterCount() == 235_146);
  }

  @Test
  void badOptionsAreReported() {
    String[] r = run("train", "--model", "rnn");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("--model must be mlp or cnn, got rnn"), r[2]);
    r = run("train", "--lr", "-1");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("--lr must be > 0"), r[2]);
    r = run("train", "--data", "/nonexistent/fashion");
    assertEquals("2", r[0]);
    assertTrue(r[2].contains("dataset-fashion-mnist"), r[2]);
  }

  private static String[] concat(String[] a, String... b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
