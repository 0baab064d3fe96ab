package dev.fluxion.io;

import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tensors in NumPy's {@code .npy} format (version 1.0 written; 1.0, 2.0 and 3.0 read), so that
 * {@code numpy.load} opens what Fluxion writes and the reverse. A file holds one array: a
 * magic string, a header dict {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}
 * padded to a multiple of 64 bytes, then the elements, row-major and little-endian.
 *
 * <p>Dtypes: {@code <f8} FLOAT64, {@code <f4} FLOAT32, {@code <i4} INT32, {@code <i8} INT64,
 * {@code |b1} BOOL (big-endian variants are read too; {@code |u1} and {@code |i1} are read
 * as INT32). Arrays read back are constants on the given device.
 */
public final class Npy {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
  private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

  private Npy() {}

  /** Writes a tensor to a {@code .npy} file. */
  public static void write(Path path, Tensor t) throws IOException {
    try (OutputStream out = Files.newOutputStream(path)) {
      write(out, t);
    }
  }

  /** Writes a tensor in {@code .npy} format to a stream (left open). */
  public static void write(OutputStream out, Tensor t) throws IOException {
    out.write(header(t.dtype(), t.shape()));
    Object data = t.toArray();
    int n = (int) t.size();
    ByteBuffer buf = ByteBuffer.allocate(n * t.dtype().byteSize()).order(ByteOrder.LITTLE_ENDIAN);
    switch (t.dtype()) {
      case FLOAT64 -> buf.asDoubleBuffer().put((double[]) data);
      case FLOAT32 -> buf.asFloatBuffer().put((float[]) data);
      case INT32 -> buf.asIntBuffer().put((int[]) data);
      case INT64 -> buf.asLongBuffer().put((long[]) data);
      case BOOL -> {
        boolean[] b = (boolean[]) data;
        for (int i = 0; i < n; i++) {
          buf.put(i, (byte) (b[i] ? 1 : 0));
        }
      }
    }
    out.write(buf.array());
  }

  /** The NumPy type string of a dtype ({@code <f4}, {@code |b1}, ...). */
  public static String descr(DType t) {
    return switch (t) {
      case FLOAT64 -> "<f8";
      case FLOAT32 -> "<f4";
      case INT32 -> "<i4";
      case INT64 -> "<i8";
      case BOOL -> "|b1";
    };
  }

  private static byte[] header(DType dtype, long[] shape) {
    StringBuilder dims = new StringBuilder();
    for (long s : shape) {
      dims.append(s).append(", ");
    }
    String shapeText = shape.length == 1 ? shape[0] + "," : dims.length() == 0 ? "" : dims.substring(0, dims.length() - 2);
    String dict = "{'descr': '" + descr(dtype) + "', 'fortran_order': False, 'shape': (" + shapeText + "), }";
    int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
    int total = (unpadded + 63) / 64 * 64;
    String padded = dict + " ".repeat(total - unpadded) + "\n";
    ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) padded.length());
    b.put(padded.getBytes(StandardCharsets.US_ASCII));
    return b.array();
  }

  /** Reads a {@code .npy} file as a constant on the default device. */
  public static Tensor read(Path path) throws IOException {
    return read(path, Device.defaultDevice());
  }

  /** Reads a {@code .npy} file as a constant on a device. */
  public static Tensor read(Path path, Device device) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return read(in, path.toString(), device);
    }
  }

  /**
   * Reads a {@code .npy} file and checks that it holds the expected dtype and shape; throws
   * {@link NpyFormatException} naming both otherwise.
   */
  public static Tensor read(Path path, Device device, DType dtype, long... shape) throws IOException {
    Tensor t = read(path, device);
    if (t.dtype() != dtype || !Arrays.equals(t.shape(), shape)) {
      String found = t.dtype().numpyName() + " " + Arrays.toString(t.shape());
      t.close();
      throw new NpyFormatException(path + ": expected " + dtype.numpyName() + " " + Arrays.toString(shape)
          + ", the file holds " + found);
    }
    return t;
  }

  /** Reads one array in {@code .npy} format from a stream; {@code name} is used in error messages. */
  public static Tensor read(InputStream in, String name, Device device) throws IOException {
    byte[] magic = readFully(in, 8, name, "the header");
    if (!Arrays.equals(Arrays.copyOf(magic, 6), MAGIC)) {
      throw new NpyFormatException(name + ": not a .npy file (no \\x93NUMPY magic string)");
    }
    int major = magic[6];
    int headerLength;
    if (major == 1) {
      byte[] len = readFully(in, 2, name, "the header length");
      headerLength = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xFFFF;
    } else if (major == 2 || major == 3) {
      byte[] len = readFully(in, 4, name, "the header length");
      headerLength = ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getInt();
    } else {
      throw new NpyFormatException(name + ": unsupported .npy format version " + major + "." + magic[7]);
    }
    if (headerLength < 0 || headerLength > 1 << 20) {
      throw new NpyFormatException(name + ": corrupt header length " + headerLength);
    }
    String header = new String(readFully(in, headerLength, name, "the header"),
        major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    String descr = group(DESCR, header, name, "descr");
    boolean fortran = group(FORTRAN, header, name, "fortran_order").equals("True");
    long[] shape = parseShape(group(SHAPE, header, name, "shape"), name);
    long count = 1;
    for (long s : shape) {
      count *= s;
      if (count > Integer.MAX_VALUE - 8) {
        throw new NpyFormatException(name + ": shape " + Arrays.toString(shape) + " is too large");
      }
    }
    Element e = element(descr, name);
    byte[] raw = readFully(in, (int) count * e.size, name, count + " elements of " + descr);
    ByteBuffer b = ByteBuffer.wrap(raw).order(e.order);
    long[] fileShape = fortran ? reversed(shape) : shape;
    Tensor t = decode(b, e, (int) count, fileShape, device);
    if (fortran && shape.length > 1) {
      Tensor rowMajor = t.transpose().copy();
      t.close();
      return rowMajor;
    }
    return t;
  }

  private record Element(DType dtype, char kind, int size, ByteOrder order) {}

  private static Element element(String descr, String name) throws NpyFormatException {
    if (descr.length() < 3) {
      throw new NpyFormatException(name + ": unsupported dtype '" + descr + "'");
    }
    ByteOrder order = descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    String type = descr.substring(1);
    return switch (type) {
      case "f8" -> new Element(DType.FLOAT64, 'f', 8, order);
      case "f4" -> new Element(DType.FLOAT32, 'f', 4, order);
      case "i4" -> new Element(DType.INT32, 'i', 4, order);
      case "i8" -> new Element(DType.INT64, 'i', 8, order);
      case "b1" -> new Element(DType.BOOL, 'b', 1, order);
      case "u1" -> new Element(DType.INT32, 'u', 1, order);
      case "i1" -> new Element(DType.INT32, 'i', 1, order);
      default -> throw new NpyFormatException(name + ": unsupported dtype '" + descr
          + "' (Fluxion reads float64, float32, int32, int64, bool, uint8 and int8)");
    };
  }

  private static Tensor decode(ByteBuffer b, Element e, int n, long[] shape, Device device) {
    switch (e.dtype) {
      case FLOAT64: {
        double[] d = new double[n];
        b.asDoubleBuffer().get(d);
        return Tensor.from(d, DType.FLOAT64, device, true, shape);
      }
      case FLOAT32: {
        float[] f = new float[n];
        b.asFloatBuffer().get(f);
        return Tensor.from(f, DType.FLOAT32, device, true, shape);
      }
      case INT64: {
        long[] l = new long[n];
        b.asLongBuffer().get(l);
        Tensor host = Tensor.from(l, shape);
        return host.to(device);
      }
      default: {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
          d[i] = switch (e.size) {
            case 4 -> b.getInt(4 * i);
            case 1 -> e.kind == 'u' ? b.get(i) & 0xFF : e.kind == 'b' ? (b.get(i) != 0 ? 1 : 0) : b.get(i);
            default -> throw new IllegalStateException("unreachable");
          };
        }
        return Tensor.from(d, e.dtype, device, true, shape);
      }
    }
  }

  private static String group(Pattern p, String header, String name, String key) throws NpyFormatException {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw new NpyFormatException(name + ": corrupt header, no '" + key + "' in " + header.trim());
    }
    return m.group(1);
  }

  private static long[] parseShape(String text, String name) throws NpyFormatException {
    String[] parts = text.split(",");
    long[] dims = new long[parts.length];
    int k = 0;
    for (String p : parts) {
      String s = p.trim();
      if (s.isEmpty()) {
        continue;
      }
      try {
        dims[k] = Long.parseLong(s.endsWith("L") ? s.substring(0, s.length() - 1) : s);
      } catch (NumberFormatException e) {
        throw new NpyFormatException(name + ": corrupt shape (" + text + ")");
      }
      if (dims[k] < 0) {
        throw new NpyFormatException(name + ": negative size in shape (" + text + ")");
      }
      k++;
    }
    return Arrays.copyOf(dims, k);
  }

  private static long[] reversed(long[] s) {
    long[] r = new long[s.length];
    for (int i = 0; i < s.length; i++) {
      r[i] = s[s.length - 1 - i];
    }
    return r;
  }

  private static byte[] readFully(InputStream in, int n, String name, String what) throws IOException {
    byte[] out = in.readNBytes(n);
    if (out.length != n) {
      throw new NpyFormatException(name + ": truncated file, expected " + n + " bytes of " + what + ", found "
          + out.length, new EOFException());
    }
    return out;
  }

  /** The bytes of a tensor in {@code .npy} format. */
  static byte[] toBytes(Tensor t) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, t);
    return out.toByteArray();
  }
}
