package dev.fluxion.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.nn.Adam;
import dev.fluxion.nn.Flatten;
import dev.fluxion.nn.Linear;
import dev.fluxion.nn.Optimizer;
import dev.fluxion.nn.ReLU;
import dev.fluxion.nn.Sequential;
import dev.fluxion.nn.data.DataLoader;
import dev.fluxion.nn.data.FashionMnist;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * The real data set: the 784-256-128-10 ReLU MLP trained with Adam (lr 1e-3, FLOAT32) for one
 * epoch on the first 5,000 Fashion-MNIST training images must classify at least 75% of the
 * 10,000 test images. Needs Debian's {@code dataset-fashion-mnist} (CI installs it; elsewhere
 * the test is skipped with a message saying so).
 */
public abstract class FashionMnistTests extends DeviceTest {
  static FashionMnist.Splits data() throws IOException {
    boolean present = Files.isDirectory(FashionMnist.DEFAULT_DIR);
    if (!present && System.getenv("CI") != null) {
      fail("CI must have Debian's dataset-fashion-mnist installed (.ci/run installs it)");
    }
    assumeTrue(present, "Fashion-MNIST is not installed: apt-get install dataset-fashion-mnist");
    return FashionMnist.load();
  }

  @Test
  void anMlpLearnsFromFiveThousandImagesInOneEpoch() throws IOException {
    FashionMnist.Splits data = data();
    Device dev = Device.defaultDevice();
    Sequential mlp = new Sequential(new Flatten(), new Linear(784, 256, 1, DType.FLOAT32, dev), new ReLU(),
        new Linear(256, 128, 2, DType.FLOAT32, dev), new ReLU(), new Linear(128, 10, 3, DType.FLOAT32, dev));
    Optimizer opt = new Adam(mlp.parameters(), 1e-3);
    DataLoader loader = new DataLoader(data.train().head(5000), 32, 42, DType.FLOAT32, dev);
    double loss = NnTrainingTests.trainEpoch(mlp, opt, loader);
    double acc = NnTrainingTests.accuracy(mlp, data.test(), DType.FLOAT32);
    assertTrue(acc >= 0.75, "test accuracy after one epoch on 5,000 images: " + acc + " (mean loss " + loss + ")");
  }
}
