package dev.fluxion.cli.sweep;

import java.io.IOException;

/** Takes the blocks of a sweep in order, one at a time (a file writer, a summary, a plot). */
public interface BlockSink extends AutoCloseable {
  void accept(Block block) throws IOException;

  /** Called once after the last block (flushes, writes footers). */
  @Override
  default void close() throws IOException {}
}
