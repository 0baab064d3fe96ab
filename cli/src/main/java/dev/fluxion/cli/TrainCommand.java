package dev.fluxion.cli;

import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Tensor;
import dev.fluxion.cli.train.Models;
import dev.fluxion.cli.train.ProgressBar;
import dev.fluxion.cli.train.TrainPlot;
import dev.fluxion.cli.train.Trainer;
import dev.fluxion.nn.Adam;
import dev.fluxion.nn.AdamW;
import dev.fluxion.nn.Module;
import dev.fluxion.nn.Optimizer;
import dev.fluxion.nn.SGD;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.data.FashionMnist;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fluxion train}: an MLP or a small CNN on Fashion-MNIST. */
@Command(name = "train", mixinStandardHelpOptions = true, abbreviateSynopsis = true, description = {
    "Trains a classifier on Fashion-MNIST (Debian's dataset-fashion-mnist) and prints its test accuracy.",
    "Models: mlp is 784-256-128-10 with ReLU; cnn is two blocks of 3x3 convolution, ReLU and 2x2 max-pooling"
        + " (16 and 32 channels), then 1568-128-10.",
    "The progress bar goes to stderr; stdout gets the loss and test accuracy of each epoch, then a last line"
        + " 'test accuracy: 0.XXXX'. The same --seed prints the same numbers."})
final class TrainCommand implements Callable<Integer> {
  @Option(names = "--eager", description = "run each step op by op instead of replaying the compiled step"
      + " (Trainer.compile: forward, backward and the optimizer's update traced once per batch shape)")
  boolean eager;

  @Option(names = "--model", defaultValue = "mlp", description = "mlp (default) or cnn")
  String model;

  @Option(names = "--device", description = "cpu (default), opencl[:N], cuda[:N]")
  String device;

  @Option(names = "--epochs", defaultValue = "5", description = "passes over the training set (default 5)")
  int epochs;

  @Option(names = "--batch-size", defaultValue = "128", description = "samples per step (default 128)")
  int batchSize;

  @Option(names = "--lr", defaultValue = "1e-3", description = "learning rate (default 1e-3)")
  double lr;

  @Option(names = "--optimizer", defaultValue = "adam", description = "adam (default), adamw or sgd (momentum 0.9)")
  String optimizer;

  @Option(names = "--seed", defaultValue = "0", description = "seed of every random choice: the initial weights, the"
      + " order of the training images, and Tensor.manualSeed (default 0)")
  long seed;

  @Option(names = "--data", paramLabel = "DIR", description = "directory of the four *-ubyte.gz files (default "
      + "/usr/share/datasets/fashion-mnist)")
  Path data;

  @Option(names = "--dtype", defaultValue = "float32", description = "float32 (default) or float64")
  String dtype;

  @Option(names = "--limit", paramLabel = "N", description = "train on the first N training images only")
  Integer limit;

  @Option(names = "--test-limit", paramLabel = "N", description = "evaluate on the first N test images only")
  Integer testLimit;

  @Option(names = "--plot", paramLabel = "FILE.png", description = "draw training loss and test accuracy per epoch")
  Path plot;

  @Option(names = "--save", paramLabel = "FILE.npz", description = "save the trained parameters (NumPy .npz)")
  Path save;

  @Override
  public Integer call() throws IOException {
    String problem = check();
    if (problem != null) {
      System.err.println("fluxion train: " + problem);
      return 2;
    }
    Tensor.manualSeed(seed);
    DType type = DType.parse(dtype);
    Device dev = device == null ? Device.defaultDevice() : Device.of(device);
    FashionMnist.Splits splits = FashionMnist.load(data == null ? FashionMnist.DEFAULT_DIR : data);
    Dataset train = limit == null ? splits.train() : splits.train().head(limit);
    Dataset test = testLimit == null ? splits.test() : splits.test().head(testLimit);
    Module net = Models.of(model, seed, type, dev);
    Optimizer opt = switch (optimizer) {
      case "adam" -> new Adam(net.parameters(), lr);
      case "adamw" -> new AdamW(net.parameters(), lr);
      default -> new SGD(net.parameters(), lr, 0.9);
    };
    System.err.printf(Locale.ROOT, "%s (%,d parameters), %s lr %s, batch %d, %s on %s, %s steps; %d training and %d test"
        + " images%n", model, net.parameterCount(), optimizer, lr, batchSize, type.numpyName(), dev.name(),
        eager ? "eager" : "compiled", train.size(), test.size());
    Trainer trainer = new Trainer(net, opt, type, dev, eager);
    long t0 = System.nanoTime();
    Trainer.History h = trainer.fit(train, test, epochs, batchSize, seed,
        new ProgressBar(System.err, epochs, System.console() != null));
    double seconds = (System.nanoTime() - t0) / 1e9;
    for (int e = 0; e < epochs; e++) {
      System.out.printf(Locale.ROOT, "epoch %d: loss %.6f, test accuracy %.4f%n", e + 1, h.loss()[e], h.accuracy()[e]);
    }
    System.err.printf(Locale.ROOT, "trained in %.1f s%n", seconds);
    if (plot != null) {
      TrainPlot.write(plot, "fluxion train --model " + model + " (Fashion-MNIST)", h);
      System.err.println("wrote plot to " + plot);
    }
    if (save != null) {
      net.save(save);
      System.err.println("saved the model to " + save);
    }
    System.out.printf(Locale.ROOT, "test accuracy: %.4f%n", h.accuracy()[epochs - 1]);
    return 0;
  }

  private String check() {
    if (!model.equals("mlp") && !model.equals("cnn")) {
      return "--model must be mlp or cnn, got " + model;
    }
    if (!optimizer.equals("adam") && !optimizer.equals("adamw") && !optimizer.equals("sgd")) {
      return "--optimizer must be adam, adamw or sgd, got " + optimizer;
    }
    if (epochs < 1 || batchSize < 1) {
      return "--epochs and --batch-size must be >= 1";
    }
    if (!(lr > 0)) {
      return "--lr must be > 0, got " + lr;
    }
    if ((limit != null && limit < 1) || (testLimit != null && testLimit < 1)) {
      return "--limit and --test-limit must be >= 1";
    }
    if (!dtype.equals("float32") && !dtype.equals("float64")) {
      return "--dtype must be float32 or float64, got " + dtype;
    }
    return null;
  }
}
