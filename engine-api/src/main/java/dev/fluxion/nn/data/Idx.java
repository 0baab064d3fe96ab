package dev.fluxion.nn.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reader of the IDX format of MNIST and Fashion-MNIST ({@code *-idx3-ubyte.gz}): a big-endian
 * header of two zero bytes, a type byte ({@code 0x08} = unsigned byte), the number of
 * dimensions, one 32-bit size per dimension, then the elements row-major. Files ending in
 * {@code .gz} are decompressed on the fly. Only unsigned-byte data (the type of every MNIST-style
 * file) is supported; other types are reported by name.
 */
public final class Idx {
  private Idx() {}

  /**
   * The contents of an IDX file.
   *
   * @param dims the size of each dimension
   * @param data the elements as unsigned bytes (read with {@code & 0xFF})
   */
  public record Array(int[] dims, byte[] data) {
    public int count() {
      return dims.length == 0 ? 1 : dims[0];
    }
  }

  /**
   * Reads an IDX file ({@code .gz}: gzip-compressed). Every error, of the format, of the
   * compression or of the file system, is an {@link IOException} whose message starts with the path.
   */
  public static Array read(Path path) throws IOException {
    String name = path.toString();
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
      InputStream in = name.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
      return read(new DataInputStream(in), name);
    } catch (NoSuchFileException e) {
      throw new IOException(name + ": no such file", e);
    } catch (ZipException e) {
      throw new IOException(name + ": corrupt or not gzip-compressed (" + e.getMessage() + "); a .gz file must be"
          + " gzip data, a file without .gz the raw IDX bytes", e);
    } catch (EOFException e) {
      throw new IOException(name + ": truncated file (" + e.getMessage() + ")", e);
    } catch (IOException e) {
      if (String.valueOf(e.getMessage()).startsWith(name)) {
        throw e;
      }
      throw new IOException(name + ": " + e.getMessage(), e);
    }
  }

  static Array read(DataInputStream in, String name) throws IOException {
    try {
      int zero = in.readUnsignedShort();
      int type = in.readUnsignedByte();
      int rank = in.readUnsignedByte();
      if (zero != 0) {
        throw new IOException(name + ": not an IDX file (the first two bytes are not zero)");
      }
      if (type != 0x08) {
        throw new IOException(name + ": IDX element type 0x" + Integer.toHexString(type)
            + " is not supported (only 0x08, unsigned byte)");
      }
      int[] dims = new int[rank];
      long total = 1;
      for (int d = 0; d < rank; d++) {
        dims[d] = in.readInt();
        if (dims[d] < 0) {
          throw new IOException(name + ": corrupt IDX header, negative size on dimension " + d);
        }
        total *= dims[d];
        if (total > Integer.MAX_VALUE - 8) {
          throw new IOException(name + ": IDX array too large");
        }
      }
      byte[] data = new byte[(int) total];
      in.readFully(data);
      return new Array(dims, data);
    } catch (EOFException e) {
      throw new IOException(name + ": truncated IDX file", e);
    }
  }
}
