package dev.fluxion.cli.train;

import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.nn.Conv2d;
import dev.fluxion.nn.Flatten;
import dev.fluxion.nn.Linear;
import dev.fluxion.nn.MaxPool2d;
import dev.fluxion.nn.ReLU;
import dev.fluxion.nn.Sequential;

/** The two Fashion-MNIST models of {@code fluxion train}, for 28×28 single-channel images. */
public final class Models {
  private Models() {}

  /** Flatten, 784-256-128-10 with ReLU (235,146 parameters). */
  public static Sequential mlp(long seed, DType dtype, Device device) {
    return new Sequential(new Flatten(),
        new Linear(784, 256, seed, dtype, device), new ReLU(),
        new Linear(256, 128, seed + 1, dtype, device), new ReLU(),
        new Linear(128, 10, seed + 2, dtype, device));
  }

  /**
   * conv 3×3 (1→16, pad 1), ReLU, max-pool 2, conv 3×3 (16→32, pad 1), ReLU, max-pool 2,
   * flatten (32·7·7), linear 1568→128, ReLU, linear 128→10 (206,922 parameters).
   */
  public static Sequential cnn(long seed, DType dtype, Device device) {
    return new Sequential(
        new Conv2d(1, 16, 3, 1, 1, seed, dtype, device), new ReLU(), new MaxPool2d(2),
        new Conv2d(16, 32, 3, 1, 1, seed + 1, dtype, device), new ReLU(), new MaxPool2d(2),
        new Flatten(),
        new Linear(32 * 7 * 7, 128, seed + 2, dtype, device), new ReLU(),
        new Linear(128, 10, seed + 3, dtype, device));
  }

  public static Sequential of(String name, long seed, DType dtype, Device device) {
    return switch (name) {
      case "mlp" -> mlp(seed, dtype, device);
      case "cnn" -> cnn(seed, dtype, device);
      default -> throw new IllegalArgumentException("unknown model '" + name + "': expected mlp or cnn");
    };
  }
}
