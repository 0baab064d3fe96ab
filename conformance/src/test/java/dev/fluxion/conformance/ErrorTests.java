package dev.fluxion.conformance;

import static dev.fluxion.conformance.Approx.assertMentions;
import static dev.fluxion.conformance.Approx.assertTensor;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Scope;
import dev.fluxion.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Every bad input gets a clear exception that names the op and the shapes or dtypes involved,
 * and leaves no partial state behind (no new live tensor, no modified value, no gradient).
 */
public abstract class ErrorTests extends DeviceTest {
  /**
   * Runs {@code body} (whose operands already exist), expects {@code type}, and checks that the
   * failed call left no new live tensor behind.
   */
  private <T extends Throwable> T fails(Class<T> type, Executable body) {
    long live = device().stats().liveTensors();
    T e = assertThrows(type, body);
    long after = device().stats().liveTensors();
    assertTrue(after <= live, () -> "the failed call left " + (after - live) + " live tensor(s) behind: " + e.getMessage());
    return e;
  }

  @Test
  void addOfIncompatibleShapesNamesTheOpAndBothShapes() {
    Tensor a = Tensor.zeros(2, 3);
    Tensor b = Tensor.zeros(4);
    assertMentions(fails(IllegalArgumentException.class, () -> a.add(b)), "add", "[2, 3]", "[4]");
    Tensor c = Tensor.zeros(3, 2);
    assertMentions(fails(IllegalArgumentException.class, () -> a.mul(c)), "mul", "[2, 3]", "[3, 2]");
    assertNull(a.grad());
  }

  @Test
  void matmulOfMisalignedShapes() {
    Tensor a = Tensor.zeros(2, 3);
    Tensor b = Tensor.zeros(4, 5);
    assertMentions(fails(IllegalArgumentException.class, () -> a.matmul(b)), "matmul", "[2, 3]", "[4, 5]");
    Tensor u = Tensor.zeros(3);
    Tensor v = Tensor.zeros(4);
    assertMentions(fails(IllegalArgumentException.class, () -> u.matmul(v)), "matmul", "[3]", "[4]");
    assertMentions(fails(IllegalArgumentException.class, () -> u.matmul(b)), "matmul", "[3]", "[4, 5]");
    assertMentions(fails(IllegalArgumentException.class, () -> a.matmul(v)), "matmul", "[2, 3]", "[4]");
    Tensor p = Tensor.zeros(2, 2, 3);
    Tensor q = Tensor.zeros(3, 3, 1);
    assertMentions(fails(IllegalArgumentException.class, () -> p.matmul(q)), "matmul", "[2, 2, 3]", "[3, 3, 1]");
  }

  @Test
  void reshapeToAnotherSize() {
    Tensor a = Tensor.zeros(2, 3);
    assertMentions(fails(IllegalArgumentException.class, () -> a.reshape(4, 2)), "reshape", "[2, 3]", "[4, 2]");
    assertMentions(fails(IllegalArgumentException.class, () -> a.reshape(4, -1)), "reshape", "[2, 3]");
    assertMentions(fails(IllegalArgumentException.class, () -> a.reshape(-1, -1)), "reshape");
  }

  @Test
  void integerTensorsCannotBeVariables() {
    Tensor ints = Tensor.of(1, 2, 3);
    Tensor bools = Tensor.of(true, false);
    Tensor longs = Tensor.of(1L, 2L);
    String integerValued = "Integer-valued tensors must be treated as constants";
    assertMentions(fails(IllegalArgumentException.class, ints::asVariable), integerValued);
    assertMentions(fails(IllegalArgumentException.class, bools::asVariable), integerValued);
    assertMentions(fails(IllegalArgumentException.class, () -> Autodiff.grad(x -> x.sum().to(DType.FLOAT64)).apply(longs)),
        "grad", "int64");
    assertTrue(ints.isConstant(), "an integer tensor is a constant");
  }

  @Test
  void useAfterCloseSaysTheTensorWasClosed() {
    Tensor a = Tensor.of(1.0, 2.0);
    a.close();
    assertMentions(fails(IllegalStateException.class, a::toDoubleArray), "closed");
    assertMentions(fails(IllegalStateException.class, () -> a.add(1.0)), "closed");
    Tensor b = Tensor.of(3.0, 4.0);
    assertMentions(fails(IllegalStateException.class, () -> b.mul(a)), "closed", "mul");
    Tensor one = Tensor.of(5.0);
    one.close();
    assertMentions(fails(IllegalStateException.class, one::item), "closed");
  }

  @Test
  @SuppressWarnings("try") // the scope is opened only for its close()
  void useAfterTheScopeEndedSaysTheTensorWasClosed() {
    Tensor escaped;
    try (Scope scope = Tensor.scope()) {
      escaped = Tensor.of(1.0, 2.0).exp();
    }
    Tensor e = escaped;
    assertMentions(fails(IllegalStateException.class, () -> e.sum()), "closed", "Scope");
    assertMentions(fails(IllegalStateException.class, e::toDoubleArray), "closed");
  }

  @Test
  void itemOfSeveralElementsNamesTheShape() {
    Tensor a = Tensor.zeros(2, 3);
    assertMentions(fails(IllegalArgumentException.class, a::item), "item", "[2, 3]");
    assertEquals(7.0, Tensor.full(7.0, 1, 1).item());
  }

  @Test
  void axesOutOfRangeNameTheAxisAndRank() {
    Tensor a = Tensor.zeros(2, 3);
    assertMentions(fails(IllegalArgumentException.class, () -> a.sum(2)), "sum", "axis 2", "rank 2");
    assertMentions(fails(IllegalArgumentException.class, () -> a.max(true, -3)), "max", "axis -3", "rank 2");
    assertMentions(fails(IllegalArgumentException.class, () -> a.softmax(5)), "axis 5", "rank 2");
    assertMentions(fails(IllegalArgumentException.class, () -> a.argmax(2)), "argmax", "axis 2");
    assertMentions(fails(IllegalArgumentException.class, () -> a.flip(3)), "flip", "axis 3");
    assertMentions(fails(IllegalArgumentException.class, () -> a.swapAxes(0, 2)), "swapAxes", "axis 2");
    assertMentions(fails(IllegalArgumentException.class, () -> a.slice(2, 0, 1, 1)), "slice", "axis 2");
    assertMentions(fails(IllegalArgumentException.class, () -> a.sum(0, 0)), "sum", "repeated");
    assertMentions(fails(IllegalArgumentException.class, () -> a.transpose(0, 0)), "transpose");
  }

  @Test
  void getOutOfBounds() {
    Tensor a = Tensor.zeros(2, 3);
    assertMentions(fails(IndexOutOfBoundsException.class, () -> a.get(2)), "get", "index 2", "axis 0", "size 2");
    assertMentions(fails(IndexOutOfBoundsException.class, () -> a.get(0, -4)), "get", "index -4", "axis 1");
    assertMentions(fails(IllegalArgumentException.class, () -> a.get(0, 0, 0)), "get", "[2, 3]");
  }

  @Test
  void sliceWithStepZero() {
    Tensor a = Tensor.zeros(5);
    assertMentions(fails(IllegalArgumentException.class, () -> a.slice(0, 0, 5, 0)), "slice", "step");
  }

  @Test
  void squeezeOfAnAxisThatIsNotOne() {
    Tensor a = Tensor.zeros(2, 1, 3);
    assertMentions(fails(IllegalArgumentException.class, () -> a.squeeze(0)), "squeeze", "axis 0", "[2, 1, 3]");
  }

  @Test
  void whereNeedsABoolCondition() {
    Tensor a = Tensor.zeros(3);
    Tensor floats = Tensor.of(1.0, 0.0, 1.0);
    Tensor ints = Tensor.of(1, 0, 1);
    assertMentions(fails(IllegalArgumentException.class, () -> Tensor.where(floats, a, a)), "where", "bool", "float64");
    assertMentions(fails(IllegalArgumentException.class, () -> Tensor.where(ints, a, a)), "where", "bool", "int32");
  }

  @Test
  void backwardOfAConstant() {
    Tensor c = Tensor.constant(1.0, 2.0).mul(3.0);
    assertMentions(fails(IllegalStateException.class, c::backward), "backward", "constant");
    Tensor d = Autodiff.noGrad(() -> Tensor.of(1.0, 2.0).exp());
    assertMentions(fails(IllegalStateException.class, d::backward), "backward", "constant");
    Tensor e = Tensor.of(2.0).detach();
    assertMentions(fails(IllegalStateException.class, e::backward), "backward", "constant");
  }

  @Test
  void gradOfANonScalarFunctionNamesTheOutputShape() {
    Function<Tensor, Tensor> f = x -> x.mul(2.0);
    Tensor x3 = Tensor.of(1.0, 2.0, 3.0);
    assertMentions(assertThrows(IllegalArgumentException.class, () -> Autodiff.grad(f).apply(x3)), "grad", "[3]");
    assertMentions(assertThrows(IllegalArgumentException.class, () -> Autodiff.grad(x -> x.reshape(3, 1)).apply(x3)),
        "grad", "[3, 1]");
    assertNull(x3.grad(), "grad() of a transform's input is untouched");
  }

  @Test
  void assignNeedsTheSameShapeAndDtype() {
    Tensor t = Tensor.of(1.0, 2.0, 3.0);
    Tensor shorter = Tensor.of(1.0, 2.0);
    Tensor floats = Tensor.of(1f, 2f, 3f);
    Tensor ints = Tensor.of(1, 2, 3);
    assertMentions(fails(IllegalArgumentException.class, () -> t.assign(shorter)), "assign", "[3]", "[2]");
    assertMentions(fails(IllegalArgumentException.class, () -> t.assign(floats)), "assign", "float32", "float64");
    assertMentions(fails(IllegalArgumentException.class, () -> t.assign(ints)), "assign", "int32");
    Tensor broadcast = Tensor.constant(1.0).broadcastTo(3);
    assertMentions(fails(IllegalArgumentException.class, () -> broadcast.assign(t)), "assign", "broadcast");
    assertTensor(new long[] {3}, new double[] {1, 2, 3}, t, 0, "the target is unchanged after a failed assign");
  }

  @Test
  void seedOfTheWrongShape() {
    Tensor x = Tensor.of(1.0, 2.0, 3.0);
    Tensor y = x.mul(2.0);
    Tensor seed = Tensor.of(1.0, 2.0);
    assertMentions(fails(IllegalArgumentException.class, () -> y.backward(seed)), "backward", "[2]", "[3]");
    assertNull(x.grad(), "no gradient after a refused backward");
  }
}
