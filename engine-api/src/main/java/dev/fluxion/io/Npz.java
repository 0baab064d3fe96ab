package dev.fluxion.io;

import dev.fluxion.Device;
import dev.fluxion.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Named tensors in NumPy's {@code .npz} format: a zip archive with one {@code NAME.npy} entry
 * per tensor (as {@code numpy.savez_compressed} writes; {@code numpy.load(path)[NAME]} reads
 * an entry back).
 */
public final class Npz {
  private Npz() {}

  /** Writes the tensors, in map order, each under its name. */
  public static void write(Path path, Map<String, Tensor> tensors) throws IOException {
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
    try (OutputStream file = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(file)) {
      for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
        if (e.getKey().isEmpty() || e.getKey().contains("/")) {
          throw new IllegalArgumentException("Npz.write: bad array name '" + e.getKey() + "'");
        }
        zip.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
        Npy.write(zip, e.getValue());
        zip.closeEntry();
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  /** Reads every array of an {@code .npz} file, as constants on a device, by name (without {@code .npy}). */
  public static Map<String, Tensor> read(Path path, Device device) throws IOException {
    Map<String, Tensor> out = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(path.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        String name = e.getName();
        if (!name.endsWith(".npy")) {
          throw new NpyFormatException(path + ": entry '" + name + "' is not a .npy array");
        }
        try (InputStream in = zip.getInputStream(e)) {
          out.put(name.substring(0, name.length() - 4), Npy.read(in, path + "[" + name + "]", device));
        }
      }
    } catch (ZipException e) {
      out.values().forEach(Tensor::close);
      throw new NpyFormatException(path + ": not a valid .npz (zip) file: " + e.getMessage(), e);
    } catch (IOException | RuntimeException e) {
      out.values().forEach(Tensor::close);
      throw e;
    }
    return out;
  }

  /** Reads every array of an {@code .npz} file onto the default device. */
  public static Map<String, Tensor> read(Path path) throws IOException {
    return read(path, Device.defaultDevice());
  }
}
