package dev.fluxion.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.DType;
import dev.fluxion.Tensor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replays every PyTorch-computed program of {@code torch-programs.txt}: the output and the
 * {@code backward()} gradient of every variable must match PyTorch's to
 * {@code |a − b| ≤ 1e-9·max(1, |b|)} in FLOAT64; a variable the program does not use must have
 * no gradient at all.
 */
public abstract class TorchProgramTests extends DeviceTest {
  private static final double TOL = 1e-9;
  private static final List<TorchPrograms.Case> CASES = TorchPrograms.load();

  @Test
  void theFixtureIsComplete() {
    assertEquals(TorchPrograms.countCaseLines(), CASES.size(), "cases parsed from " + TorchPrograms.RESOURCE);
    assertTrue(CASES.size() >= 50, "the fixture has its cases");
    for (TorchPrograms.Case c : CASES) {
      assertNotNull(c.program(), c.name() + ": prog");
      assertNotNull(c.out(), c.name() + ": out");
      assertEquals(c.vars().size(), c.grads().size(), c.name() + ": one grad line per var");
    }
  }

  @TestFactory
  Stream<DynamicTest> programsMatchPyTorch() {
    return CASES.stream().map(c -> DynamicTest.dynamicTest("case " + c.name() + ": " + String.join(" ", c.program()), () -> {
      Tensor[] vars = new Tensor[c.vars().size()];
      for (int i = 0; i < vars.length; i++) {
        TorchPrograms.Values v = c.vars().get(i);
        vars[i] = Tensor.from(v.data(), v.shape());
      }
      Tensor y = TorchPrograms.run(c.program(), vars);
      assertEquals(DType.FLOAT64, y.dtype(), "result dtype");
      assertArrayEquals(c.out().shape(), y.shape(), "result shape");
      Approx.assertClose(c.out().data(), y.toDoubleArray(), TOL, TOL, "case " + c.name() + " output");
      y.backward();
      for (int i = 0; i < vars.length; i++) {
        double[] expected = c.grads().get(i);
        if (expected == null) {
          assertNull(vars[i].grad(), "case " + c.name() + ": v" + i + " is unused, so it has no gradient");
          continue;
        }
        Tensor g = vars[i].grad();
        assertNotNull(g, "case " + c.name() + ": gradient of v" + i);
        assertArrayEquals(vars[i].shape(), g.shape(), "case " + c.name() + ": gradient shape of v" + i);
        assertEquals(DType.FLOAT64, g.dtype(), "gradient dtype");
        Approx.assertClose(expected, g.toDoubleArray(), TOL, TOL, "case " + c.name() + " gradient of v" + i);
      }
    }));
  }
}
