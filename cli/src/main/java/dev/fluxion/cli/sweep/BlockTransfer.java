package dev.fluxion.cli.sweep;

import dev.fluxion.DType;
import dev.fluxion.HostTransfer;
import dev.fluxion.Tensor;
import java.util.List;

/**
 * Copies a block's coordinates into device tensors and results back into the block, through a
 * float staging array when the sweep runs in FLOAT32 (a block's numbers are doubles on the host).
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
   * Starts reading the first {@code block.count} elements of a contiguous tensor into output m of
   * the block (FLOAT32: into the block's own float array, which {@link #widen} then converts).
   */
  HostTransfer.Pending readLater(Tensor t, Block block, int m) {
    return HostTransfer.readLater(t, staging == null ? block.values[m] : block.floats(m), 0, block.count);
  }

  /** Waits for the reads, then (FLOAT32) widens the floats read into outputs {@code m} of the block. */
  void finish(List<HostTransfer.Pending> reads, List<Integer> outputs, Block block) {
    for (HostTransfer.Pending p : reads) {
      p.await();
    }
    if (staging != null) {
      for (int m : outputs) {
        float[] f = block.floats(m);
        double[] into = block.values[m];
        for (int i = 0; i < block.count; i++) {
          into[i] = f[i];
        }
      }
    }
  }

  /** Reads the first n elements of a contiguous tensor into {@code into}. */
  void read(Tensor t, double[] into, int n) {
    if (staging == null) {
      HostTransfer.read(t, into, 0, n);
    } else {
      HostTransfer.read(t, staging, 0, n);
      for (int i = 0; i < n; i++) {
        into[i] = staging[i];
      }
    }
  }
}
