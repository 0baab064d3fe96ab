package dev.fluxion.cli.sweep;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The few pieces of Apache Thrift's compact protocol that Parquet's page headers and footer need:
 * structs of i32, i64, strings, lists and nested structs (field ids ascending).
 */
final class ThriftCompact {
  static final int I32 = 5;
  static final int I64 = 6;
  static final int BINARY = 8;
  static final int LIST = 9;
  static final int STRUCT = 12;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
  private final Deque<Integer> lastIds = new ArrayDeque<>();
  private int lastId;

  byte[] bytes() {
    return out.toByteArray();
  }

  ThriftCompact i32(int id, int v) {
    field(id, I32);
    varint(zigzag(v));
    return this;
  }

  ThriftCompact i64(int id, long v) {
    field(id, I64);
    varint(zigzag(v));
    return this;
  }

  ThriftCompact string(int id, String s) {
    field(id, BINARY);
    string(s);
    return this;
  }

  /** Opens a struct field; close it with {@link #end()}. */
  ThriftCompact struct(int id) {
    field(id, STRUCT);
    return begin();
  }

  /** Opens a struct as an element of a list. */
  ThriftCompact begin() {
    lastIds.push(lastId);
    lastId = 0;
    return this;
  }

  ThriftCompact end() {
    out.write(0);
    lastId = lastIds.isEmpty() ? 0 : lastIds.pop();
    return this;
  }

  /** A list field's header; then write {@code size} elements of {@code elementType}. */
  ThriftCompact list(int id, int elementType, int size) {
    field(id, LIST);
    if (size < 15) {
      out.write((size << 4) | elementType);
    } else {
      out.write(0xF0 | elementType);
      varint(size);
    }
    return this;
  }

  /** A bare i32 list element. */
  ThriftCompact i32(int v) {
    varint(zigzag(v));
    return this;
  }

  /** A bare string list element. */
  ThriftCompact string(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    varint(b.length);
    out.write(b, 0, b.length);
    return this;
  }

  private void field(int id, int type) {
    int delta = id - lastId;
    if (delta > 0 && delta <= 15) {
      out.write((delta << 4) | type);
    } else {
      out.write(type);
      varint(zigzag(id));
    }
    lastId = id;
  }

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  private void varint(long v) {
    while ((v & ~0x7FL) != 0) {
      out.write((int) ((v & 0x7F) | 0x80));
      v >>>= 7;
    }
    out.write((int) v);
  }
}
