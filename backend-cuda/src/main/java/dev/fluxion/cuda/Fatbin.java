package dev.fluxion.cuda;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a fatbin (nvcc {@code -fatbin}) holds, read from its headers: a 16-byte file header
 * (magic {@code 0xBA55ED50}, version, header size, size of the entries) and entries, each a
 * header (kind 1 = PTX, 2 = cubin; its size; the PTX ISA or cubin version; the architecture)
 * followed by its possibly compressed payload. Used to describe the prebuilt kernels and, in
 * tests, to check that the build packed what it should.
 */
final class Fatbin {
  static final int MAGIC = 0xBA55ED50;

  /**
   * One image.
   *
   * @param ptx true for PTX, false for a cubin
   * @param arch the architecture, e.g. 80 for sm_80 or compute_80
   * @param version PTX ISA version of PTX images ("9.0"), ELF ABI version of cubins
   */
  record Entry(boolean ptx, int arch, String version) {
    @Override
    public String toString() {
      return ptx ? "compute_" + arch + " PTX (ISA " + version + ")" : "sm_" + arch + " cubin";
    }
  }

  private Fatbin() {}

  /** The images of a fatbin; a file that is not one is refused saying where it stops making sense. */
  static List<Entry> entries(byte[] image) {
    ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
    if (image.length < 16 || b.getInt(0) != MAGIC) {
      throw new IllegalArgumentException("not a fatbin: " + image.length + " bytes without the magic number 0xBA55ED50");
    }
    int headerSize = Short.toUnsignedInt(b.getShort(6));
    long end = headerSize + b.getLong(8);
    if (end > image.length) {
      throw new IllegalArgumentException("truncated fatbin: its header announces " + end + " bytes, the file has " + image.length);
    }
    List<Entry> entries = new ArrayList<>();
    long at = headerSize;
    while (at + 32 <= end) {
      int p = (int) at;
      int kind = Short.toUnsignedInt(b.getShort(p));
      long size = Integer.toUnsignedLong(b.getInt(p + 4)) + b.getLong(p + 8);
      if (kind != 1 && kind != 2) {
        throw new IllegalArgumentException("fatbin entry at byte " + p + " has kind " + kind + " (1 = PTX, 2 = cubin expected)");
      }
      String version = Short.toUnsignedInt(b.getShort(p + 26)) + "." + Short.toUnsignedInt(b.getShort(p + 24));
      entries.add(new Entry(kind == 1, b.getInt(p + 28), version));
      at += size;
    }
    return entries;
  }

  /** For example {@code cubins for sm_75, sm_80, sm_90 and compute_75 PTX (ISA 9.0)}. */
  static String describe(List<Entry> entries) {
    String cubins = entries.stream().filter(e -> !e.ptx()).map(e -> e.arch()).sorted().map(a -> "sm_" + a)
        .collect(Collectors.joining(", "));
    String ptx = entries.stream().filter(Entry::ptx).map(Entry::toString).collect(Collectors.joining(", "));
    return (cubins.isEmpty() ? "" : "cubins for " + cubins) + (cubins.isEmpty() || ptx.isEmpty() ? "" : " and ") + ptx;
  }
}
