package dev.fluxion.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.DType;
import dev.fluxion.spi.BinaryOp;
import dev.fluxion.spi.FusedProgram;
import dev.fluxion.spi.ReduceOp;
import dev.fluxion.spi.UnaryOp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The interpreter's encoding: the layout of the code, and registers reused once their values are dead. */
class FusedCodeTest {
  @Test
  void theCodeListsInputsInstructionsAndOutputs() {
    List<FusedProgram.Op> ops = List.of(new FusedProgram.Const(2.5), new FusedProgram.Binary(BinaryOp.MUL, 0, 2),
        new FusedProgram.Unary(UnaryOp.EXP, 3), new FusedProgram.Where(3, 4, 0));
    FusedProgram p = new FusedProgram(DType.FLOAT64, 2, ops, new int[] {5, 4});
    FusedCode c = FusedCode.of(p);
    int[] code = c.code();
    assertArrayEquals(new int[] {2, 4, 2}, java.util.Arrays.copyOf(code, 3));
    assertEquals(-1, code[FusedCode.HEADER + 1], "input 1 is never read: not loaded");
    int at = FusedCode.HEADER + 2;
    assertEquals(FusedCode.CONST, code[at]);
    assertEquals(0, code[at + 2], "the constant's index");
    assertEquals(FusedCode.BINARY + BinaryOp.MUL.ordinal(), code[at + FusedCode.WORDS]);
    assertEquals(UnaryOp.EXP.ordinal(), code[at + 2 * FusedCode.WORDS]);
    assertEquals(FusedCode.WHERE, code[at + 3 * FusedCode.WORDS]);
    assertArrayEquals(new double[] {2.5}, c.constants());
    int outputs = at + 4 * FusedCode.WORDS;
    assertEquals(-1, code[outputs + 1], "no reduction");
    assertEquals(-1, code[outputs + 3]);
  }

  @Test
  void aLongChainNeedsFewRegisters() {
    List<FusedProgram.Op> ops = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      ops.add(i % 2 == 0 ? new FusedProgram.Unary(UnaryOp.SIN, i) : new FusedProgram.Binary(BinaryOp.ADD, i, 0));
    }
    FusedProgram p = new FusedProgram(DType.FLOAT32, 1, ops, new int[] {300}, new FusedProgram.Reduction(new int[] {0},
        new ReduceOp[] {ReduceOp.SUM}));
    FusedCode c = FusedCode.of(p);
    assertTrue(c.registers() <= 3, "a chain of 300 instructions over one input used " + c.registers() + " registers");
    int[] code = c.code();
    assertEquals(ReduceOp.SUM.ordinal(), code[code.length - 1], "the output's reduction");
  }

  @Test
  void anInstructionMayWriteTheRegisterOfItsLastOperand() {
    FusedProgram p = new FusedProgram(DType.FLOAT64, 1, List.of(new FusedProgram.Unary(UnaryOp.NEG, 0),
        new FusedProgram.Unary(UnaryOp.NEG, 1)), new int[] {2});
    FusedCode c = FusedCode.of(p);
    assertEquals(1, c.registers(), "x → -x → x in place");
  }
}
