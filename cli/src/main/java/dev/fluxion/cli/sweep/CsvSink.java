package dev.fluxion.cli.sweep;

import java.io.IOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes rows as text, block by block: CSV with a header ({@code x,f,df_dx}) or the aligned table
 * that {@code fluxion sweep} prints. Numbers are the shortest text that reads back to the same
 * value of the sweep's dtype.
 */
public final class CsvSink implements BlockSink {
  private final Writer out;
  private final boolean float32;
  private final char separator;
  private final int width;
  private final StringBuilder line = new StringBuilder(256);

  private CsvSink(Writer out, List<String> header, boolean float32, char separator, int width) throws IOException {
    this.out = out;
    this.float32 = float32;
    this.separator = separator;
    this.width = width;
    for (int i = 0; i < header.size(); i++) {
      pad(header.get(i), i == header.size() - 1);
    }
    line.append('\n');
    out.append(line);
    line.setLength(0);
  }

  /** CSV: comma-separated, with the column names as its first line. */
  public static CsvSink csv(Writer out, List<String> columns, boolean float32) throws IOException {
    return new CsvSink(out, columns, float32, ',', 0);
  }

  /** An aligned table for the terminal, with {@code header} as its first line. */
  public static CsvSink table(Writer out, List<String> header, boolean float32) throws IOException {
    return new CsvSink(out, header, float32, ' ', 24);
  }

  @Override
  public void accept(Block b) throws IOException {
    int dims = b.coords.length;
    int cols = dims + b.values.length;
    for (int i = 0; i < b.count; i++) {
      line.setLength(0);
      for (int c = 0; c < cols; c++) {
        int mark = line.length();
        Numbers.append(line, c < dims ? b.coords[c][i] : b.values[c - dims][i], float32);
        boolean lastColumn = c == cols - 1;
        if (width > 0 && !lastColumn) {
          int used = line.length() - mark;
          line.append(" ".repeat(Math.max(1, width + 1 - used)));
        } else if (!lastColumn) {
          line.append(separator);
        }
      }
      line.append('\n');
      out.append(line);
    }
  }

  private void pad(String text, boolean lastColumn) {
    line.append(text);
    if (!lastColumn) {
      if (width > 0) {
        line.append(" ".repeat(Math.max(1, width + 1 - text.length())));
      } else {
        line.append(separator);
      }
    }
  }

  @Override
  public void close() throws IOException {
    out.flush();
  }
}
