package dev.fluxion.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fluxion.DType;
import dev.fluxion.spi.BinaryOp;
import dev.fluxion.spi.FusedProgram;
import dev.fluxion.spi.ReduceOp;
import dev.fluxion.spi.UnaryOp;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated sources: one line per instruction from the map kernels' expression tables,
 * exact constants, and — where nvcc is on the PATH — CUDA C that compiles (the NVRTC path's
 * source, checked with the same front end the prebuilt kernels are built with).
 */
class FusedSourcesTest {
  private static final Target DEVICE = new Target(true, 48 * 1024);

  /** Every unary and binary op once, a where, a non-zero test and constants. */
  static FusedProgram everyOp(DType t, FusedProgram.Reduction reduction) {
    List<FusedProgram.Op> ops = new ArrayList<>();
    int next = 2;
    int last = 0;
    for (UnaryOp op : UnaryOp.values()) {
      ops.add(new FusedProgram.Unary(op, last));
      last = next++;
    }
    for (BinaryOp op : BinaryOp.values()) {
      ops.add(new FusedProgram.Binary(op, last, 1));
      last = next++;
    }
    ops.add(new FusedProgram.Const(Math.PI));
    int pi = next++;
    ops.add(new FusedProgram.Where(last, pi, 0));
    last = next++;
    ops.add(new FusedProgram.NonZero(last));
    int nz = next++;
    ops.add(new FusedProgram.Const(Double.NaN));
    ops.add(new FusedProgram.Const(Double.NEGATIVE_INFINITY));
    ops.add(new FusedProgram.Binary(BinaryOp.MAX, next, next + 1));
    return new FusedProgram(t, 2, ops, new int[] {last, nz, next + 2}, reduction);
  }

  @Test
  void eachInstructionIsOneLineFromTheMapKernelsTables() {
    FusedProgram p = everyOp(DType.FLOAT32, null);
    String source = FusedKernels.source(new FusedKernels.Spec(p, new boolean[] {false, true}, DEVICE), Dialect.OPENCL);
    for (UnaryOp op : UnaryOp.values()) {
      String guarded = FusedKernels.nanGuarded(op);
      assertTrue(guarded.contains(UnaryExpressions.floating(op)), op + ": the map kernels' expression");
      assertTrue(source.contains("(float)(" + guarded.replace("$T", "float") + ")"), op.toString());
    }
    for (BinaryOp op : BinaryOp.values()) {
      String guarded = FusedKernels.nanGuarded(op);
      assertTrue(guarded.contains(BinaryExpressions.floating(op)), op + ": the map kernels' expression");
      assertTrue(source.contains("(float)(" + guarded.replace("$T", "float") + ")"), op.toString());
    }
    assertTrue(source.contains("= L.s[1]; /* ") && source.contains("]; /* (float)NAN */"), "constants are arguments after the immediates");
    assertTrue(source.contains("const float r1 = L.s[0];"), "the immediate input comes from the layout");
    assertTrue(source.contains("#pragma OPENCL FP_CONTRACT OFF"));
    assertFalse(source.contains("$"), "no placeholder left");
  }

  @Test
  void constantsAreWrittenExactly() {
    java.util.Random r = new java.util.Random(5);
    for (int i = 0; i < 1000; i++) {
      double d = Double.longBitsToDouble(r.nextLong());
      if (Double.isFinite(d)) {
        assertEquals(d, Double.parseDouble(FusedKernels.literal(d, DType.FLOAT64)), 0.0);
        float f = (float) d;
        if (Float.isFinite(f)) {
          String lit = FusedKernels.literal(f, DType.FLOAT32);
          assertTrue(lit.endsWith("f"), lit);
          assertEquals(f, Float.parseFloat(lit.substring(0, lit.length() - 1)), 0.0f);
        }
      }
    }
    assertEquals("(double)NAN", FusedKernels.literal(Double.NaN, DType.FLOAT64));
    assertEquals("(float)(-INFINITY)", FusedKernels.literal(Double.NEGATIVE_INFINITY, DType.FLOAT32));
  }

  @Test
  void theInterpreterHasACaseForEveryOp() {
    String source = FusedInterpreter.program(new ProgramKey(Family.FUSED, DType.FLOAT64), DEVICE).render(Dialect.CUDA);
    for (UnaryOp op : UnaryOp.values()) {
      assertTrue(source.contains("case " + op.ordinal() + ": v = (double)(" + UnaryExpressions.floating(op).replace("$T", "double")),
          op.toString());
    }
    for (BinaryOp op : BinaryOp.values()) {
      assertTrue(source.contains("case " + (FusedCode.BINARY + op.ordinal()) + ":"), op.toString());
    }
    assertFalse(source.contains("$"), "no placeholder left");
  }

  /** The generated CUDA sources compile with nvcc (skipped, saying so, where nvcc is not on the PATH). */
  @Test
  void generatedCudaSourcesCompileWithNvcc(@TempDir Path dir) throws Exception {
    Path nvcc = null;
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, "nvcc"))) {
        nvcc = Path.of(d, "nvcc");
      }
    }
    assumeTrue(nvcc != null, "nvcc is not on the PATH: the generated CUDA sources are not compiled here");
    FusedProgram.Reduction sums = new FusedProgram.Reduction(new int[] {1}, new ReduceOp[] {ReduceOp.SUM, ReduceOp.MAX,
        ReduceOp.MIN});
    int n = 0;
    for (DType t : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
      for (FusedProgram p : new FusedProgram[] {everyOp(t, null), everyOp(t, sums)}) {
        FusedKernels.Spec spec = new FusedKernels.Spec(p, new boolean[] {false, true}, DEVICE);
        Path cu = dir.resolve(spec.id() + ".cu");
        Files.writeString(cu, FusedKernels.source(spec, Dialect.CUDA));
        Process proc = new ProcessBuilder(nvcc.toString(), "-ptx", "-arch=compute_75", "-o", dir.resolve(spec.id() + ".ptx")
            .toString(), cu.toString()).redirectErrorStream(true).start();
        String log = new String(proc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, proc.waitFor(), "nvcc on " + spec.id() + ":\n" + log);
        n++;
      }
    }
    assertEquals(4, n);
  }
}
