package dev.fluxion.cli.sweep;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes the rows into a NumPy {@code .npy} file, block by block: a 1-d structured array of
 * {@code points} records with one named field per column ({@code x, f, df_dx, ...}, each
 * {@code <f8} or {@code <f4}), so that {@code a = numpy.load(file)} gives {@code a["x"]},
 * {@code a["df_dx"]}, and {@code numpy.lib.recfunctions.structured_to_unstructured(a)} the
 * [points, columns] matrix.
 */
public final class NpySink implements BlockSink {
  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};

  private final OutputStream out;
  private final boolean float32;
  private final int columns;
  private final long points;
  private long written;
  private ByteBuffer buffer;

  public NpySink(OutputStream out, List<String> names, long points, boolean float32) throws IOException {
    this.out = out;
    this.float32 = float32;
    this.columns = names.size();
    this.points = points;
    out.write(header(names, points, float32 ? "<f4" : "<f8"));
  }

  static byte[] header(List<String> names, long points, String type) {
    StringBuilder fields = new StringBuilder();
    for (String n : names) {
      fields.append("('").append(n).append("', '").append(type).append("'), ");
    }
    String dict = "{'descr': [" + fields.substring(0, fields.length() - 2) + "], 'fortran_order': False, 'shape': ("
        + points + ",), }";
    int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
    int total = (unpadded + 63) / 64 * 64;
    String padded = dict + " ".repeat(total - unpadded) + "\n";
    ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
    b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) padded.length());
    b.put(padded.getBytes(StandardCharsets.US_ASCII));
    return b.array();
  }

  @Override
  public void accept(Block b) throws IOException {
    int bytes = b.count * columns * (float32 ? 4 : 8);
    if (buffer == null || buffer.capacity() < bytes) {
      buffer = ByteBuffer.allocate(b.capacity() * columns * (float32 ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
    }
    buffer.clear();
    int dims = b.coords.length;
    for (int i = 0; i < b.count; i++) {
      for (int c = 0; c < columns; c++) {
        double v = c < dims ? b.coords[c][i] : b.values[c - dims][i];
        if (float32) {
          buffer.putFloat((float) v);
        } else {
          buffer.putDouble(v);
        }
      }
    }
    out.write(buffer.array(), 0, bytes);
    written += b.count;
  }

  @Override
  public void close() throws IOException {
    out.flush();
    if (written != points) {
      throw new IOException("the .npy file holds " + written + " of its " + points + " rows");
    }
  }
}
