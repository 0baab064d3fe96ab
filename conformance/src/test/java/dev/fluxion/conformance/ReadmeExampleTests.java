package dev.fluxion.conformance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Scope;
import dev.fluxion.Tensor;
import dev.fluxion.nn.Adam;
import dev.fluxion.nn.Linear;
import dev.fluxion.nn.Losses;
import dev.fluxion.nn.ReLU;
import dev.fluxion.nn.Sequential;
import dev.fluxion.nn.data.Batch;
import dev.fluxion.nn.data.DataLoader;
import dev.fluxion.nn.data.Dataset;
import dev.fluxion.nn.data.Quadrants;
import org.junit.jupiter.api.Test;

/** The training loop of the README's "Neural networks" section, verbatim, so that it stays true. */
public abstract class ReadmeExampleTests extends DeviceTest {
  @Test
  void theReadmeTrainingLoopWorks() {
    // --- README begins ---
    Dataset train = Quadrants.make(2000, 0.03, 1);   // points in [-1,1]², labelled by quadrant
    Dataset test = Quadrants.make(1000, 0.03, 2);
    var model = new Sequential(new Linear(2, 16, 1), new ReLU(), new Linear(16, 4, 2));
    var opt = new Adam(model.parameters(), 0.01);
    var loader = new DataLoader(train, 32, 42, DType.FLOAT64, Device.defaultDevice());
    for (int epoch = 0; epoch < 10; epoch++) {
      for (Batch b : loader) {                        // a seeded shuffle per epoch
        try (Scope step = Tensor.scope()) {           // frees the step's tensors
          Tensor loss = Losses.crossEntropy(model.forward(b.x()), b.y());
          opt.zeroGrad();
          loss.backward();
          opt.step();
        }
      }
    }
    Batch all = test.batch(DType.FLOAT64, Device.defaultDevice());
    double acc = Autodiff.noGrad(() -> Losses.accuracy(model.forward(all.x()), all.y())).item();
    System.out.println("test accuracy: " + acc);      // about 0.97
    // --- README ends ---
    assertTrue(acc >= 0.95, "the README promises about 0.97, got " + acc);
  }
}
