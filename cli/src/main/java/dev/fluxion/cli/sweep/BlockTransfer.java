package dev.fluxion.cli.sweep;

import dev.fluxion.DType;
import dev.fluxion.HostTransfer;
import dev.fluxion.Tensor;

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
