package dev.fluxion;

import dev.fluxion.spi.BinaryOp;
import dev.fluxion.spi.Buffer;
import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.FillOp;
import dev.fluxion.spi.FusedProgram;
import dev.fluxion.spi.ImmediateBuffer;
import dev.fluxion.spi.LinalgOp;
import dev.fluxion.spi.ReduceOp;
import dev.fluxion.spi.UnaryOp;
import dev.fluxion.spi.View;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The backend that a device hands out while {@link Jit} traces a function on the current thread:
 * every call runs on the real backend (tracing is one eager evaluation) and is also recorded as
 * a {@link JitStep} over slots — one slot per jit input, per buffer allocated during the trace
 * (a fresh slot at each allocation, so a buffer the caching allocator hands out twice is two
 * slots), and per buffer that existed before (a constant: a closed-over tensor, a parameter).
 * Host reads of values that depend on the inputs are refused ({@link ConcretizationException}).
 */
final class JitRecorder implements DeviceBackend {
  /** Number of traces running on any thread (0: {@link Device#backend()} costs one volatile read). */
  static volatile int tracing;
  private static final ThreadLocal<JitRecorder> CURRENT = new ThreadLocal<>();

  enum SlotKind { INPUT, CONST, TEMP }

  /** A buffer of the plan: a jit input, a constant buffer, or a buffer allocated by the trace. */
  static final class Slot {
    final SlotKind kind;
    final DType dtype;
    final long elements;
    final Buffer buffer;
    final int input;
    boolean hostWritten;
    boolean kernelWritten;
    /** Whether the values depend on the inputs (written by a kernel that read such a value). */
    boolean traced;

    Slot(SlotKind kind, DType dtype, long elements, Buffer buffer, int input) {
      this.kind = kind;
      this.dtype = dtype;
      this.elements = elements;
      this.buffer = buffer;
      this.input = input;
    }
  }

  final Device device;
  final DeviceBackend real;
  final List<Slot> slots = new ArrayList<>();
  final List<JitStep> steps = new ArrayList<>();
  /** The slot each buffer currently stands for. */
  private final Map<Buffer, Integer> live = new IdentityHashMap<>();

  JitRecorder(Device device, DeviceBackend real) {
    this.device = device;
    this.real = real;
  }

  /** The backend {@code device} hands out: the recorder when this thread traces on it. */
  static DeviceBackend backendFor(Device device, DeviceBackend backend) {
    JitRecorder r = CURRENT.get();
    return r != null && r.device == device ? r : backend;
  }

  static JitRecorder current() {
    return tracing == 0 ? null : CURRENT.get();
  }

  void install() {
    CURRENT.set(this);
    synchronized (JitRecorder.class) {
      tracing++;
    }
  }

  void uninstall() {
    CURRENT.remove();
    synchronized (JitRecorder.class) {
      tracing--;
    }
  }

  /** Registers input {@code i} (its buffer becomes an input slot). */
  void input(int i, View v) {
    int s = slots.size();
    slots.add(new Slot(SlotKind.INPUT, v.dtype(), v.buffer().capacity(), v.buffer(), i));
    live.put(v.buffer(), s);
  }

  /** The slot a buffer stands for now (a new constant slot for a buffer from before the trace). */
  int slotOf(Buffer b) {
    Integer s = live.get(b);
    if (s != null) {
      return s;
    }
    int n = slots.size();
    slots.add(new Slot(SlotKind.CONST, b.dtype(), b.capacity(), b, -1));
    live.put(b, n);
    return n;
  }

  /** Storages of the constant buffers the trace read (kept alive while the plan lives). */
  final java.util.Set<Storage> retained = java.util.Collections.newSetFromMap(new IdentityHashMap<>());

  /** Called for every operand of a primitive run during the trace: keeps a constant's storage alive. */
  static void noteOperand(Tensor t) {
    JitRecorder r = current();
    if (r != null && t.tracer == null && !t.isClosed()) {
      Storage s = t.storage();
      if (!(s.buffer instanceof ImmediateBuffer) && !r.live.containsKey(s.buffer) && r.retained.add(s)) {
        s.retain();
      }
    }
  }

  JitStep.Arg arg(View v) {
    return JitStep.Arg.of(slotOf(v.buffer()), v);
  }

  /** Whether a buffer's values depend on the inputs (read on the host, they would be baked into the plan). */
  boolean isTraced(Buffer b) {
    Integer s = live.get(b);
    if (s == null) {
      return false;
    }
    Slot slot = slots.get(s);
    return slot.kind == SlotKind.INPUT || slot.traced;
  }

  /** Refuses a host read of a traced value, naming the op (JAX's concretization error). */
  static void checkHostRead(String op, Tensor t) {
    JitRecorder r = current();
    if (r != null && t.tracer == null && !t.isClosed() && r.device == t.device() && r.isTraced(t.liveView(op).buffer())) {
      throw new ConcretizationException(op);
    }
  }

  private void record(JitStep.Kind kind, Object op, View[] in, View[] out, int[] axes, double[] params) {
    JitStep.Arg[] i = new JitStep.Arg[in.length];
    boolean traced = false;
    for (int k = 0; k < in.length; k++) {
      i[k] = arg(in[k]);
      traced |= isTraced(in[k].buffer());
    }
    JitStep.Arg[] o = new JitStep.Arg[out.length];
    for (int k = 0; k < out.length; k++) {
      o[k] = arg(out[k]);
      slots.get(o[k].slot()).kernelWritten = true;
      slots.get(o[k].slot()).traced |= traced;
    }
    steps.add(new JitStep(kind, op, i, o, axes, params, null));
  }

  // ---- DeviceBackend: forward and record ----

  @Override
  public String name() {
    return real.name();
  }

  @Override
  public String description() {
    return real.description();
  }

  @Override
  public boolean supports(DType dtype) {
    return real.supports(dtype);
  }

  @Override
  public Buffer allocate(DType dtype, long elements) {
    Buffer b = real.allocate(dtype, elements);
    int s = slots.size();
    slots.add(new Slot(SlotKind.TEMP, dtype, elements, b, -1));
    live.put(b, s);
    return b;
  }

  @Override
  public void release(Buffer buffer) {
    live.remove(buffer);
    real.release(buffer);
  }

  @Override
  public void write(Buffer dst, long dstOffset, Object javaArray, int srcOffset, int count) {
    real.write(dst, dstOffset, javaArray, srcOffset, count);
    Object copy = java.lang.reflect.Array.newInstance(javaArray.getClass().getComponentType(), count);
    System.arraycopy(javaArray, srcOffset, copy, 0, count);
    int s = slotOf(dst);
    slots.get(s).hostWritten = true;
    JitStep.Arg out = new JitStep.Arg(s, new long[] {count}, new long[] {1}, dstOffset);
    steps.add(new JitStep(JitStep.Kind.WRITE, null, new JitStep.Arg[0], new JitStep.Arg[] {out}, null,
        new double[] {count}, copy));
  }

  @Override
  public void read(Buffer src, long srcOffset, Object javaArray, int dstOffset, int count) {
    if (isTraced(src)) {
      throw new ConcretizationException("a host read");
    }
    real.read(src, srcOffset, javaArray, dstOffset, count);
  }

  @Override
  public void unary(UnaryOp op, View x, View out) {
    real.unary(op, x, out);
    record(JitStep.Kind.UNARY, op, new View[] {x}, new View[] {out}, null, null);
  }

  @Override
  public void binary(BinaryOp op, View a, View b, View out) {
    real.binary(op, a, b, out);
    record(JitStep.Kind.BINARY, op, new View[] {a, b}, new View[] {out}, null, null);
  }

  @Override
  public void where(View cond, View a, View b, View out) {
    real.where(cond, a, b, out);
    record(JitStep.Kind.WHERE, null, new View[] {cond, a, b}, new View[] {out}, null, null);
  }

  @Override
  public void reduce(ReduceOp op, View x, int[] axes, View out) {
    real.reduce(op, x, axes, out);
    record(JitStep.Kind.REDUCE, op, new View[] {x}, new View[] {out}, axes.clone(), null);
  }

  @Override
  public void matmul(View a, View b, View out) {
    real.matmul(a, b, out);
    record(JitStep.Kind.MATMUL, null, new View[] {a, b}, new View[] {out}, null, null);
  }

  @Override
  public void copy(View src, View dst) {
    real.copy(src, dst);
    record(JitStep.Kind.COPY, null, new View[] {src}, new View[] {dst}, null, null);
  }

  @Override
  public boolean supportsFused() {
    return real.supportsFused();
  }

  @Override
  public void fused(FusedProgram program, View[] inputs, View[] outputs) {
    real.fused(program, inputs, outputs);
    record(JitStep.Kind.FUSED, program, inputs, outputs, null, null);
  }

  @Override
  public long linalg(LinalgOp op, View[] in, View out) {
    long failed = real.linalg(op, in, out);
    if (failed < 0) {
      record(JitStep.Kind.LINALG, op, in, new View[] {out}, null, null);
    }
    return failed;
  }

  @Override
  public void fill(FillOp op, View out, double... params) {
    real.fill(op, out, params);
    record(JitStep.Kind.FILL, op, new View[0], new View[] {out}, null, params.clone());
  }

  @Override
  public void gather(View x, View index, int axis, View out) {
    real.gather(x, index, axis, out);
    record(JitStep.Kind.GATHER, null, new View[] {x, index}, new View[] {out}, new int[] {axis}, null);
  }

  @Override
  public void scatterAdd(View index, View src, int axis, View out) {
    real.scatterAdd(index, src, axis, out);
    // out is read too (it holds the base values): listed as a third input for the liveness plan
    record(JitStep.Kind.SCATTER_ADD, null, new View[] {index, src, out}, new View[] {out}, new int[] {axis}, null);
  }

  @Override
  public boolean checksIndices() {
    return real.checksIndices();
  }

  @Override
  public void synchronize() {
    real.synchronize();
  }

  @Override
  public DeviceStats stats() {
    return real.stats();
  }

  @Override
  public void resetStats() {
    real.resetStats();
  }

  /** An immediate's value (for constants folded into fused programs), else null. */
  Double immediate(int slot) {
    return slots.get(slot).buffer instanceof ImmediateBuffer imm ? imm.value() : null;
  }
}
