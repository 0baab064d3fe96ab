package dev.fluxion.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IDX reader, the Fashion-MNIST loader on small files made here, shuffling, and the quadrant set. */
class DataTest {
  @TempDir
  Path dir;

  private static byte[] idx(int[] dims, byte[] data) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeShort(0);
    out.writeByte(0x08);
    out.writeByte(dims.length);
    for (int d : dims) {
      out.writeInt(d);
    }
    out.write(data);
    return bytes.toByteArray();
  }

  private static void gz(Path p, byte[] content) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
      out.write(content);
    }
  }

  /** A miniature Fashion-MNIST: n images of 2×3 pixels. */
  private void writeSplit(String split, int n) throws IOException {
    byte[] px = new byte[n * 6];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (i * 51);
    }
    byte[] labels = new byte[n];
    for (int i = 0; i < n; i++) {
      labels[i] = (byte) (9 - i % 10);
    }
    gz(dir.resolve(split + "-images-idx3-ubyte.gz"), idx(new int[] {n, 2, 3}, px));
    gz(dir.resolve(split + "-labels-idx1-ubyte.gz"), idx(new int[] {n}, labels));
  }

  @Test
  void readsGzippedIdxFiles() throws IOException {
    writeSplit("train", 4);
    writeSplit("t10k", 2);
    FashionMnist.Splits s = FashionMnist.load(dir);
    assertEquals(4, s.train().size());
    assertEquals(2, s.test().size());
    assertArrayEquals(new long[] {1, 2, 3}, s.train().sampleShape());
    assertArrayEquals(new int[] {9, 8, 7, 6}, s.train().labels());
    assertEquals(51 / 255f, s.train().features()[1], 0f);
    assertEquals(((7 * 51) & 0xFF) / 255f, s.train().features()[7], 0f, "pixels are unsigned bytes scaled to [0, 1]");
  }

  @Test
  void readsPlainIdxFiles() throws IOException {
    Path p = dir.resolve("plain-idx1-ubyte");
    Files.write(p, idx(new int[] {3}, new byte[] {1, 2, (byte) 250}));
    Idx.Array a = Idx.read(p);
    assertArrayEquals(new int[] {3}, a.dims());
    assertEquals(250, a.data()[2] & 0xFF);
  }

  @Test
  void aMissingDataSetNamesTheDebianPackage() {
    IOException e = assertThrows(IOException.class, () -> FashionMnist.load(dir.resolve("nowhere")));
    assertTrue(e.getMessage().contains("dataset-fashion-mnist") && e.getMessage().contains("train-images-idx3-ubyte.gz"),
        e.getMessage());
  }

  @Test
  void corruptIdxFilesAreReported() throws IOException {
    Path truncated = dir.resolve("t-idx1-ubyte");
    byte[] full = idx(new int[] {10}, new byte[10]);
    Files.write(truncated, Arrays.copyOf(full, full.length - 3));
    IOException e = assertThrows(IOException.class, () -> Idx.read(truncated));
    assertTrue(e.getMessage().contains("truncated IDX file"), e.getMessage());

    Path ints = dir.resolve("i-idx1-int");
    byte[] header = idx(new int[] {1}, new byte[4]);
    header[2] = 0x0C;
    Files.write(ints, header);
    e = assertThrows(IOException.class, () -> Idx.read(ints));
    assertTrue(e.getMessage().contains("type 0xc is not supported"), e.getMessage());

    Path text = dir.resolve("text-idx1-ubyte");
    Files.writeString(text, "hello world");
    e = assertThrows(IOException.class, () -> Idx.read(text));
    assertTrue(e.getMessage().contains("not an IDX file"), e.getMessage());

    Path notGzip = dir.resolve("x-idx1-ubyte.gz");
    Files.write(notGzip, full);
    assertThrows(IOException.class, () -> Idx.read(notGzip));
  }

  @Test
  void mismatchedImagesAndLabelsAreReported() throws IOException {
    writeSplit("train", 4);
    gz(dir.resolve("train-labels-idx1-ubyte.gz"), idx(new int[] {3}, new byte[3]));
    IOException e = assertThrows(IOException.class, () -> FashionMnist.load(dir, "train"));
    assertTrue(e.getMessage().contains("do not match"), e.getMessage());
  }

  @Test
  void shufflingIsASeededPermutationPerEpoch() {
    Dataset d = Quadrants.make(100, 0, 1);
    DataLoader a = new DataLoader(d, 10, 7, dev.fluxion.DType.FLOAT32, null);
    DataLoader b = new DataLoader(d, 10, 7, dev.fluxion.DType.FLOAT32, null);
    int[] e0 = a.order(0);
    assertArrayEquals(e0, b.order(0), "same seed, same order");
    assertNotEquals(Arrays.toString(e0), Arrays.toString(a.order(1)), "a new order each epoch");
    assertNotEquals(Arrays.toString(e0), Arrays.toString(new DataLoader(d, 10, 8, dev.fluxion.DType.FLOAT32, null).order(0)));
    int[] sorted = e0.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < sorted.length; i++) {
      assertEquals(i, sorted[i], "a permutation");
    }
    assertArrayEquals(new int[] {0, 1, 2}, Arrays.copyOf(DataLoader.sequential(d, 10, dev.fluxion.DType.FLOAT32, null).order(0), 3));
    assertEquals(10, a.batches());
    assertEquals(4, new DataLoader(d, 32, 1, dev.fluxion.DType.FLOAT32, null).batches(), "the last batch may be smaller");
  }

  @Test
  void quadrantLabelsFollowTheSigns() {
    assertEquals(0, Quadrants.label(0.5, 0.5));
    assertEquals(1, Quadrants.label(-0.5, 0.5));
    assertEquals(2, Quadrants.label(-0.5, -0.5));
    assertEquals(3, Quadrants.label(0.5, -0.5));
    Dataset clean = Quadrants.make(500, 0, 3);
    float[] x = clean.features();
    for (int i = 0; i < clean.size(); i++) {
      assertEquals(Quadrants.label(x[2 * i], x[2 * i + 1]), clean.labels()[i], "without noise the label is the quadrant");
      assertTrue(Math.abs(x[2 * i]) <= 1 && Math.abs(x[2 * i + 1]) <= 1);
    }
    Dataset noisy = Quadrants.make(2000, 0.1, 3);
    int flipped = 0;
    for (int i = 0; i < noisy.size(); i++) {
      flipped += Quadrants.label(noisy.features()[2 * i], noisy.features()[2 * i + 1]) != noisy.labels()[i] ? 1 : 0;
    }
    assertTrue(flipped > 110 && flipped < 210, "with sigma 0.1 about 2·0.4·0.1 = 8% (160) of labels differ from the quadrant: " + flipped);
  }

  @Test
  void datasetsCheckTheirArguments() {
    assertThrows(IllegalArgumentException.class, () -> new Dataset("d", new float[5], new int[] {0, 1}, new long[] {2}, 2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Dataset("d", new float[4], new int[] {0, 2}, new long[] {2}, 2));
    assertTrue(e.getMessage().contains("label 2 of sample 1"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new DataLoader(Quadrants.make(4, 0, 1), 0, 1, dev.fluxion.DType.FLOAT32, null));
  }
}
