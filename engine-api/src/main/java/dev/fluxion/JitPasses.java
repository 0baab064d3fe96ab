package dev.fluxion;

import dev.fluxion.spi.BinaryOp;
import dev.fluxion.spi.FusedProgram;
import dev.fluxion.spi.ReduceOp;
import dev.fluxion.spi.UnaryOp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The passes that turn a recorded trace into a plan, each a function of steps in, steps out:
 * {@link #fuseElementwise} merges elementwise steps into fused programs, {@link #planMemory}
 * gives every intermediate slot a buffer shared with slots whose lifetimes do not overlap.
 */
final class JitPasses {
  /** How far ahead of a region's first step the fusion pass looks for steps to join it. */
  static final int LOOKAHEAD = 64;

  private JitPasses() {}

  /**
   * Drops the steps whose results nobody reads: a step is kept when it writes a slot that is not
   * an intermediate (an input, a constant: an in-place update), a result of the function, or a
   * slot that a kept later step reads.
   */
  static List<JitStep> eliminateDeadSteps(List<JitStep> steps, List<JitRecorder.Slot> slots, Set<Integer> results) {
    Set<Integer> live = new HashSet<>(results);
    boolean[] keep = new boolean[steps.size()];
    for (int k = steps.size() - 1; k >= 0; k--) {
      JitStep s = steps.get(k);
      for (JitStep.Arg a : s.out()) {
        keep[k] |= slots.get(a.slot()).kind != JitRecorder.SlotKind.TEMP || live.contains(a.slot());
      }
      if (keep[k]) {
        for (JitStep.Arg a : s.in()) {
          live.add(a.slot());
        }
      }
    }
    List<JitStep> out = new ArrayList<>();
    for (int k = 0; k < steps.size(); k++) {
      if (keep[k]) {
        out.add(steps.get(k));
      }
    }
    return out;
  }

  /**
   * Maximal elementwise regions → one {@link FusedProgram} step each. A region is a set of unary
   * and (non-comparison) binary steps of one floating dtype and one output shape, each writing a
   * fresh dense slot, that can all run at the position of the first without changing what any
   * other step reads or writes. A slot produced in the region is written out only when a step
   * outside the region, or the caller, reads it; the others stay in registers (no buffer at all).
   */
  static List<JitStep> fuseElementwise(List<JitStep> steps, List<JitRecorder.Slot> slots, Set<Integer> pinnedReads) {
    int n = steps.size();
    int[] writers = new int[slots.size()];
    for (JitStep s : steps) {
      for (JitStep.Arg a : s.out()) {
        writers[a.slot()]++;
      }
    }
    boolean[] taken = new boolean[n];
    List<JitStep> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (taken[i]) {
        continue;
      }
      JitStep first = steps.get(i);
      DType dtype = regionDtype(first, slots, writers);
      if (dtype == null || first.kind() == JitStep.Kind.WHERE) { // a where's condition must come from its region
        out.add(first);
        continue;
      }
      // a comparison read outside the region cannot be written by a program of floating registers:
      // form the region again without it (and without what depended on it)
      Set<Integer> excluded = new HashSet<>();
      List<Integer> region;
      Map<Integer, JitStep.Arg> produced;
      Set<Integer> needed;
      while (true) {
        region = new ArrayList<>(List.of(i));
        produced = new HashMap<>();
        produced.put(first.out()[0].slot(), first.out()[0]);
        grow(steps, slots, writers, taken, excluded, i, dtype, region, produced);
        needed = readersOutside(steps, region, produced.keySet(), pinnedReads);
        Set<Integer> bools = new HashSet<>();
        for (int r : region) {
          if (r != i && needed.contains(steps.get(r).out()[0].slot()) && slots.get(steps.get(r).out()[0].slot()).dtype == DType.BOOL) {
            bools.add(r);
          }
        }
        if (bools.isEmpty()) {
          break;
        }
        excluded.addAll(bools);
      }
      if (region.size() < 2 || needed.stream().anyMatch(s -> slots.get(s).dtype == DType.BOOL)) {
        out.add(first);
        continue;
      }
      for (int r : region) {
        taken[r] = true;
      }
      if (needed.isEmpty()) {
        continue; // nothing reads the region's values: dead code
      }
      out.add(fuse(steps, region, produced.keySet(), slots, dtype, needed));
    }
    return out;
  }

  /** Adds to the region of step i the later steps that can join it (see {@link #fuseElementwise}). */
  private static void grow(List<JitStep> steps, List<JitRecorder.Slot> slots, int[] writers, boolean[] taken,
      Set<Integer> excluded, int i, DType dtype, List<Integer> region, Map<Integer, JitStep.Arg> produced) {
    Set<Integer> writtenBetween = new HashSet<>();
    long[] shape = steps.get(i).out()[0].shape();
    for (int j = i + 1; j < steps.size() && j <= i + LOOKAHEAD; j++) {
      if (taken[j]) {
        continue;
      }
      JitStep t = steps.get(j);
      if (!excluded.contains(j) && regionDtype(t, slots, writers) == dtype && Arrays.equals(t.out()[0].shape(), shape)
          && canJoin(t, produced, writtenBetween)
          && (t.kind() != JitStep.Kind.WHERE || produced.containsKey(t.in()[0].slot()))) {
        region.add(j);
        produced.put(t.out()[0].slot(), t.out()[0]);
      } else {
        for (JitStep.Arg a : t.out()) {
          writtenBetween.add(a.slot());
        }
      }
    }
  }

  /**
   * The floating dtype of the region a step can join (its registers' dtype), or null when it
   * cannot be fused: unary and binary steps of one floating dtype, comparisons of floating
   * operands (their BOOL result is a 1/0 register), and {@code where} (its condition a register),
   * each writing a fresh dense intermediate.
   */
  private static DType regionDtype(JitStep s, List<JitRecorder.Slot> slots, int[] writers) {
    boolean comparison = s.kind() == JitStep.Kind.BINARY && ((BinaryOp) s.op()).isComparison();
    if (s.kind() != JitStep.Kind.UNARY && s.kind() != JitStep.Kind.BINARY && s.kind() != JitStep.Kind.WHERE) {
      return null;
    }
    JitStep.Arg o = s.out()[0];
    JitRecorder.Slot slot = slots.get(o.slot());
    DType dtype = comparison ? slots.get(s.in()[0].slot()).dtype : slot.dtype;
    if (slot.kind != JitRecorder.SlotKind.TEMP || writers[o.slot()] != 1 || !o.isDense() || !dtype.isFloating()
        || (comparison && slot.dtype != DType.BOOL)) {
      return null;
    }
    for (int k = s.kind() == JitStep.Kind.WHERE ? 1 : 0; k < s.in().length; k++) {
      JitStep.Arg a = s.in()[k];
      if (slots.get(a.slot()).dtype != dtype || a.slot() == o.slot()) {
        return null;
      }
    }
    if (s.kind() == JitStep.Kind.WHERE && slots.get(s.in()[0].slot()).dtype != DType.BOOL) {
      return null;
    }
    return dtype;
  }

  /** Whether t can run at the region's position: it reads nothing written in between, and region values through their own view. */
  private static boolean canJoin(JitStep t, Map<Integer, JitStep.Arg> produced, Set<Integer> writtenBetween) {
    for (JitStep.Arg a : t.in()) {
      if (writtenBetween.contains(a.slot())) {
        return false;
      }
      JitStep.Arg p = produced.get(a.slot());
      if (p != null && !p.sameView(a)) {
        return false;
      }
    }
    return !writtenBetween.contains(t.out()[0].slot());
  }

  /** The region slots that a step outside the region (or the caller) reads. */
  private static Set<Integer> readersOutside(List<JitStep> steps, List<Integer> region, Set<Integer> produced, Set<Integer> pinnedReads) {
    Set<Integer> inRegion = new HashSet<>(region);
    Set<Integer> read = new HashSet<>();
    for (int k = 0; k < steps.size(); k++) {
      if (inRegion.contains(k)) {
        continue;
      }
      for (JitStep.Arg a : steps.get(k).in()) {
        if (produced.contains(a.slot())) {
          read.add(a.slot());
        }
      }
    }
    for (int s : produced) {
      if (pinnedReads.contains(s)) {
        read.add(s);
      }
    }
    return read;
  }

  private static JitStep fuse(List<JitStep> steps, List<Integer> region, Set<Integer> produced, List<JitRecorder.Slot> slots,
      DType dtype, Set<Integer> needed) {
    List<JitStep.Arg> inputs = new ArrayList<>();
    List<FusedProgram.Op> ops = new ArrayList<>();
    Map<Integer, Integer> registerOfSlot = new HashMap<>();
    // first the inputs (registers 0..k-1), then one op per step (constants interleaved)
    for (int r : region) {
      JitStep s = steps.get(r);
      for (JitStep.Arg a : s.in()) {
        if (!produced.contains(a.slot()) && !(slots.get(a.slot()).buffer instanceof dev.fluxion.spi.ImmediateBuffer)
            && indexOf(inputs, a) < 0) {
          inputs.add(a);
        }
      }
    }
    int k = inputs.size();
    List<JitStep.Arg> outs = new ArrayList<>();
    List<Integer> outRegs = new ArrayList<>();
    for (int r : region) {
      JitStep s = steps.get(r);
      int[] regs = new int[s.in().length];
      for (int q = 0; q < regs.length; q++) {
        JitStep.Arg a = s.in()[q];
        if (produced.contains(a.slot())) {
          regs[q] = registerOfSlot.get(a.slot());
        } else if (slots.get(a.slot()).buffer instanceof dev.fluxion.spi.ImmediateBuffer imm) {
          ops.add(new FusedProgram.Const(imm.value()));
          regs[q] = k + ops.size() - 1;
        } else {
          regs[q] = indexOf(inputs, a);
        }
      }
      ops.add(switch (s.kind()) {
        case UNARY -> new FusedProgram.Unary((UnaryOp) s.op(), regs[0]);
        case BINARY -> new FusedProgram.Binary((BinaryOp) s.op(), regs[0], regs[1]);
        default -> new FusedProgram.Where(regs[0], regs[1], regs[2]);
      });
      int reg = k + ops.size() - 1;
      registerOfSlot.put(s.out()[0].slot(), reg);
      if (needed.contains(s.out()[0].slot())) {
        outs.add(s.out()[0]);
        outRegs.add(reg);
      }
    }
    FusedProgram program = ProgramPasses.simplify(
        new FusedProgram(dtype, k, ops, outRegs.stream().mapToInt(Integer::intValue).toArray()));
    return new JitStep(JitStep.Kind.FUSED, program, inputs.toArray(JitStep.Arg[]::new), outs.toArray(JitStep.Arg[]::new),
        null, null, null);
  }

  private static int indexOf(List<JitStep.Arg> args, JitStep.Arg a) {
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).sameView(a)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Reduction epilogues: a max or min whose operand is the only value a fused region writes out,
   * read by nothing else, is folded into that region's program (one pass: the region's values are
   * reduced as they are computed, never stored). Sums are not folded: a fused epilogue adds in
   * another order than the device's reduce kernel, so the results would no longer equal eager
   * evaluation bit for bit (measured: 1 ulp apart on the CPU).
   */
  static List<JitStep> foldReductions(List<JitStep> steps, Set<Integer> results) {
    Map<Integer, Integer> readers = new HashMap<>();
    for (JitStep s : steps) {
      for (JitStep.Arg a : s.in()) {
        readers.merge(a.slot(), 1, Integer::sum);
      }
    }
    Map<Integer, Integer> producer = new HashMap<>();
    List<JitStep> out = new ArrayList<>(steps);
    boolean[] dropped = new boolean[steps.size()];
    for (int k = 0; k < steps.size(); k++) {
      JitStep s = steps.get(k);
      if (s.kind() == JitStep.Kind.FUSED && s.out().length == 1 && ((FusedProgram) s.op()).reduction() == null
          && s.out()[0].isDense()) {
        producer.put(s.out()[0].slot(), k);
      }
      if (s.kind() != JitStep.Kind.REDUCE || !s.in()[0].isDense()) {
        continue;
      }
      ReduceOp op = (ReduceOp) s.op();
      Integer f = producer.get(s.in()[0].slot());
      int slot = s.in()[0].slot();
      if (f == null || dropped[f] || readers.getOrDefault(slot, 0) != 1 || results.contains(slot)
          || (op != ReduceOp.MAX && op != ReduceOp.MIN)
          || !Arrays.equals(out.get(f).out()[0].shape(), s.in()[0].shape())) {
        continue;
      }
      JitStep region = out.get(f);
      FusedProgram p = (FusedProgram) region.op();
      FusedProgram reduced = new FusedProgram(p.dtype(), p.inputs(), p.ops(), p.outputs(),
          new FusedProgram.Reduction(s.axes(), new ReduceOp[] {op}));
      out.set(f, new JitStep(JitStep.Kind.FUSED, reduced, region.in(), s.out(), null, null, null));
      dropped[k] = true;
    }
    List<JitStep> kept = new ArrayList<>();
    for (int k = 0; k < out.size(); k++) {
      if (!dropped[k]) {
        kept.add(out.get(k));
      }
    }
    return kept;
  }

  /**
   * Liveness-based buffer sharing: walking the steps in order, a temporary slot gets a buffer at
   * its first use and gives it back after its last, and a later slot of the same dtype takes the
   * smallest free buffer large enough (best fit). Returns, per slot, the index of its physical
   * buffer in {@code sizes} (−1 for slots not planned here), and fills {@code sizes}/{@code dtypes}.
   */
  static int[] planMemory(List<JitStep> steps, List<JitRecorder.Slot> slots, Set<Integer> planned, List<Long> sizes,
      List<DType> dtypes) {
    int[] last = new int[slots.size()];
    Arrays.fill(last, -1);
    for (int k = 0; k < steps.size(); k++) {
      for (JitStep.Arg a : steps.get(k).in()) {
        last[a.slot()] = k;
      }
      for (JitStep.Arg a : steps.get(k).out()) {
        last[a.slot()] = Math.max(last[a.slot()], k);
      }
    }
    int[] physical = new int[slots.size()];
    Arrays.fill(physical, -1);
    List<Integer> free = new ArrayList<>();
    for (int k = 0; k < steps.size(); k++) {
      JitStep s = steps.get(k);
      for (JitStep.Arg[] args : new JitStep.Arg[][] {s.in(), s.out()}) {
        for (JitStep.Arg a : args) {
          int slot = a.slot();
          if (!planned.contains(slot) || physical[slot] >= 0) {
            continue;
          }
          JitRecorder.Slot sl = slots.get(slot);
          int best = -1;
          for (int f : free) {
            if (dtypes.get(f) == sl.dtype && sizes.get(f) >= sl.elements && (best < 0 || sizes.get(f) < sizes.get(best))) {
              best = f;
            }
          }
          if (best >= 0) {
            free.remove(Integer.valueOf(best));
            physical[slot] = best;
          } else {
            physical[slot] = sizes.size();
            sizes.add(sl.elements);
            dtypes.add(sl.dtype);
          }
        }
      }
      for (JitStep.Arg[] args : new JitStep.Arg[][] {s.in(), s.out()}) {
        for (JitStep.Arg a : args) {
          int slot = a.slot();
          if (planned.contains(slot) && last[slot] == k && physical[slot] >= 0 && !free.contains(physical[slot])) {
            free.add(physical[slot]);
          }
        }
      }
    }
    return physical;
  }
}
