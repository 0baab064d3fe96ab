package dev.fluxion.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Rng;
import dev.fluxion.Tensor;
import dev.fluxion.io.Npy;
import dev.fluxion.io.NpyFormatException;
import dev.fluxion.io.Npz;
import dev.fluxion.nn.Linear;
import dev.fluxion.nn.ReLU;
import dev.fluxion.nn.Sequential;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saving and loading: {@code .npy} round trips of every dtype, models saved to {@code .npz}
 * and loaded back, NumPy reading what Fluxion writes (and the reverse) when
 * {@code /usr/bin/python3} with numpy is present, and clear errors on wrong names, shapes,
 * dtypes and corrupt files.
 */
public abstract class NnIoTests extends DeviceTest {
  @TempDir
  Path dir;

  private static Sequential mlp(long seed) {
    return new Sequential(new Linear(3, 4, seed, DType.FLOAT32, Device.defaultDevice()), new ReLU(),
        new Linear(4, 2, seed + 1, DType.FLOAT32, Device.defaultDevice()));
  }

  @Test
  void npyRoundTripsEveryDtype() throws IOException {
    Map<String, Tensor> cases = new LinkedHashMap<>();
    cases.put("f8", Tensor.from(new double[] {1.5, -2, Math.PI, Double.NaN, Double.NEGATIVE_INFINITY, 0}, 2, 3));
    cases.put("f4", Tensor.from(new float[] {1.5f, -2, 3.25f}, 3, 1));
    cases.put("i4", Tensor.from(new int[] {Integer.MIN_VALUE, 0, 7, Integer.MAX_VALUE}, 2, 2));
    cases.put("i8", Tensor.of(Long.MAX_VALUE, -1L, (1L << 53) + 1));
    cases.put("b1", Tensor.from(new boolean[] {true, false, true, true}, 4));
    cases.put("scalar", Tensor.of(2.5));
    cases.put("empty", Tensor.from(new double[0], 0, 3));
    for (Map.Entry<String, Tensor> c : cases.entrySet()) {
      Path p = dir.resolve(c.getKey() + ".npy");
      Npy.write(p, c.getValue());
      assertEquals(0, headerSize(p) % 64, c.getKey() + ": the header is padded to a multiple of 64 bytes");
      assertEquals(headerSize(p) + c.getValue().size() * c.getValue().dtype().byteSize(), Files.size(p), c.getKey() + ": file size");
      Tensor back = Npy.read(p);
      assertEquals(c.getValue().dtype(), back.dtype(), c.getKey() + " dtype");
      assertArrayEquals(c.getValue().shape(), back.shape(), c.getKey() + " shape");
      assertEquals(Arrays.deepToString(new Object[] {c.getValue().toArray()}), Arrays.deepToString(new Object[] {back.toArray()}),
          c.getKey() + " values");
      assertTrue(back.isConstant(), "arrays read back are constants");
    }
  }

  private static long headerSize(Path p) throws IOException {
    byte[] b = Files.readAllBytes(p);
    return 10 + ((b[8] & 0xFF) | (b[9] & 0xFF) << 8);
  }

  @Test
  void aModelSavedAndLoadedGivesTheSameOutputs() throws IOException {
    Sequential a = mlp(1);
    Sequential b = mlp(100);
    Tensor x = Tensor.randn(Rng.of(3), DType.FLOAT32, Device.defaultDevice(), 5, 3).detach();
    Path file = dir.resolve("model.npz");
    a.save(file);
    assertEquals("[0.weight, 0.bias, 2.weight, 2.bias]", Npz.read(file).keySet().toString(), "names as in a state_dict");
    assertTrue(!Arrays.equals(eval(a, x), eval(b, x)), "different seeds differ");
    b.load(file);
    assertArrayEquals(eval(a, x), eval(b, x), "outputs after load");
    assertTrue(b.parameters().get(0).isVariable(), "loading keeps the parameters as variables");
  }

  private static float[] eval(Sequential m, Tensor x) {
    return dev.fluxion.Autodiff.noGrad(() -> m.forward(x)).toFloatArray();
  }

  @Test
  void loadRejectsAnotherArchitectureAndChangesNothing() throws IOException {
    Path file = dir.resolve("small.npz");
    mlp(1).save(file);
    Sequential wider = new Sequential(new Linear(3, 5, 1, DType.FLOAT32, Device.defaultDevice()), new ReLU(),
        new Linear(5, 2, 2, DType.FLOAT32, Device.defaultDevice()));
    float[] before = wider.parameters().get(0).toFloatArray();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> wider.load(file));
    assertTrue(e.getMessage().contains("'0.weight' has shape [4, 3]") && e.getMessage().contains("[5, 3]"), e.getMessage());
    assertArrayEquals(before, wider.parameters().get(0).toFloatArray(), "no parameter changed");

    Sequential f64 = mlp(1);
    f64.to(DType.FLOAT64);
    e = assertThrows(IllegalArgumentException.class, () -> f64.load(file));
    assertTrue(e.getMessage().contains("float32") && e.getMessage().contains("float64"), e.getMessage());

    Sequential deeper = new Sequential(new Linear(3, 4, 1), new ReLU(), new Linear(4, 2, 2), new Linear(2, 2, 3));
    e = assertThrows(IllegalArgumentException.class, () -> deeper.load(file));
    assertTrue(e.getMessage().contains("missing: [3.weight, 3.bias]"), e.getMessage());
  }

  @Test
  void corruptFilesGiveClearErrors() throws IOException {
    Path notNpy = dir.resolve("text.npy");
    Files.writeString(notNpy, "hello, world");
    NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(notNpy));
    assertTrue(e.getMessage().contains("not a .npy file"), e.getMessage());

    Path good = dir.resolve("good.npy");
    Npy.write(good, Tensor.from(new double[] {1, 2, 3, 4, 5, 6}, 2, 3));
    byte[] bytes = Files.readAllBytes(good);
    Path truncated = dir.resolve("truncated.npy");
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 5));
    e = assertThrows(NpyFormatException.class, () -> Npy.read(truncated));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());

    Path complex = dir.resolve("complex.npy");
    Files.write(complex, new String(bytes, StandardCharsets.ISO_8859_1).replace("'<f8'", "'<c8'")
        .getBytes(StandardCharsets.ISO_8859_1));
    e = assertThrows(NpyFormatException.class, () -> Npy.read(complex));
    assertTrue(e.getMessage().contains("unsupported dtype '<c8'"), e.getMessage());

    e = assertThrows(NpyFormatException.class, () -> Npy.read(good, Device.defaultDevice(), DType.FLOAT32, 2, 3));
    assertTrue(e.getMessage().contains("expected float32 [2, 3], the file holds float64 [2, 3]"), e.getMessage());

    Path badZip = dir.resolve("bad.npz");
    Files.write(badZip, Arrays.copyOf(bytes, 40));
    e = assertThrows(NpyFormatException.class, () -> Npz.read(badZip));
    assertTrue(e.getMessage().contains("not a valid .npz"), e.getMessage());
    assertThrows(NpyFormatException.class, () -> mlp(1).load(badZip));
  }

  /** {@code /usr/bin/python3} with numpy, or a skip that says what is missing. */
  private static void assumeNumpy() throws IOException, InterruptedException {
    Path py = Path.of("/usr/bin/python3");
    assumeTrue(Files.isExecutable(py), "/usr/bin/python3 is not installed (apt-get install python3-numpy)");
    Process p = new ProcessBuilder(py.toString(), "-c", "import numpy").redirectErrorStream(true).start();
    assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0,
        "numpy is not importable by /usr/bin/python3 (apt-get install python3-numpy)");
  }

  private static String python(String script, Path cwd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("/usr/bin/python3", "-c", script).directory(cwd.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python timed out");
    assertEquals(0, p.exitValue(), "python failed:\n" + out);
    return out.trim();
  }

  @Test
  void numpyReadsWhatFluxionWrites() throws Exception {
    assumeNumpy();
    Sequential model = mlp(3);
    model.save(dir.resolve("m.npz"));
    Npy.write(dir.resolve("t.npy"), Tensor.from(new double[] {1, -2.5, 3, 4e-300, 5, 6}, 3, 2));
    Npy.write(dir.resolve("i.npy"), Tensor.of(Long.MAX_VALUE, -3L));
    String out = python("import numpy as np\n"
        + "m = np.load('m.npz')\n"
        + "print(sorted(m.files), m['0.weight'].dtype, m['0.weight'].shape, repr(float(m['2.bias'][1])))\n"
        + "t = np.load('t.npy'); print(t.dtype, t.shape, repr(t[1, 1]), repr(t[2, 0]))\n"
        + "i = np.load('i.npy'); print(i.dtype, i.tolist())\n", dir);
    String[] lines = out.split("\n");
    float bias = model.parameters().get(3).toFloatArray()[1];
    assertEquals("['0.bias', '0.weight', '2.bias', '2.weight'] float32 (4, 3) " + (double) bias, lines[0]);
    assertEquals("float64 (3, 2) 4e-300 5.0", lines[1]);
    assertEquals("int64 [9223372036854775807, -3]", lines[2]);
  }

  @Test
  void fluxionReadsWhatNumpyWrites() throws Exception {
    assumeNumpy();
    python("import numpy as np\n"
        + "np.save('c.npy', np.arange(6, dtype=np.float32).reshape(2, 3))\n"
        + "np.save('f.npy', np.asfortranarray(np.arange(6.0).reshape(2, 3)))\n"
        + "np.save('u.npy', np.array([0, 200, 255], dtype=np.uint8))\n"
        + "np.savez('z.npz', a=np.eye(2), b=np.array([True, False]))\n", dir);
    Tensor c = Npy.read(dir.resolve("c.npy"));
    assertEquals(DType.FLOAT32, c.dtype());
    assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, c.toFloatArray());
    Tensor f = Npy.read(dir.resolve("f.npy"));
    assertArrayEquals(new long[] {2, 3}, f.shape());
    assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, f.toDoubleArray(), "Fortran order is read as row-major");
    assertArrayEquals(new double[] {0, 200, 255}, Npy.read(dir.resolve("u.npy")).toDoubleArray(), "uint8 read as int32");
    Map<String, Tensor> z = Npz.read(dir.resolve("z.npz"));
    assertEquals("[a, b]", z.keySet().toString());
    assertArrayEquals(new double[] {1, 0, 0, 1}, z.get("a").toDoubleArray());
    assertEquals(DType.BOOL, z.get("b").dtype());
  }
}
