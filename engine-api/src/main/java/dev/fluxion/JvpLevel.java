package dev.fluxion;

import java.util.Arrays;

/** Forward mode: every op computes its primal below this level and its tangent with the JVP rule. */
final class JvpLevel extends Level {
  @Override
  String transform() {
    return "jvp";
  }

  Tensor wrap(Tensor primal, Tensor tangent) {
    return new Tensor(new Tracer.Jvp(this, primal, tangent), primal.shapeRef(), primal.dtype(), primal.device());
  }

  @Override
  Tensor process(Prim p, Tensor[] in, Prim.Meta m) {
    Tensor[] primals = new Tensor[in.length];
    Tensor[] tangents = new Tensor[in.length];
    for (int i = 0; i < in.length; i++) {
      if (in[i].tracer instanceof Tracer.Jvp j && j.level == this) {
        primals[i] = j.primal;
        tangents[i] = j.tangent;
      } else {
        primals[i] = in[i];
      }
    }
    Tensor out = Dispatcher.apply(p, primals);
    if (!p.differentiable() || !out.dtype().isFloating() || !ThreadState.get().differentiating(this)) {
      return out;
    }
    Tensor t = p.jvp(primals, out, tangents);
    return t == null ? out : wrap(out, fitTangent(t, out));
  }

  /** A tangent with exactly the primal's shape and dtype. */
  static Tensor fitTangent(Tensor t, Tensor like) {
    Tensor r = Arrays.equals(t.shapeRef(), like.shapeRef()) ? t : t.broadcastTo(like.shapeRef());
    return r.dtype() == like.dtype() ? r : r.to(like.dtype());
  }

  /** The primal and tangent of a function's result (zero tangent if it does not depend on the input). */
  Tensor[] unwrap(Tensor y) {
    if (y.tracer instanceof Tracer.Jvp j && j.level == this) {
      return new Tensor[] {j.primal, j.tangent};
    }
    return new Tensor[] {y, Tensor.zerosLike(y)};
  }
}
