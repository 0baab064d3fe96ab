package dev.fluxion.spark;

import dev.fluxion.DType;
import dev.fluxion.cli.sweep.Block;
import dev.fluxion.cli.sweep.BlockStream;
import dev.fluxion.cli.sweep.SweepSpec;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * The rows (x…, f, df_dx…) of one task's range, produced lazily block by block, so that a task
 * holds one block however large its range. The block stream is closed at the end, or when the
 * task ends otherwise (failed, killed).
 */
final class RangeRows implements Iterator<Row> {
  private final BlockStream stream;
  private final boolean float32;
  private final TaskFault fault;
  private final int partition;
  private final int attempt;
  private Block block;
  private int next;
  private long produced;

  RangeRows(SweepSpec spec, String device, long from, long to, int partition, TaskFault fault) {
    this.float32 = spec.dtype() == DType.FLOAT32;
    this.fault = fault;
    this.partition = partition;
    TaskContext task = TaskContext.get();
    this.attempt = task == null ? 0 : task.attemptNumber();
    this.stream = BlockStream.open(spec, TaskDevice.of(device), from, to);
    if (task != null) {
      task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) context -> stream.close());
    }
    advance();
  }

  private void advance() {
    block = stream.next();
    next = 0;
    if (block == null) {
      stream.close();
    }
  }

  @Override
  public boolean hasNext() {
    return block != null;
  }

  @Override
  public Row next() {
    if (block == null) {
      throw new NoSuchElementException();
    }
    fault.check(partition, attempt, produced);
    int dims = block.coords.length;
    Object[] values = new Object[dims + block.values.length];
    for (int c = 0; c < values.length; c++) {
      double v = c < dims ? block.coords[c][next] : block.values[c - dims][next];
      values[c] = float32 ? (Object) (float) v : (Object) v;
    }
    produced++;
    if (++next == block.count) {
      advance();
    }
    return RowFactory.create(values);
  }
}
