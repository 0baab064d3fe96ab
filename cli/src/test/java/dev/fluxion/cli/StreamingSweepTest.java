package dev.fluxion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Fused;
import dev.fluxion.Scope;
import dev.fluxion.Tensor;
import dev.fluxion.cli.formula.Formula;
import dev.fluxion.cli.sweep.TensorAlgebra;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The streaming sweep gives the in-memory sweep's numbers bit for bit, whatever the block size. */
class StreamingSweepTest {
  private static final String FORMULA = "exp(atan(82x^3+log x))*sqrt(25x^(1/22930)+39e^(2/x)-sin x)";
  private static final double FROM = 0.5;
  private static final double TO = 10;

  /** x, f, f' of the whole range in one tensor each: linspace and one Fused program over all of it. */
  static double[][] inMemory(long points, DType dtype) {
    Formula f = Formula.parse(FORMULA);
    Fused program = Fused.of("reference", 1, t -> {
      Autodiff.Vjp r = Autodiff.vjp(x -> f.evaluate(new TensorAlgebra(x)), t[0]);
      return new Tensor[] {r.value(), r.pullback().apply(Tensor.onesLike(r.value()))};
    });
    try (Scope scope = Tensor.scope()) {
      Tensor x = Tensor.linspace(dtype, Device.cpu(), FROM, TO, (int) points).detach();
      Tensor[] out = program.apply(x);
      return new double[][] {x.toDoubleArray(), out[0].toDoubleArray(), out[1].toDoubleArray()};
    }
  }

  /**
   * Runs {@link #check} in a child JVM (its own heap, SIMD kernels as a user gets them): every CPU
   * loop gives the same bits on its SIMD and scalar paths, so where a point falls in a block may not
   * change it, and streaming must give exactly the in-memory numbers.
   */
  @ParameterizedTest(name = "{0} points in blocks of {1}, {2}")
  @CsvSource({"2000, 1, float64", "2000, 7, float64", "1048579, 1048576, float64", "1048579, 1048579, float64",
      "2000, 7, float32", "1048579, 1048576, float32"})
  void csvAndNpyEqualTheInMemorySweepBitForBit(long points, int block, String dtype, @TempDir Path dir) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(java, "-Xmx1g", "--add-modules", "jdk.incubator.vector",
        "-cp", System.getProperty("java.class.path"), StreamingSweepTest.class.getName(), "" + points, "" + block, dtype,
        dir.toString()).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the check finishes");
    assertEquals(0, p.exitValue(), output);
    assertTrue(output.contains("identical: " + points + " rows"), output);
  }

  /** The check itself: {@code points block dtype dir}. */
  public static void main(String[] args) throws IOException {
    check(Long.parseLong(args[0]), Integer.parseInt(args[1]), DType.parse(args[2]), Path.of(args[3]));
  }

  static void check(long points, int block, DType type, Path dir) throws IOException {
    boolean f32 = type == DType.FLOAT32;
    double[][] want = inMemory(points, type);
    Path csv = dir.resolve("s.csv");
    Path npy = dir.resolve("s.npy");
    for (Path file : List.of(csv, npy)) {
      CliRun r = CliRun.of("sweep", FORMULA, "--from", "" + FROM, "--to", "" + TO, "--points", "" + points,
          "--block", "" + block, "--dtype", type.numpyName(), "--out", file.toString());
      if (r.exitCode() != 0) {
        throw new AssertionError(r.err());
      }
    }
    double[][] fromCsv = readCsv(csv, (int) points, f32);
    double[][] fromNpy = readNpy(npy, (int) points, f32);
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < points; i++) {
        long bits = Double.doubleToRawLongBits(want[c][i]);
        if (bits != Double.doubleToRawLongBits(fromCsv[c][i]) || bits != Double.doubleToRawLongBits(fromNpy[c][i])) {
          throw new AssertionError("column " + c + " row " + i + ": in memory " + want[c][i] + ", csv " + fromCsv[c][i]
              + ", npy " + fromNpy[c][i]);
        }
      }
    }
    System.out.println("identical: " + points + " rows");
  }

  static double[][] readCsv(Path csv, int points, boolean float32) throws IOException {
    double[][] cols = new double[3][points];
    try (var lines = Files.lines(csv)) {
      var it = lines.iterator();
      assertEquals("x,f,df_dx", it.next());
      for (int i = 0; i < points; i++) {
        String[] p = it.next().split(",");
        for (int c = 0; c < 3; c++) {
          cols[c][i] = float32 ? Float.parseFloat(p[c]) : Double.parseDouble(p[c]);
        }
      }
      assertTrue(!it.hasNext(), "no more rows");
    }
    return cols;
  }

  static double[][] readNpy(Path npy, int points, boolean float32) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(npy)).order(ByteOrder.LITTLE_ENDIAN);
    int headerLength = b.getShort(8) & 0xffff;
    String header = new String(b.array(), 10, headerLength, java.nio.charset.StandardCharsets.US_ASCII);
    String t = float32 ? "<f4" : "<f8";
    assertTrue(header.contains("'descr': [('x', '" + t + "'), ('f', '" + t + "'), ('df_dx', '" + t + "')]"), header);
    assertTrue(header.contains("'shape': (" + points + ",)"), header);
    b.position(10 + headerLength);
    double[][] cols = new double[3][points];
    for (int i = 0; i < points; i++) {
      for (int c = 0; c < 3; c++) {
        cols[c][i] = float32 ? b.getFloat() : b.getDouble();
      }
    }
    assertEquals(0, b.remaining());
    return cols;
  }

  @Test
  void numpyReadsTheNpyFile(@TempDir Path dir) throws Exception {
    Path python = Path.of("/usr/bin/python3");
    assumeTrue(Files.isExecutable(python) && new ProcessBuilder(python.toString(), "-c", "import numpy").start().waitFor() == 0,
        "NumPy is not installed for /usr/bin/python3 (.ci/run installs python3-numpy)");
    Path npy = dir.resolve("grid.npy");
    CliRun r = CliRun.of("sweep", "x^2*y + sin(x*y)", "--var", "x=0:1:30", "--var", "y=-1:1:20", "--block", "7",
        "--out", npy.toString());
    assertEquals(0, r.exitCode(), r.err());
    String script = "import numpy as np\n"
        + "a = np.load('" + npy + "')\n"
        + "x, y = a['x'], a['y']\n"
        + "assert a.shape == (600,), a.shape\n"
        + "assert a.dtype.names == ('x', 'y', 'f', 'df_dx', 'df_dy'), a.dtype.names\n"
        + "X, Y = np.meshgrid(np.linspace(0, 1, 30), np.linspace(-1, 1, 20), indexing='ij')\n"
        + "assert np.array_equal(x, X.ravel()) and np.array_equal(y, Y.ravel())\n"
        + "assert np.allclose(a['f'], x**2*y + np.sin(x*y), rtol=1e-14, atol=1e-15)\n"
        + "assert np.allclose(a['df_dx'], 2*x*y + y*np.cos(x*y), rtol=1e-14, atol=1e-15)\n"
        + "assert np.allclose(a['df_dy'], x**2 + x*np.cos(x*y), rtol=1e-14, atol=1e-15)\n"
        + "print('ok', a.shape)\n";
    Process p = new ProcessBuilder(python.toString(), "-c", script).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), output);
    assertEquals("ok (600,)", output.strip());
  }
}
