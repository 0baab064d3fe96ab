package dev.fluxion.nn.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Fashion-MNIST (Xiao, Rasul and Vollgraf 2017): 28×28 grey images of clothing in 10 classes,
 * 60,000 for training and 10,000 for testing, read from the four IDX files that Debian's
 * {@code dataset-fashion-mnist} package installs in {@link #DEFAULT_DIR}. Pixels are scaled to
 * [0, 1]; samples have shape {@code (1, 28, 28)}.
 */
public final class FashionMnist {
  /** Where Debian's {@code dataset-fashion-mnist} package puts the files. */
  public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");

  public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
      "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

  private FashionMnist() {}

  /** The training and test sets. */
  public record Splits(Dataset train, Dataset test) {}

  /** Both splits from the Debian package's directory. */
  public static Splits load() throws IOException {
    return load(DEFAULT_DIR);
  }

  /** Both splits from a directory holding the four {@code *-ubyte.gz} files. */
  public static Splits load(Path dir) throws IOException {
    return new Splits(load(dir, "train"), load(dir, "t10k"));
  }

  /** One split: {@code "train"} or {@code "t10k"}. */
  public static Dataset load(Path dir, String split) throws IOException {
    Path images = find(dir, split + "-images-idx3-ubyte");
    Path labels = find(dir, split + "-labels-idx1-ubyte");
    Idx.Array img = Idx.read(images);
    Idx.Array lab = Idx.read(labels);
    if (img.dims().length != 3 || lab.dims().length != 1 || img.dims()[0] != lab.dims()[0]) {
      throw new IOException("Fashion-MNIST: the images " + images + " " + java.util.Arrays.toString(img.dims())
          + " and the labels " + labels + " " + java.util.Arrays.toString(lab.dims())
          + " do not match (expected (N, 28, 28) and (N))");
    }
    byte[] px = img.data();
    float[] features = new float[px.length];
    for (int i = 0; i < px.length; i++) {
      features[i] = (px[i] & 0xFF) / 255f;
    }
    int[] y = new int[lab.dims()[0]];
    for (int i = 0; i < y.length; i++) {
      y[i] = lab.data()[i] & 0xFF;
    }
    return new Dataset("fashion-mnist/" + split, features, y, new long[] {1, img.dims()[1], img.dims()[2]}, 10);
  }

  private static Path find(Path dir, String stem) throws IOException {
    for (String suffix : new String[] {".gz", ""}) {
      Path p = dir.resolve(stem + suffix);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    throw new IOException("Fashion-MNIST: " + dir.resolve(stem + ".gz") + " not found. Install Debian's"
        + " dataset-fashion-mnist package (apt-get install dataset-fashion-mnist), which puts the files in "
        + DEFAULT_DIR + ", or pass the directory that holds them");
  }
}
