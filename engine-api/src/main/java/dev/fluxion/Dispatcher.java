package dev.fluxion;

import dev.fluxion.spi.Buffer;
import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.ImmediateBuffer;
import dev.fluxion.spi.View;

/**
 * Where every primitive application goes: the op is handed to the innermost transform level
 * among its inputs (which records, computes a tangent or moves batch axes and calls back here
 * with the values of the level below), and at level 0 it runs on the inputs' device and is
 * recorded on the MyGrad tape when a variable is involved.
 */
final class Dispatcher {
  private Dispatcher() {}

  static Tensor apply(Prim p, Tensor... in) {
    for (Tensor t : in) {
      t.checkOpen(p.name());
    }
    if (JitRecorder.tracing != 0) {
      for (Tensor t : in) {
        JitRecorder.noteOperand(t);
      }
    }
    Prim.Meta m = p.infer(in);
    Level top = null;
    for (Tensor t : in) {
      Level l = t.level();
      if (l != null && (top == null || l.depth > top.depth)) {
        top = l;
      }
    }
    if (top != null) {
      top.checkActive();
      return top.process(p, in, m);
    }
    return evaluate(p, in, m);
  }

  /** Level 0: runs the primitive on concrete buffers and records it on the tape. */
  private static Tensor evaluate(Prim p, Tensor[] in, Prim.Meta m) {
    if (p instanceof TransferPrim t) {
      return Tape.recorded(p, in, transfer(in[0], t.target));
    }
    if (p instanceof CustomPrim c) { // a function with its own rules: its value is f's
      return Tape.recorded(p, in, c.evaluate(in));
    }
    Device device = commonDevice(p, in);
    View[] views = new View[in.length];
    boolean allImmediate = in.length > 0;
    for (int i = 0; i < in.length; i++) {
      views[i] = in[i].liveView(p.name());
      allImmediate &= views[i].isImmediate() && views[i].size() == 1;
    }
    if (allImmediate && in.length > 0 && isElementwise(p) && !Tape.wouldRecord(p, in)) {
      return fold(p, views, m, device);
    }
    Creation.checkSupported(device, m.dtype());
    View out = p.eval(device.backend(), views, m);
    Storage storage = null;
    for (int i = 0; i < in.length && storage == null; i++) {
      if (out.buffer() == views[i].buffer()) {
        storage = in[i].storage().retain();
      }
    }
    if (storage == null) {
      storage = new Storage(device, out.buffer());
    }
    return Tape.recorded(p, in, new Tensor(out, storage, false));
  }

  private static boolean isElementwise(Prim p) {
    return p instanceof UnaryPrim || p instanceof BinaryPrim || p instanceof CastPrim;
  }

  /**
   * Constant folding: an elementwise op on immediate scalars is computed by the CPU backend and
   * gives an immediate again, so scalar arithmetic in derivative rules costs no device kernel.
   */
  private static Tensor fold(Prim p, View[] in, Prim.Meta m, Device device) {
    DeviceBackend cpu = Device.cpu().rawBackend();
    View[] one = new View[in.length];
    for (int i = 0; i < in.length; i++) {
      one[i] = View.contiguous(in[i].buffer(), new long[0]);
    }
    View r = p.eval(cpu, one, new Prim.Meta(new long[0], m.dtype()));
    Object host = Host.read(r, Device.cpu());
    cpu.release(r.buffer());
    double value = Host.toDoubles(host)[0];
    ImmediateBuffer buf = new ImmediateBuffer(m.dtype(), value);
    View v = new View(buf, m.shape(), new long[m.shape().length], 0);
    return new Tensor(v, new Storage(device, buf), false);
  }

  private static Device commonDevice(Prim p, Tensor[] in) {
    Device d = in.length == 0 ? Device.defaultDevice() : in[0].device();
    for (Tensor t : in) {
      if (t.device() != d) {
        throw new IllegalArgumentException(p.name() + ": tensors are on different devices, " + d.name()
            + " and " + t.device().name() + "; move one with to(Device)");
      }
    }
    return d;
  }

  /** Copies a concrete tensor to another device through host memory. */
  private static Tensor transfer(Tensor x, Device target) {
    View src = x.liveView("to(" + target.name() + ")");
    Object host = Host.read(src, x.device());
    int n = (int) src.size();
    DeviceBackend be = target.backend();
    Buffer buf = be.allocate(x.dtype(), n);
    be.write(buf, 0, host, 0, n);
    return new Tensor(View.contiguous(buf, src.shape()), new Storage(target, buf), false);
  }
}
