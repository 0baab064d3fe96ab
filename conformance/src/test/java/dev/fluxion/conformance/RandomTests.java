package dev.fluxion.conformance;

import static dev.fluxion.conformance.Approx.assertClose;
import static dev.fluxion.conformance.Approx.assertMentions;
import static dev.fluxion.conformance.Approx.assertShape;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Rng;
import dev.fluxion.Tensor;
import dev.fluxion.nn.Linear;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@code Tensor.rand(3, 4)} is a 3×4 tensor, as in NumPy and PyTorch; the default generator is
 * reset by {@code Tensor.manualSeed}; explicit randomness goes through an {@link Rng}, whose
 * draws give the same numbers on every device.
 */
public abstract class RandomTests extends DeviceTest {
  @Test
  void randOfTwoSizesIsAMatrix() {
    Tensor u = Tensor.rand(3, 4);
    assertShape(new long[] {3, 4}, u, "rand(3, 4)");
    assertEquals(DType.FLOAT64, u.dtype());
    assertEquals(device(), u.device());
    assertTrue(u.isVariable(), "a floating tensor made by the user is a variable");
    for (double v : u.toDoubleArray()) {
      assertTrue(v >= 0 && v < 1, "uniform in [0, 1): " + v);
    }
    assertShape(new long[] {2, 3, 4}, Tensor.randn(2, 3, 4), "randn(2, 3, 4)");
    assertShape(new long[0], Tensor.rand(), "rand(): 0-d");
    assertShape(new long[] {5}, Tensor.rand(DType.FLOAT32, 5), "rand(FLOAT32, 5)");
    assertEquals(DType.FLOAT32, Tensor.randn(DType.FLOAT32, device(), 2, 2).dtype());
  }

  @Test
  void manualSeedResetsTheDefaultGenerator() {
    Tensor.manualSeed(1234);
    double[] a = Tensor.rand(1000).toDoubleArray();
    double[] b = Tensor.randn(1000).toDoubleArray();
    Tensor.manualSeed(1234);
    assertArrayEquals(a, Tensor.rand(1000).toDoubleArray(), "the same first draw");
    assertArrayEquals(b, Tensor.randn(1000).toDoubleArray(), "the same second draw");
    assertFalse(Arrays.equals(a, Tensor.rand(1000).toDoubleArray()), "the next draw differs");
    Tensor.manualSeed(1235);
    assertFalse(Arrays.equals(a, Tensor.rand(1000).toDoubleArray()), "another seed differs");
  }

  @Test
  void anRngGivesTheSameNumbersOnEveryDevice() {
    for (DType t : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
      Rng here = Rng.of(77);
      Rng cpu = Rng.of(77);
      assertArrayEquals(Tensor.rand(cpu, t, Device.cpu(), 513).toDoubleArray(),
          Tensor.rand(here, t, device(), 513).toDoubleArray(), "uniform, " + t);
      assertClose(Tensor.randn(cpu, t, Device.cpu(), 257).toDoubleArray(),
          Tensor.randn(here, t, device(), 257).toDoubleArray(), t == DType.FLOAT32 ? 1e-6 : 1e-12, 1e-12, "normal, " + t);
      assertEquals(2, here.draws());
    }
  }

  @Test
  void theSameGeneratorStateGivesTheSameNumbers() {
    double[] first = Tensor.rand(Rng.of(5), 100).toDoubleArray();
    assertArrayEquals(first, Tensor.rand(Rng.of(5), 100).toDoubleArray(), "same seed, same draw");
    Rng rng = Rng.of(5);
    assertArrayEquals(first, Tensor.rand(rng, 100).toDoubleArray());
    assertFalse(Arrays.equals(first, Tensor.rand(rng, 100).toDoubleArray()), "the next draw differs");
    assertFalse(Arrays.equals(first, Tensor.rand(Rng.of(6), 100).toDoubleArray()), "another seed differs");
  }

  @Test
  void splitGivesIndependentReproducibleStreams() {
    Rng a = Rng.of(9);
    Rng child = a.split();
    double[] fromChild = Tensor.rand(child, 200).toDoubleArray();
    double[] fromParent = Tensor.rand(a, 200).toDoubleArray();
    assertFalse(Arrays.equals(fromChild, fromParent), "child and parent differ");
    assertFalse(Arrays.equals(fromChild, Tensor.rand(a.split(), 200).toDoubleArray()), "two splits differ");
    assertArrayEquals(fromChild, Tensor.rand(Rng.of(9).split(), 200).toDoubleArray(), "a split is reproducible");
    double mean = Arrays.stream(fromChild).average().orElseThrow();
    assertTrue(Math.abs(mean - 0.5) < 0.08, "a split stream is uniform: mean " + mean);
  }

  @Test
  void layersSeededWithALongUseThatSeedsGenerator() {
    Linear bySeed = new Linear(3, 2, 42, DType.FLOAT64, device());
    Rng rng = Rng.of(42);
    Linear byRng = new Linear(3, 2, true, rng, DType.FLOAT64, device());
    assertArrayEquals(bySeed.weight().toDoubleArray(), byRng.weight().toDoubleArray());
    assertArrayEquals(bySeed.bias().toDoubleArray(), byRng.bias().toDoubleArray());
    assertEquals(2, rng.draws(), "weight and bias: two draws");
  }

  @Test
  void integerDtypesAndBadShapesAreRefused() {
    assertMentions(assertThrows(IllegalArgumentException.class, () -> Tensor.rand(Rng.of(1), DType.INT32, device(), 3)),
        "rand", "int32");
    assertMentions(assertThrows(IllegalArgumentException.class, () -> Tensor.randn(DType.INT64, device(), 3)),
        "randn", "int64");
    assertMentions(assertThrows(IllegalArgumentException.class, () -> Tensor.rand(3, -4)), "rand", "-4");
    Rng rng = Rng.of(3);
    assertThrows(IllegalArgumentException.class, () -> Tensor.randn(rng, 2, -1));
    assertThrows(IllegalArgumentException.class, () -> Tensor.rand(rng, DType.BOOL, device(), 2));
    assertEquals(0, rng.draws(), "a refused call draws nothing");
    assertArrayEquals(Tensor.rand(Rng.of(3), 4).toDoubleArray(), Tensor.rand(rng, 4).toDoubleArray());
  }
}
