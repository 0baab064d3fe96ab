package dev.fluxion;

import dev.fluxion.spi.Buffer;
import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.View;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A traced function lowered to a flat list of backend calls over a fixed buffer table: the
 * inputs' buffers are bound at each call, the outputs get fresh buffers from the device's caching
 * allocator at each call, every intermediate has a buffer of the plan's own (shared by
 * liveness), and constants (closed-over tensors, parameters, values written from the host
 * during the trace) are read where they are. {@link #run} makes no Java op dispatch, no shape
 * inference, no tape and no intermediate allocation: it only calls the backend.
 */
final class JitPlan implements AutoCloseable {
  private final Device device;
  private final DeviceBackend backend;
  private final JitStep[] steps;
  /** Per step: the views of its inputs and outputs, null where bound at each call. */
  private final View[][] fixedIn;
  private final View[][] fixedOut;
  private final List<JitRecorder.Slot> slots;
  /** Per slot: the buffer it uses at replay (null for inputs and outputs: bound per call). */
  private final Buffer[] bound;
  private final int[] inputSlot;
  private final long[] inputOffset;
  private final int[] outputSlots;
  private final JitStep.Arg[] outputs;
  /** Outputs that are constants or inputs: the tensor the trace returned (its storage is shared). */
  private final Tensor[] constantOutputs;
  private final int[] constantOutputInput;
  private final List<Buffer> owned = new ArrayList<>();
  private final Set<Storage> retained;
  private final int launches;

  JitPlan(JitRecorder rec, Tensor[] inputs, Tensor[] results, Set<Storage> retained) {
    this.device = rec.device;
    this.backend = rec.real;
    this.slots = rec.slots;
    this.retained = retained;
    int n = inputs.length;
    inputSlot = new int[n];
    inputOffset = new long[n];
    for (int s = 0; s < slots.size(); s++) {
      if (slots.get(s).kind == JitRecorder.SlotKind.INPUT) {
        inputSlot[slots.get(s).input] = s;
      }
    }
    for (int i = 0; i < n; i++) {
      inputOffset[i] = inputs[i].liveView("jit").offset();
    }
    outputs = new JitStep.Arg[results.length];
    constantOutputs = new Tensor[results.length];
    constantOutputInput = new int[results.length];
    Set<Integer> outSlots = new HashSet<>();
    for (int j = 0; j < results.length; j++) {
      outputs[j] = rec.arg(results[j].liveView("jit"));
      JitRecorder.Slot sl = slots.get(outputs[j].slot());
      constantOutputInput[j] = sl.kind == JitRecorder.SlotKind.INPUT ? sl.input : -1;
      if (sl.kind == JitRecorder.SlotKind.TEMP) {
        outSlots.add(outputs[j].slot());
      } else if (sl.kind == JitRecorder.SlotKind.CONST && !(sl.buffer instanceof dev.fluxion.spi.ImmediateBuffer)) {
        constantOutputs[j] = results[j];
        results[j].storage().retain();
      }
    }
    outputSlots = outSlots.stream().mapToInt(Integer::intValue).toArray();

    // constants written from the host and never by a kernel: written once into a buffer of the plan
    bound = new Buffer[slots.size()];
    List<JitStep> kept = new ArrayList<>();
    for (JitStep s : rec.steps) {
      int slot = s.out().length == 1 ? s.out()[0].slot() : -1;
      JitRecorder.Slot sl = slot >= 0 ? slots.get(slot) : null;
      if (s.kind() == JitStep.Kind.WRITE && sl.kind == JitRecorder.SlotKind.TEMP && !sl.kernelWritten
          && !outSlots.contains(slot)) {
        if (bound[slot] == null) {
          bound[slot] = own(sl.dtype, sl.elements);
        }
        s.run(backend, new View[0], new View[] {view(bound[slot], s.out()[0], 0)});
        continue;
      }
      kept.add(s);
    }
    kept = JitPasses.eliminateDeadSteps(kept, slots, outSlots);
    List<JitStep> fused = backend.supportsFused()
        ? JitPasses.foldReductions(JitPasses.fuseElementwise(kept, slots, outSlots), outSlots) : kept;

    Set<Integer> planned = new HashSet<>();
    for (JitStep s : fused) {
      for (JitStep.Arg[] args : new JitStep.Arg[][] {s.in(), s.out()}) {
        for (JitStep.Arg a : args) {
          JitRecorder.Slot sl = slots.get(a.slot());
          if (sl.kind == JitRecorder.SlotKind.TEMP && bound[a.slot()] == null && !outSlots.contains(a.slot())) {
            planned.add(a.slot());
          }
        }
      }
    }
    List<Long> sizes = new ArrayList<>();
    List<DType> dtypes = new ArrayList<>();
    int[] physical = JitPasses.planMemory(fused, slots, planned, sizes, dtypes);
    Buffer[] buffers = new Buffer[sizes.size()];
    for (int b = 0; b < buffers.length; b++) {
      buffers[b] = own(dtypes.get(b), sizes.get(b));
    }
    for (int s = 0; s < slots.size(); s++) {
      JitRecorder.Slot sl = slots.get(s);
      if (physical[s] >= 0) {
        bound[s] = buffers[physical[s]];
      } else if (sl.kind == JitRecorder.SlotKind.CONST) {
        bound[s] = sl.buffer;
      }
    }
    steps = fused.toArray(JitStep[]::new);
    fixedIn = new View[steps.length][];
    fixedOut = new View[steps.length][];
    int count = 0;
    for (int k = 0; k < steps.length; k++) {
      fixedIn[k] = fixed(steps[k].in());
      fixedOut[k] = fixed(steps[k].out());
      count += steps[k].isKernel() ? 1 : 0;
    }
    launches = count;
  }

  private Buffer own(DType dtype, long elements) {
    Buffer b = backend.allocate(dtype, Math.max(1, elements));
    owned.add(b);
    return b;
  }

  private View[] fixed(JitStep.Arg[] args) {
    View[] v = new View[args.length];
    for (int i = 0; i < args.length; i++) {
      Buffer b = bound[args[i].slot()];
      v[i] = b == null ? null : view(b, args[i], 0);
    }
    return v;
  }

  private static View view(Buffer b, JitStep.Arg a, long delta) {
    return new View(b, a.shape(), a.strides(), a.offset() + delta);
  }

  /** Kernel launches of one call (a fused region counts one). */
  int launches() {
    return launches;
  }

  int steps() {
    return steps.length;
  }

  /** Bytes of the buffers the plan owns (its intermediates and host constants). */
  long ownedBytes() {
    long b = 0;
    for (Buffer x : owned) {
      b += x.capacity() * x.dtype().byteSize();
    }
    return b;
  }

  /** Runs the plan on new inputs of the traced signature. */
  Tensor[] run(Tensor[] inputs) {
    Buffer[] callBuffers = bound.clone();
    long[] delta = new long[slots.size()];
    for (int i = 0; i < inputs.length; i++) {
      View v = inputs[i].liveView("jit");
      callBuffers[inputSlot[i]] = v.buffer();
      delta[inputSlot[i]] = v.offset() - inputOffset[i];
    }
    Storage[] outStorage = new Storage[slots.size()];
    for (int s : outputSlots) {
      JitRecorder.Slot sl = slots.get(s);
      callBuffers[s] = backend.allocate(sl.dtype, Math.max(1, sl.elements));
      outStorage[s] = new Storage(device, callBuffers[s]);
    }
    try {
      for (int k = 0; k < steps.length; k++) {
        JitStep st = steps[k];
        st.run(backend, bind(st.in(), fixedIn[k], callBuffers, delta), bind(st.out(), fixedOut[k], callBuffers, delta));
      }
    } catch (RuntimeException e) {
      for (int s : outputSlots) {
        outStorage[s].release();
      }
      throw e;
    }
    Tensor[] out = new Tensor[outputs.length];
    boolean[] handedOut = new boolean[slots.size()];
    for (int j = 0; j < out.length; j++) {
      JitStep.Arg a = outputs[j];
      if (constantOutputs[j] != null) {
        out[j] = new Tensor(view(constantOutputs[j].storage().buffer, a, 0), constantOutputs[j].storage().retain(), false);
      } else if (bound[a.slot()] instanceof dev.fluxion.spi.ImmediateBuffer imm) { // a constant scalar, broadcast
        out[j] = new Tensor(view(imm, a, 0), new Storage(device, imm), false);
      } else if (constantOutputInput[j] >= 0) {
        Tensor in = inputs[constantOutputInput[j]];
        out[j] = new Tensor(view(callBuffers[a.slot()], a, delta[a.slot()]), in.storage().retain(), false);
      } else {
        Storage st = outStorage[a.slot()];
        out[j] = new Tensor(view(callBuffers[a.slot()], a, 0), handedOut[a.slot()] ? st.retain() : st, false);
        handedOut[a.slot()] = true;
      }
    }
    return out;
  }

  private static View[] bind(JitStep.Arg[] args, View[] fixed, Buffer[] buffers, long[] delta) {
    View[] v = fixed;
    for (int i = 0; i < args.length; i++) {
      if (fixed[i] == null) {
        if (v == fixed) {
          v = fixed.clone();
        }
        v[i] = view(buffers[args[i].slot()], args[i], delta[args[i].slot()]);
      }
    }
    return v;
  }

  /** The plan, one backend call per line. */
  String describe() {
    StringBuilder b = new StringBuilder();
    b.append(launches).append(" launches, ").append(owned.size()).append(" plan buffers (").append(ownedBytes())
        .append(" bytes)\n");
    for (JitStep s : steps) {
      b.append("  ").append(s).append('\n');
    }
    return b.toString();
  }

  @Override
  public void close() {
    for (Buffer b : owned) {
      backend.release(b);
    }
    owned.clear();
    for (Tensor t : constantOutputs) {
      if (t != null) {
        t.storage().release();
      }
    }
    for (Storage s : retained) {
      s.release();
    }
    retained.clear();
  }
}
