package dev.fluxion;

import java.util.IdentityHashMap;
import java.util.Map;

/** Reverse mode as a transform: ops are recorded on this level's own tape, swept by {@link #pull}. */
final class GradLevel extends Level {
  @Override
  String transform() {
    return "grad";
  }

  /** Starts tracing an input: a fresh leaf node stands for it. */
  Tensor wrap(Tensor primal, Node leaf) {
    return new Tensor(new Tracer.Grad(this, primal, leaf), primal.shapeRef(), primal.dtype(), primal.device());
  }

  @Override
  Tensor process(Prim p, Tensor[] in, Prim.Meta m) {
    Tensor[] primals = new Tensor[in.length];
    Node[] parents = new Node[in.length];
    boolean traced = false;
    for (int i = 0; i < in.length; i++) {
      if (in[i].tracer instanceof Tracer.Grad g && g.level == this) {
        primals[i] = g.primal;
        parents[i] = g.node;
        traced = true;
      } else {
        primals[i] = in[i];
      }
    }
    Tensor out = Dispatcher.apply(p, primals);
    if (!traced || !p.differentiable() || !out.dtype().isFloating() || !ThreadState.get().differentiating(this)) {
      return out;
    }
    Node node = new Node(p, primals, out, parents);
    return new Tensor(new Tracer.Grad(this, out, node), out.shapeRef(), out.dtype(), out.device());
  }

  /** The primal of a function's result. */
  Tensor primal(Tensor y) {
    return y.tracer instanceof Tracer.Grad g && g.level == this ? g.primal : y;
  }

  /**
   * Cotangents of the inputs {@code leaves} (with the given primals, for zeros) from a result
   * {@code y} and its cotangent; runs the sweep at the levels below, so it can be differentiated.
   */
  Tensor[] pull(Tensor y, Tensor cotangent, Node[] leaves, Tensor[] inputs) {
    Tensor[] grads = new Tensor[leaves.length];
    if (y.tracer instanceof Tracer.Grad g && g.level == this) {
      Map<Node, Tensor> found = new IdentityHashMap<>();
      Tape.sweep(Tape.topologicalOrder(g.node), cotangent, false, new Tape.Route() {
        @Override
        public Tensor[] inputs(Node n) {
          return n.inputs();
        }

        @Override
        public Tensor output(Node n) {
          return n.output();
        }

        @Override
        public void reached(Node n) {
          n.checkVersions("vjp pullback", n.inputs(), n.output());
        }

        @Override
        public void end(Node n, Tensor ct) {
          found.put(n, ct);
        }
      });
      for (int i = 0; i < leaves.length; i++) {
        grads[i] = found.get(leaves[i]);
      }
    }
    for (int i = 0; i < leaves.length; i++) {
      if (grads[i] == null) {
        grads[i] = Tensor.zerosLike(inputs[i]);
      }
    }
    return grads;
  }
}
