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

  @Test
  void theSameSeedPrintsTheSameNumbersTwice() throws Exception {
    assumeData();
    Path plot = dir.resolve("curve.png");
    Path model = dir.resolve("model.npz");
    String[] common = {"train", "--limit", "600", "--test-limit", "500", "--epochs", "2", "--batch-size", "64"};
    CliRun a = CliRun.of(concat(common, "--seed", "3", "--plot", plot.toString(), "--save", model.toString()));
    CliRun b = CliRun.of(concat(common, "--seed", "3"));
    CliRun c = CliRun.of(concat(common, "--seed", "4"));
    assertEquals(0, a.exitCode(), a.err());
    assertTrue(a.out().matches("(?s)epoch 1: loss \\d\\.\\d{6}, test accuracy 0\\.\\d{4}\nepoch 2: .*\ntest accuracy: 0\\.\\d{4}\n"),
        "stdout:\n" + a.out());
    assertTrue(a.err().contains("epoch 2/2 [") && a.err().contains("samples/s"), "progress on stderr:\n" + a.err());
    assertEquals(a.out(), b.out(), "same seed, same losses and accuracies");
    assertNotEquals(a.out(), c.out(), "another seed, other numbers");
    byte[] png = Files.readAllBytes(plot);
    assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "a PNG was written");
    Sequential loaded = Models.mlp(99, DType.FLOAT32, Device.cpu());
    loaded.load(model);
    assertTrue(loaded.parameterCount() == 235_146);
  }

  /** The compiled step (the default) and --eager train alike: the same test accuracy to 0.3 %. */
  @Test
  void compiledAndEagerStepsReachTheSameAccuracy() {
    assumeData();
    String[] common = {"train", "--limit", "2000", "--test-limit", "1000", "--epochs", "1", "--seed", "5"};
    CliRun compiled = CliRun.of(common);
    CliRun eager = CliRun.of(concat(common, "--eager"));
    assertEquals(0, compiled.exitCode(), compiled.err());
    assertEquals(0, eager.exitCode(), eager.err());
    assertTrue(compiled.err().contains("compiled steps") && eager.err().contains("eager steps"), compiled.err() + eager.err());
    double a = lastAccuracy(compiled.out());
    double b = lastAccuracy(eager.out());
    assertTrue(Math.abs(a - b) <= 0.003, "compiled " + a + " vs eager " + b);
  }

  private static double lastAccuracy(String out) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("test accuracy: (0\\.\\d{4})").matcher(out);
    assertTrue(m.find(), out);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void badOptionsAreReported() {
    CliRun r = CliRun.of("train", "--model", "rnn");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("--model must be mlp or cnn, got rnn"), r.err());
    r = CliRun.of("train", "--lr", "-1");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("--lr must be > 0"), r.err());
    r = CliRun.of("train", "--data", "/nonexistent/fashion");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("dataset-fashion-mnist"), r.err());
  }

  private static String[] concat(String[] a, String... b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
