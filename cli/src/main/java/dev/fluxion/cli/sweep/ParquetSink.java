package dev.fluxion.cli.sweep;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the rows into an Apache Parquet file, streamed: one required DOUBLE (or FLOAT) column per
 * name, PLAIN-encoded and uncompressed, in row groups of up to {@link #ROW_GROUP} rows, with the
 * footer (Thrift compact FileMetaData) at the end. Spark, pandas/pyarrow and DuckDB read it.
 *
 * <p>Written by hand because parquet-java needs Hadoop's libraries (tens of MB) even for a
 * local file, and fluxion.jar must stay small; the fluxion-spark tests read these files back
 * with Spark's Parquet reader.
 */
public final class ParquetSink implements BlockSink {
  static final int ROW_GROUP = 1 << 17;
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);
  private static final int TYPE_FLOAT = 4;
  private static final int TYPE_DOUBLE = 5;
  private static final int REQUIRED = 0;
  private static final int PLAIN = 0;
  private static final int RLE = 3;
  private static final int UNCOMPRESSED = 0;

  private record Chunk(long pageOffset, long size) {}

  private final OutputStream out;
  private final List<String> names;
  private final boolean float32;
  private final int width;
  private final ByteBuffer[] columns;
  private final List<Chunk[]> groups = new ArrayList<>();
  private final List<Integer> groupRows = new ArrayList<>();
  private long position;
  private long rows;
  private int buffered;

  public ParquetSink(OutputStream out, List<String> names, boolean float32) throws IOException {
    this.out = out;
    this.names = List.copyOf(names);
    this.float32 = float32;
    this.width = float32 ? 4 : 8;
    this.columns = new ByteBuffer[names.size()];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = ByteBuffer.allocate(ROW_GROUP * width).order(ByteOrder.LITTLE_ENDIAN);
    }
    write(MAGIC);
  }

  @Override
  public void accept(Block b) throws IOException {
    int dims = b.coords.length;
    for (int done = 0; done < b.count; ) {
      int take = Math.min(b.count - done, ROW_GROUP - buffered);
      for (int c = 0; c < columns.length; c++) {
        double[] src = c < dims ? b.coords[c] : b.values[c - dims];
        ByteBuffer dst = columns[c];
        for (int i = done; i < done + take; i++) {
          if (float32) {
            dst.putFloat((float) src[i]);
          } else {
            dst.putDouble(src[i]);
          }
        }
      }
      buffered += take;
      done += take;
      if (buffered == ROW_GROUP) {
        flushGroup();
      }
    }
  }

  private void flushGroup() throws IOException {
    if (buffered == 0) {
      return;
    }
    Chunk[] chunks = new Chunk[columns.length];
    int bytes = buffered * width;
    for (int c = 0; c < columns.length; c++) {
      byte[] header = new ThriftCompact()
          .i32(1, 0)                    // type: DATA_PAGE
          .i32(2, bytes)                // uncompressed_page_size
          .i32(3, bytes)                // compressed_page_size
          .struct(5)                    // data_page_header
          .i32(1, buffered)             //   num_values
          .i32(2, PLAIN)                //   encoding
          .i32(3, RLE)                  //   definition_level_encoding
          .i32(4, RLE)                  //   repetition_level_encoding
          .end()
          .end()
          .bytes();
      long offset = position;
      write(header);
      out.write(columns[c].array(), 0, bytes);
      position += bytes;
      chunks[c] = new Chunk(offset, header.length + (long) bytes);
      columns[c].clear();
    }
    groups.add(chunks);
    groupRows.add(buffered);
    rows += buffered;
    buffered = 0;
  }

  @Override
  public void close() throws IOException {
    flushGroup();
    ThriftCompact meta = new ThriftCompact().begin();
    meta.i32(1, 1);                                         // version
    meta.list(2, ThriftCompact.STRUCT, names.size() + 1);   // schema
    meta.begin().string(4, "schema").i32(5, names.size()).end();
    for (String n : names) {
      meta.begin().i32(1, float32 ? TYPE_FLOAT : TYPE_DOUBLE).i32(3, REQUIRED).string(4, n).end();
    }
    meta.i64(3, rows);                                      // num_rows
    meta.list(4, ThriftCompact.STRUCT, groups.size());     // row_groups
    for (int g = 0; g < groups.size(); g++) {
      Chunk[] chunks = groups.get(g);
      long total = 0;
      for (Chunk ch : chunks) {
        total += ch.size();
      }
      meta.begin().list(1, ThriftCompact.STRUCT, chunks.length);
      for (int c = 0; c < chunks.length; c++) {
        meta.begin().i64(2, chunks[c].pageOffset())         // file_offset
            .struct(3)                                      // meta_data
            .i32(1, float32 ? TYPE_FLOAT : TYPE_DOUBLE)
            .list(2, ThriftCompact.I32, 2).i32(PLAIN).i32(RLE)
            .list(3, ThriftCompact.BINARY, 1).string(names.get(c))
            .i32(4, UNCOMPRESSED)
            .i64(5, groupRows.get(g))
            .i64(6, chunks[c].size())
            .i64(7, chunks[c].size())
            .i64(9, chunks[c].pageOffset())
            .end()
            .end();
      }
      meta.i64(2, total).i64(3, groupRows.get(g)).end();
    }
    meta.string(6, "fluxion sweep");
    meta.end();
    byte[] footer = meta.bytes();
    write(footer);
    write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(footer.length).array());
    write(MAGIC);
    out.flush();
  }

  private void write(byte[] b) throws IOException {
    out.write(b);
    position += b.length;
  }
}
