package dev.fluxion.cli.selftest;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Scope;
import dev.fluxion.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Runs the self-test's cases on a device against the CPU backend: for every case and dtype the
 * forward value, and for differentiable ones the VJP (a backward pass from a random cotangent)
 * and the JVP (forward mode along random tangents), then the whole-program checks. Each check is
 * independent: one that throws is a failure with the exception's message, and the rest still run.
 */
public final class SelfTest {
  private final Device device;
  private final Device cpu = Device.cpu();

  public SelfTest(Device device) {
    this.device = device;
  }

  /** The built-in set, in the dtypes asked for. */
  public List<Check> run(List<DType> dtypes) {
    return run(Cases.all(), dtypes);
  }

  List<Check> run(List<Case> cases, List<DType> dtypes) {
    List<Check> checks = new ArrayList<>();
    for (DType t : dtypes) {
      for (Case c : cases) {
        checks.add(check(c.name(), "fwd", t, () -> Agreement.check(c.program().apply(cpu, t, inputs(c, t, cpu, false)),
            c.program().apply(device, t, inputs(c, t, device, false)))));
        if (c.differentiable()) {
          checks.add(check(c.name(), "vjp", t, () -> vjp(c, t)));
          checks.add(check(c.name(), "jvp", t, () -> jvp(c, t)));
        }
      }
      checks.add(check(Programs.BACKWARD, "run", t, () -> Programs.backwardMovesNoBytes(device, cpu, t)));
      checks.add(check(Programs.TRAINING, "run", t, () -> Programs.trainingRun(device, cpu, t)));
    }
    return checks;
  }

  /** Runs one check in its own scope: null from the body is a pass, text or an exception a failure. */
  @SuppressWarnings("try") // the scope frees what the check made; its body never names it
  private static Check check(String row, String column, DType t, Supplier<String> body) {
    try (Scope scope = Tensor.scope()) {
      String failure = body.get();
      return failure == null ? Check.pass(row, column, t) : Check.fail(row, column, t, failure);
    } catch (RuntimeException | AssertionError e) {
      return Check.fail(row, column, t, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private String vjp(Case c, DType t) {
    Tensor[] onCpu = inputs(c, t, cpu, true);
    Tensor[] onDevice = inputs(c, t, device, true);
    Tensor yCpu = c.program().apply(cpu, t, onCpu);
    Tensor yDevice = c.program().apply(device, t, onDevice);
    yCpu.backward(random(t, cpu, 99, new double[] {-1, 1}, yCpu.shape()));
    yDevice.backward(random(t, device, 99, new double[] {-1, 1}, yDevice.shape()));
    for (int i = 0; i < onCpu.length; i++) {
      if (onDevice[i].grad() == null || onDevice[i].grad().device() != device) {
        return "the gradient of input " + i + " is " + (onDevice[i].grad() == null ? "missing" : "on " + onDevice[i].grad().device());
      }
      String differs = Agreement.check(onCpu[i].grad(), onDevice[i].grad());
      if (differs != null) {
        return "gradient of input " + i + ": " + differs;
      }
    }
    return null;
  }

  private String jvp(Case c, DType t) {
    Tensor[] tangentsCpu = new Tensor[c.shapes().length];
    Tensor[] tangentsDevice = new Tensor[c.shapes().length];
    for (int i = 0; i < tangentsCpu.length; i++) {
      tangentsCpu[i] = random(t, cpu, 200 + i, new double[] {-1, 1}, c.shapes()[i]);
      tangentsDevice[i] = random(t, device, 200 + i, new double[] {-1, 1}, c.shapes()[i]);
    }
    Tensor[] expected = Autodiff.jvpN(x -> c.program().apply(cpu, t, x), inputs(c, t, cpu, false), tangentsCpu);
    Tensor[] actual = Autodiff.jvpN(x -> c.program().apply(device, t, x), inputs(c, t, device, false), tangentsDevice);
    String value = Agreement.check(expected[0], actual[0]);
    String tangent = Agreement.check(expected[1], actual[1]);
    return value != null ? "value: " + value : tangent != null ? "tangent: " + tangent : null;
  }

  /** The case's inputs on {@code d}: the same values on every device (seeded by position). */
  private static Tensor[] inputs(Case c, DType t, Device d, boolean variables) {
    Tensor[] x = new Tensor[c.shapes().length];
    for (int i = 0; i < x.length; i++) {
      Tensor r = random(t, d, 10 + i, c.domain(), c.shapes()[i]);
      x[i] = variables ? r.asVariable() : r;
    }
    return x;
  }

  /** A constant of uniform values in {@code [range[0], range[1])}, rounded down to multiples of {@code range[2]} if given. */
  static Tensor random(DType t, Device d, long seed, double[] range, long... shape) {
    Random r = new Random(seed);
    long n = 1;
    for (long s : shape) {
      n *= s;
    }
    double[] v = new double[(int) n];
    for (int i = 0; i < v.length; i++) {
      v[i] = range[0] + (range[1] - range[0]) * r.nextDouble();
      if (range.length > 2) {
        v[i] = Math.floor(v[i] / range[2]) * range[2];
      }
    }
    return Tensor.from(v, t, d, true, shape);
  }
}
