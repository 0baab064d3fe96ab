package dev.fluxion.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.DeviceUnavailableException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The streaming sweep on an OpenCL device: the same points, values within the device math's rounding. */
class DeviceSweepTest {
  static Device opencl() {
    try {
      return Device.opencl();
    } catch (DeviceUnavailableException e) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true: the OpenCL sweep must run there: " + e.getMessage());
      }
      assumeTrue(false, "no OpenCL device: " + e.getMessage());
      return null;
    }
  }

  static double[][] sweep(SweepSpec spec, Device device) {
    int n = (int) spec.grid().size();
    int columns = spec.columns().size();
    double[][] out = new double[columns][n];
    try (BlockStream s = BlockStream.open(spec, device, 0, n)) {
      for (Block b = s.next(); b != null; b = s.next()) {
        int dims = b.coords.length;
        for (int c = 0; c < columns; c++) {
          System.arraycopy(c < dims ? b.coords[c] : b.values[c - dims], 0, out[c], (int) b.start, b.count);
        }
      }
    }
    return out;
  }

  /**
   * Both device evaluators — compiled (the default) and hand-fused — with blocks in flight (the
   * capacity of 1000 points makes 3015 points four blocks, the last partial), in both dtypes.
   */
  @Test
  void openClBlocksMatchTheCpu() {
    Device cl = opencl();
    Grid grid = new Grid(List.of(new Axis("x", 0.1, 2, 67), new Axis("y", -1, 1, 45)), false);
    for (SweepSpec.Evaluator evaluator : new SweepSpec.Evaluator[] {SweepSpec.Evaluator.FUSED, SweepSpec.Evaluator.COMPILED}) {
      for (DType dtype : new DType[] {DType.FLOAT64, DType.FLOAT32}) {
        for (boolean hessian : dtype == DType.FLOAT64 ? new boolean[] {false, true} : new boolean[] {false}) {
          SweepSpec spec = new SweepSpec("x^2*y + sin(x*y) + log x", grid, dtype, hessian, 1000, evaluator);
          double[][] cpu = sweep(spec, Device.cpu());
          double[][] dev = sweep(spec, cl);
          double tol = dtype == DType.FLOAT64 ? 1e-12 : 1e-5;
          for (int c = 0; c < cpu.length; c++) {
            for (int i = 0; i < cpu[c].length; i++) {
              assertEquals(cpu[c][i], dev[c][i], tol * Math.max(1, Math.abs(cpu[c][i])),
                  evaluator + " " + dtype + (hessian ? " with the Hessian: " : ": ") + spec.columns().get(c) + " row " + i);
            }
          }
        }
      }
    }
  }

  /** A stream closed with blocks still in flight waits for their copies and leaves the device usable. */
  @Test
  void closingAStreamWithBlocksInFlightLeavesTheDeviceUsable() {
    Device cl = opencl();
    Grid grid = new Grid(List.of(new Axis("x", 0.1, 2, 5000)), false);
    SweepSpec spec = new SweepSpec("sin(x)*x", grid, DType.FLOAT64, false, 500, SweepSpec.Evaluator.COMPILED);
    try (BlockStream s = BlockStream.open(spec, cl, 0, grid.size())) {
      Block first = s.next();
      assertEquals(0, first.start);
      assertEquals(Math.sin(first.coords[0][7]) * first.coords[0][7], first.values[0][7], 1e-12);
    }
    double[][] cpu = sweep(spec, Device.cpu());
    double[][] dev = sweep(spec, cl);
    for (int c = 0; c < cpu.length; c++) {
      for (int i = 0; i < cpu[c].length; i++) {
        assertEquals(cpu[c][i], dev[c][i], 1e-12 * Math.max(1, Math.abs(cpu[c][i])), spec.columns().get(c) + " row " + i);
      }
    }
  }
}
