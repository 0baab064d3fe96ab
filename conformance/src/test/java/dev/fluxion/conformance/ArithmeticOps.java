package dev.fluxion.conformance;

import dev.fluxion.Tensor;
import dev.fluxion.spi.BinaryOp;
import java.util.Arrays;
import java.util.List;

/**
 * The arithmetic binary primitives as users reach them (Tensor methods), each with a plain-Java
 * reference for its value and partial derivatives and input domains on which it is smooth:
 * {@code a} is sampled from {@link #domainA} and {@code b} from {@link #domainB}.
 */
enum ArithmeticOps {
  ADD(BinaryOp.ADD, Data.uniform(-2, 2), Data.uniform(-2, 2)) {
    Tensor apply(Tensor a, Tensor b) { return a.add(b); }
    double value(double a, double b) { return a + b; }
    double da(double a, double b) { return 1; }
    double db(double a, double b) { return 1; }
  },
  SUB(BinaryOp.SUB, Data.uniform(-2, 2), Data.uniform(-2, 2)) {
    Tensor apply(Tensor a, Tensor b) { return a.sub(b); }
    double value(double a, double b) { return a - b; }
    double da(double a, double b) { return 1; }
    double db(double a, double b) { return -1; }
  },
  MUL(BinaryOp.MUL, Data.uniform(-2, 2), Data.uniform(-2, 2)) {
    Tensor apply(Tensor a, Tensor b) { return a.mul(b); }
    double value(double a, double b) { return a * b; }
    double da(double a, double b) { return b; }
    double db(double a, double b) { return a; }
  },
  DIV(BinaryOp.DIV, Data.uniform(-2, 2), Data.awayFromZero(0.5, 2)) {
    Tensor apply(Tensor a, Tensor b) { return a.div(b); }
    double value(double a, double b) { return a / b; }
    double da(double a, double b) { return 1 / b; }
    double db(double a, double b) { return -a / (b * b); }
  },
  POW(BinaryOp.POW, Data.uniform(0.3, 2), Data.uniform(-2, 2)) {
    Tensor apply(Tensor a, Tensor b) { return a.pow(b); }
    double value(double a, double b) { return Math.pow(a, b); }
    double da(double a, double b) { return b * Math.pow(a, b - 1); }
    double db(double a, double b) { return Math.pow(a, b) * Math.log(a); }
  },
  MAXIMUM(BinaryOp.MAX, Data.grid(0), Data.grid(0.25)) {
    Tensor apply(Tensor a, Tensor b) { return a.maximum(b); }
    double value(double a, double b) { return Math.max(a, b); }
    double da(double a, double b) { return a > b ? 1 : 0; }
    double db(double a, double b) { return a > b ? 0 : 1; }
  },
  MINIMUM(BinaryOp.MIN, Data.grid(0), Data.grid(0.25)) {
    Tensor apply(Tensor a, Tensor b) { return a.minimum(b); }
    double value(double a, double b) { return Math.min(a, b); }
    double da(double a, double b) { return a < b ? 1 : 0; }
    double db(double a, double b) { return a < b ? 0 : 1; }
  },
  ATAN2(BinaryOp.ATAN2, Data.awayFromZero(0.3, 2), Data.uniform(-2, 2)) {
    Tensor apply(Tensor a, Tensor b) { return a.atan2(b); }
    double value(double a, double b) { return Math.atan2(a, b); }
    double da(double a, double b) { return b / (a * a + b * b); }
    double db(double a, double b) { return -a / (a * a + b * b); }
  };

  final BinaryOp op;
  final Data.Domain domainA;
  final Data.Domain domainB;

  ArithmeticOps(BinaryOp op, Data.Domain domainA, Data.Domain domainB) {
    this.op = op;
    this.domainA = domainA;
    this.domainB = domainB;
  }

  abstract Tensor apply(Tensor a, Tensor b);

  abstract double value(double a, double b);

  abstract double da(double a, double b);

  abstract double db(double a, double b);

  static List<ArithmeticOps> all() {
    return Arrays.asList(values());
  }
}
