package dev.fluxion.cli.selftest;

import dev.fluxion.Autodiff;
import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.DeviceStats;
import dev.fluxion.Tensor;
import java.util.Locale;

/**
 * The self-test's whole-program checks: a reverse sweep that stays on the device, and a small
 * training run whose losses match the CPU's step by step.
 */
final class Programs {
  static final String BACKWARD = "backward moves no bytes";
  static final String TRAINING = "training run (25 SGD steps)";

  private Programs() {}

  /** A program of about twenty primitives: matmul, broadcasting, unary ops, movement, where, reductions. */
  private static Tensor program(Tensor x, Tensor w, Tensor b) {
    Tensor h = x.matmul(w).add(b).tanh().mul(2.0).sin().exp().div(b.abs().add(1.0)).sigmoid().maximum(0.25).log();
    Tensor t = h.T().reshape(4, 4, 8).slice(2, 1, 8, 2);
    return Tensor.where(t.gt(-1.0), t, t.square()).max(true, 1).sum();
  }

  /** {@code backward()} on the device moves no byte either way, launches kernels, and gives the CPU's gradients. */
  static String backwardMovesNoBytes(Device device, Device cpu, DType t) {
    Tensor[] onDevice = parameters(device, t);
    Tensor loss = program(onDevice[0], onDevice[1], onDevice[2]);
    device.synchronize();
    DeviceStats before = device.stats();
    loss.backward();
    device.synchronize();
    DeviceStats after = device.stats();
    long toDevice = after.hostToDeviceBytes() - before.hostToDeviceBytes();
    long toHost = after.deviceToHostBytes() - before.deviceToHostBytes();
    long launches = after.kernelLaunches() - before.kernelLaunches();
    if (toDevice != 0 || toHost != 0 || launches < 20) {
      return String.format(Locale.ROOT, "backward() moved %d bytes to the device and %d to the host in %d launches "
          + "(expected 0, 0 and at least 20)", toDevice, toHost, launches);
    }
    Tensor[] onCpu = parameters(cpu, t);
    program(onCpu[0], onCpu[1], onCpu[2]).backward();
    for (int i = 0; i < 3; i++) {
      String differs = Agreement.check(onCpu[i].grad(), onDevice[i].grad());
      if (differs != null) {
        return "gradient " + i + ": " + differs;
      }
    }
    return null;
  }

  /**
   * 25 steps of plain gradient descent on a two-layer tanh network fitting a smooth function of
   * its inputs: the loss after every step agrees with the CPU's, and it falls by at least half.
   */
  static String trainingRun(Device device, Device cpu, DType t) {
    double[] lossDevice = train(device, t);
    double[] lossCpu = train(cpu, t);
    double rtol = t == DType.FLOAT32 ? 1e-3 : 1e-9;
    for (int step = 0; step < lossCpu.length; step++) {
      if (Math.abs(lossDevice[step] - lossCpu[step]) > rtol * Math.abs(lossCpu[step])) {
        return String.format(Locale.ROOT, "loss after step %d is %s on the device, %s on the CPU", step, lossDevice[step],
            lossCpu[step]);
      }
    }
    if (!(lossCpu[lossCpu.length - 1] < 0.5 * lossCpu[0])) {
      return "the loss did not fall by half: " + lossCpu[0] + " -> " + lossCpu[lossCpu.length - 1];
    }
    return null;
  }

  private static double[] train(Device d, DType t) {
    Tensor x = SelfTest.random(t, d, 1, new double[] {-1, 1}, 64, 3);
    Tensor y = x.sum(true, 1).sin().mul(x.slice(1, 0, 1).exp()).detach();
    Tensor w1 = SelfTest.random(t, d, 2, new double[] {-0.5, 0.5}, 3, 16).asVariable();
    Tensor b1 = Tensor.zeros(t, d, 16);
    Tensor w2 = SelfTest.random(t, d, 3, new double[] {-0.5, 0.5}, 16, 1).asVariable();
    Tensor[] params = {w1, b1, w2};
    double[] losses = new double[25];
    for (int step = 0; step < losses.length; step++) {
      Tensor loss = x.matmul(w1).add(b1).tanh().matmul(w2).sub(y).square().mean();
      loss.backward();
      losses[step] = loss.item();
      Autodiff.noGrad(() -> {
        for (Tensor p : params) {
          p.assign(p.sub(p.grad().mul(0.5)));
        }
      });
      for (Tensor p : params) {
        p.zeroGrad();
      }
    }
    return losses;
  }

  private static Tensor[] parameters(Device d, DType t) {
    return new Tensor[] {SelfTest.random(t, d, 4, new double[] {-1, 1}, 8, 6).asVariable(),
        SelfTest.random(t, d, 5, new double[] {-1, 1}, 6, 16).asVariable(),
        SelfTest.random(t, d, 6, new double[] {-1, 1}, 16).asVariable()};
  }
}
