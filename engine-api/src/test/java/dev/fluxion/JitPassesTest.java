package dev.fluxion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.fluxion.spi.BinaryOp;
import dev.fluxion.spi.FusedProgram;
import dev.fluxion.spi.ReduceOp;
import dev.fluxion.spi.UnaryOp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The jit passes on hand-made plans: steps in, steps out. */
class JitPassesTest {
  private final List<JitRecorder.Slot> slots = new ArrayList<>();

  private int slot(JitRecorder.SlotKind kind, DType dtype, long elements) {
    slots.add(new JitRecorder.Slot(kind, dtype, elements, null, kind == JitRecorder.SlotKind.INPUT ? 0 : -1));
    return slots.size() - 1;
  }

  private static JitStep.Arg dense(int slot, long... shape) {
    return new JitStep.Arg(slot, shape, dev.fluxion.spi.View.rowMajorStrides(shape), 0);
  }

  private static JitStep unary(UnaryOp op, int in, int out) {
    return new JitStep(JitStep.Kind.UNARY, op, new JitStep.Arg[] {dense(in, 100)}, new JitStep.Arg[] {dense(out, 100)}, null,
        null, null);
  }

  @Test
  void aChainOfUnaryStepsSharesTwoBuffers() {
    int x = slot(JitRecorder.SlotKind.INPUT, DType.FLOAT64, 100);
    int[] t = new int[5];
    List<JitStep> steps = new ArrayList<>();
    int prev = x;
    for (int i = 0; i < t.length; i++) {
      t[i] = slot(JitRecorder.SlotKind.TEMP, DType.FLOAT64, 100);
      steps.add(unary(UnaryOp.EXP, prev, t[i]));
      prev = t[i];
    }
    List<Long> sizes = new ArrayList<>();
    List<DType> dtypes = new ArrayList<>();
    int[] physical = JitPasses.planMemory(steps, slots, Set.of(t[0], t[1], t[2], t[3]), sizes, dtypes);
    assertEquals(2, sizes.size(), "a value and the next one are live together, no more");
    assertNotEquals(physical[t[0]], physical[t[1]]);
    assertEquals(physical[t[0]], physical[t[2]], "t2 takes t0's buffer, dead after step 1");
    assertEquals(-1, physical[t[4]], "the result is not planned (it gets a buffer per call)");
  }

  @Test
  void anElementwiseChainBecomesOneProgramWritingOnlyWhatIsReadLater() {
    int x = slot(JitRecorder.SlotKind.INPUT, DType.FLOAT64, 100);
    int a = slot(JitRecorder.SlotKind.TEMP, DType.FLOAT64, 100);
    int b = slot(JitRecorder.SlotKind.TEMP, DType.FLOAT64, 100);
    int c = slot(JitRecorder.SlotKind.TEMP, DType.FLOAT64, 100);
    int s = slot(JitRecorder.SlotKind.TEMP, DType.FLOAT64, 1);
    List<JitStep> steps = List.of(
        unary(UnaryOp.SIN, x, a),
        new JitStep(JitStep.Kind.BINARY, BinaryOp.MUL, new JitStep.Arg[] {dense(a, 100), dense(x, 100)},
            new JitStep.Arg[] {dense(b, 100)}, null, null, null),
        unary(UnaryOp.EXP, b, c),
        new JitStep(JitStep.Kind.REDUCE, ReduceOp.SUM, new JitStep.Arg[] {dense(b, 100)}, new JitStep.Arg[] {dense(s)},
            new int[] {0}, null, null));
    List<JitStep> fused = JitPasses.fuseElementwise(steps, slots, Set.of(c, s));
    assertEquals(2, fused.size(), fused.toString());
    JitStep program = fused.get(0);
    assertEquals(JitStep.Kind.FUSED, program.kind());
    assertEquals(1, program.in().length, "x once");
    assertEquals(List.of(b, c), List.of(program.out()[0].slot(), program.out()[1].slot()), "a stays in a register");
    assertEquals(3, ((FusedProgram) program.op()).ops().size());
  }

  @Test
  void aMaximumOfARegionsOnlyOutputBecomesItsEpilogue() {
    int x = slot(JitRecorder.SlotKind.INPUT, DType.FLOAT64, 100);
    int a = slot(JitRecorder.SlotKind.TEMP, DType.FLOAT64, 100);
    int b = slot(JitRecorder.SlotKind.TEMP, DType.FLOAT64, 100);
    int s = slot(JitRecorder.SlotKind.TEMP, DType.FLOAT64, 1);
    List<JitStep> steps = List.of(unary(UnaryOp.SIN, x, a), unary(UnaryOp.EXP, a, b),
        new JitStep(JitStep.Kind.REDUCE, ReduceOp.MAX, new JitStep.Arg[] {dense(b, 100)}, new JitStep.Arg[] {dense(s)},
            new int[] {0}, null, null));
    List<JitStep> plan = JitPasses.foldReductions(JitPasses.fuseElementwise(steps, slots, Set.of(s)), Set.of(s));
    assertEquals(1, plan.size(), plan.toString());
    FusedProgram p = (FusedProgram) plan.get(0).op();
    assertEquals(new FusedProgram.Reduction(new int[] {0}, new ReduceOp[] {ReduceOp.MAX}), p.reduction());
    assertEquals(s, plan.get(0).out()[0].slot());
  }

  @Test
  void stepsWhoseResultsNobodyReadsAreDropped() {
    int x = slot(JitRecorder.SlotKind.INPUT, DType.FLOAT64, 100);
    int p = slot(JitRecorder.SlotKind.CONST, DType.FLOAT64, 100);
    int dead = slot(JitRecorder.SlotKind.TEMP, DType.FLOAT64, 100);
    int used = slot(JitRecorder.SlotKind.TEMP, DType.FLOAT64, 100);
    List<JitStep> steps = List.of(unary(UnaryOp.EXP, x, dead), unary(UnaryOp.SIN, x, used), unary(UnaryOp.NEG, used, p));
    List<JitStep> kept = JitPasses.eliminateDeadSteps(steps, slots, Set.of());
    assertEquals(List.of(steps.get(1), steps.get(2)), kept, "an in-place write of a constant is kept, and what it reads");
  }
}
