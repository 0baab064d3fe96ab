package dev.fluxion.conformance;

import static dev.fluxion.conformance.Approx.assertMentions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.fluxion.DType;
import dev.fluxion.DeviceMemoryException;
import dev.fluxion.Tensor;
import dev.fluxion.nn.data.FashionMnist;
import dev.fluxion.nn.data.Idx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clear errors where a user got a crash or silence: allocating beyond the device's memory,
 * NaN or infinite creation bounds, broken data files, backward() of an integer tensor.
 */
public abstract class InputErrorTests extends DeviceTest {
  @TempDir
  Path dir;

  /**
   * A 16 GiB request (the largest tensor Fluxion indexes) is beyond the test JVM's heap (the CPU)
   * and beyond PoCL's largest allocation: a {@link DeviceMemoryException} naming the request,
   * after which the device works as before.
   */
  @Test
  void allocatingBeyondTheDevicesMemoryThrowsDeviceMemoryExceptionAndTheDeviceStaysUsable() {
    assumeFalse(device().name().startsWith("cuda"), "a 16 GiB tensor may fit a GPU's memory; the CUDA allocator's"
        + " out-of-memory path is the kernels module's CachingAllocator, shared with OpenCL and tested there");
    long elements = (1L << 31) - 16;
    DeviceMemoryException e = assertThrows(DeviceMemoryException.class, () -> Tensor.zeros(DType.FLOAT64, device(), elements));
    assertMentions(e, String.valueOf(elements));
    Tensor x = Tensor.linspace(DType.FLOAT64, device(), 0, 1, 1 << 20);
    x.square().sum().backward();
    assertArrayEquals(new double[] {0, 2.0 / ((1 << 20) - 1)}, java.util.Arrays.copyOf(x.grad().toDoubleArray(), 2), 1e-15);
  }

  @Test
  void arangeAndLinspaceRefuseNaNAndInfiniteBounds() {
    double[] bad = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    for (double v : bad) {
      assertMentions(assertThrows(IllegalArgumentException.class, () -> Tensor.arange(v, 10)), "arange", String.valueOf(v));
      assertMentions(assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0, v)), "arange", String.valueOf(v));
      assertMentions(assertThrows(IllegalArgumentException.class, () -> Tensor.arange(0, 10, v)), "arange", String.valueOf(v));
      assertMentions(assertThrows(IllegalArgumentException.class,
          () -> Tensor.arange(DType.FLOAT32, device(), 0, v, 1)), "arange");
      assertMentions(assertThrows(IllegalArgumentException.class, () -> Tensor.linspace(v, 1, 5)), "linspace", String.valueOf(v));
      assertMentions(assertThrows(IllegalArgumentException.class, () -> Tensor.linspace(0, v, 5)), "linspace", String.valueOf(v));
      assertMentions(assertThrows(IllegalArgumentException.class,
          () -> Tensor.linspace(DType.FLOAT32, device(), v, 1, 0)), "linspace");
    }
  }

  @Test
  void backwardOfAnIntegerTensorSaysIntegerTensorsAreConstants() {
    Tensor[] integers = {Tensor.of(1, 2, 3), Tensor.of(4L, 5L), Tensor.of(1.0, -2.0).gt(0.0),
        Tensor.of(1.0, 2.0).to(DType.INT32).sum()};
    String[] dtypes = {"int32", "int64", "bool", "int64"};
    for (int i = 0; i < integers.length; i++) {
      Tensor t = integers[i];
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, t::backward);
      assertMentions(e, "backward", "Integer-valued tensors must be treated as constants", dtypes[i]);
    }
    Tensor x = Tensor.of(1.0, 2.0);
    assertThrows(IllegalArgumentException.class, () -> x.square().to(DType.INT64).backward());
    assertNull(x.grad(), "nothing was differentiated");
  }

  private Path idx(String name, byte[] contents, boolean gzip) throws IOException {
    Path p = dir.resolve(name);
    try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
      out.write(contents);
    }
    return p;
  }

  private static byte[] header(int type, int... dims) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(0);
    b.write(0);
    b.write(type);
    b.write(dims.length);
    for (int d : dims) {
      b.write(d >>> 24);
      b.write(d >>> 16);
      b.write(d >>> 8);
      b.write(d);
    }
    return b.toByteArray();
  }

  @Test
  void everyIdxLoaderErrorNamesTheFile() throws IOException {
    Path notGzip = idx("train-images-idx3-ubyte.gz", "these are not gzip bytes".getBytes(), false);
    assertMentions(assertThrows(IOException.class, () -> Idx.read(notGzip)), notGzip.toString(), "gzip");
    Path truncatedGzip = dir.resolve("cut.gz");
    byte[] full = Files.readAllBytes(idx("full.gz", header(8, 100, 28, 28), true));
    Files.write(truncatedGzip, java.util.Arrays.copyOf(full, full.length - 6));
    assertMentions(assertThrows(IOException.class, () -> Idx.read(truncatedGzip)), truncatedGzip.toString());
    Path shortData = idx("short.gz", header(8, 10, 28, 28), true);
    assertMentions(assertThrows(IOException.class, () -> Idx.read(shortData)), shortData.toString(), "truncated");
    Path wrongType = idx("floats.gz", header(0x0D, 2), true);
    assertMentions(assertThrows(IOException.class, () -> Idx.read(wrongType)), wrongType.toString(), "0xd");
    Path missing = dir.resolve("missing-idx1-ubyte.gz");
    assertMentions(assertThrows(IOException.class, () -> Idx.read(missing)), missing.toString(), "no such file");
    Path notIdx = idx("labels", new byte[] {1, 2, 3, 4, 5}, false);
    assertMentions(assertThrows(IOException.class, () -> Idx.read(notIdx)), notIdx.toString(), "not an IDX file");

    Path split = Files.createDirectory(dir.resolve("fashion"));
    Files.copy(notGzip, split.resolve("train-images-idx3-ubyte.gz"));
    idx("fashion/train-labels-idx1-ubyte.gz", header(8, 0), true);
    Path images = split.resolve("train-images-idx3-ubyte.gz");
    assertMentions(assertThrows(IOException.class, () -> FashionMnist.load(split, "train")), images.toString());
  }
}
