package dev.fluxion.spark;

import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.cli.sweep.Axis;
import dev.fluxion.cli.sweep.Block;
import dev.fluxion.cli.sweep.BlockFunction;
import dev.fluxion.cli.sweep.Grid;
import dev.fluxion.cli.sweep.SweepSpec;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * A formula and its gradient evaluated at points read from DataFrame columns: in blocks of rows
 * ({@link #rows}, vectorised like a sweep) or one row at a time ({@link #at}, for a UDF).
 */
final class ColumnGradients implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int BLOCK = 4096;
  private static final ThreadLocal<java.util.Map<ColumnGradients, BlockFunction>> SINGLE =
      ThreadLocal.withInitial(java.util.HashMap::new);

  private final SweepSpec spec;

  /** The formula in {@code variables} (validated here, on the driver). */
  ColumnGradients(String formula, List<String> variables) {
    List<Axis> axes = new ArrayList<>();
    for (String v : variables) {
      axes.add(new Axis(v, 0, 0, 1));
    }
    this.spec = new SweepSpec(formula, new Grid(axes, false), DType.FLOAT64, false, BLOCK, SweepSpec.Evaluator.FUSED);
  }

  List<String> outputs() {
    return spec.outputs();
  }

  /** f and its partial derivatives at one point (a per-row UDF; each executor thread keeps one evaluator). */
  double[] at(double... point) {
    BlockFunction f = SINGLE.get().computeIfAbsent(this, k -> BlockFunction.create(spec, TaskDevice.of(null), 1));
    Block b = new Block(point.length, spec.outputs().size(), 1);
    b.count = 1;
    for (int k = 0; k < point.length; k++) {
      b.coords[k][0] = point[k];
    }
    f.apply(b);
    double[] out = new double[b.values.length];
    for (int m = 0; m < out.length; m++) {
      out[m] = b.values[m][0];
    }
    return out;
  }

  /** The input rows, each extended by f and its partial derivatives at the point in columns {@code indices}. */
  Iterator<Row> rows(Iterator<Row> input, int[] indices, String device) {
    Device dev = TaskDevice.of(device);
    BlockFunction f = BlockFunction.create(spec, dev, BLOCK);
    Block b = new Block(indices.length, spec.outputs().size(), BLOCK);
    Row[] held = new Row[BLOCK];
    return new Iterator<>() {
      int next;

      @Override
      public boolean hasNext() {
        if (next < b.count) {
          return true;
        }
        b.count = 0;
        next = 0;
        while (b.count < BLOCK && input.hasNext()) {
          Row r = input.next();
          held[b.count] = r;
          for (int k = 0; k < indices.length; k++) {
            b.coords[k][b.count] = r.isNullAt(indices[k]) ? Double.NaN : ((Number) r.get(indices[k])).doubleValue();
          }
          b.count++;
        }
        if (b.count == 0) {
          f.close();
          return false;
        }
        f.apply(b);
        return true;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Row r = held[next];
        Object[] values = new Object[r.length() + b.values.length];
        for (int c = 0; c < r.length(); c++) {
          values[c] = r.get(c);
        }
        for (int m = 0; m < b.values.length; m++) {
          values[r.length() + m] = b.values[m][next];
        }
        held[next] = null;
        next++;
        return RowFactory.create(values);
      }
    };
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ColumnGradients g && g.spec.equals(spec);
  }

  @Override
  public int hashCode() {
    return spec.hashCode();
  }
}
