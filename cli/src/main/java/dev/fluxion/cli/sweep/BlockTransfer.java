package dev.fluxion.cli.sweep;

import dev.fluxion.DType;
import dev.fluxion.HostTransfer;
import dev.fluxion.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies a block's coordinates into device tensors (through a float staging array when the sweep
 * runs in FLOAT32: a block's numbers are doubles on the host) and starts reading its results back.
 */
final class BlockTransfer {
  private final float[] staging;

  BlockTransfer(DType dtype, int capacity) {
    staging = dtype == DType.FLOAT32 ? new float[capacity] : null;
  }

  /** Writes the block's coordinates of variable k into {@code inputs[k]}. */
  void writeCoordinates(Block block, Tensor[] inputs) {
    int n = block.count;
    for (int k = 0; k < inputs.length; k++) {
      if (staging == null) {
        HostTransfer.write(block.coords[k], 0, n, inputs[k]);
      } else {
        double[] c = block.coords[k];
        for (int i = 0; i < n; i++) {
          staging[i] = (float) c[i];
        }
        HostTransfer.write(staging, 0, n, inputs[k]);
      }
    }
  }

  /**
   * Starts reading the first {@code block.count} elements of every output into the block's values
   * ({@link HostTransfer#readLater}; FLOAT32 through the block's own float arrays); an output that
   * is a broadcast view (a partial that does not depend on the point) is copied at once. The
   * result's {@code finish} waits for the reads and widens FLOAT32 values.
   */
  BlockFunction.Started readAll(Tensor[] outputs, Block block) {
    List<HostTransfer.Pending> reads = new ArrayList<>();
    List<Integer> read = new ArrayList<>();
    try {
      for (int m = 0; m < outputs.length; m++) {
        if (outputs[m].isContiguous()) {
          reads.add(HostTransfer.readLater(outputs[m], staging == null ? block.values[m] : block.floats(m), 0, block.count));
          read.add(m);
        } else {
          System.arraycopy(outputs[m].toDoubleArray(), 0, block.values[m], 0, block.count);
        }
      }
    } catch (RuntimeException | Error e) {
      reads.forEach(HostTransfer.Pending::await); // no copy left in flight into the block
      throw e;
    }
    return () -> {
      reads.forEach(HostTransfer.Pending::await);
      if (staging != null) {
        for (int m : read) {
          float[] f = block.floats(m);
          double[] into = block.values[m];
          for (int i = 0; i < block.count; i++) {
            into[i] = f[i];
          }
        }
      }
    };
  }
}
