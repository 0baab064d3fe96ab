package dev.fluxion.cli.sweep;

import java.nio.file.Path;
import java.util.Locale;

/** The file formats of {@code --out}, chosen by the file's extension. */
public enum OutputFormat {
  CSV, NPY, PARQUET;

  /** The format of {@code file}; Spark writes CSV and Parquet (directories of part files). */
  public static OutputFormat of(Path file, boolean spark) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return CSV;
    }
    if (name.endsWith(".parquet")) {
      return PARQUET;
    }
    if (name.endsWith(".npy") && !spark) {
      return NPY;
    }
    throw new IllegalArgumentException("--out " + file + ": the file name must end in "
        + (spark ? ".parquet or .csv with --spark" : ".csv, .npy or .parquet"));
  }
}
