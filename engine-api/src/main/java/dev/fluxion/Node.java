package dev.fluxion;

import java.lang.ref.WeakReference;

/**
 * A recorded primitive application on a reverse-mode tape (the MyGrad tape of level 0, or the
 * tape of a {@code grad}/{@code vjp} level): what ran, on which saved values, and which nodes
 * feed gradients into its inputs. Leaves stand for variables (level 0) or for the inputs of a
 * transform.
 *
 * <p>A level-0 {@code backward()} <i>releases</i> every node it went through (as PyTorch does
 * without {@code retain_graph}): the node drops its saved values and keeps only their shapes,
 * dtypes and devices, so that a later sweep can still pass through a rule that reads no values
 * (add, sub, reshape, ...) but throws at one that would need them.
 */
final class Node {
  private static final Node[] NO_PARENTS = new Node[0];

  final Prim prim;
  /** The inputs the rule runs on; null once released. */
  private Tensor[] inputs;
  /** The output; null once released (then {@link #released} holds it weakly). */
  private Tensor output;
  final Node[] parents;
  /** The variable of a level-0 leaf; null for other nodes and for transform inputs. */
  final Tensor leaf;
  private final long[] versions;
  private final long outputVersion;
  private Shell released;

  /** What a released node keeps: the form of its inputs and output, and its output while the user holds it. */
  private record Shell(long[][] shapes, DType[] dtypes, Device[] devices, long[] outShape, DType outDtype,
      Device outDevice, WeakReference<Tensor> output) {}

  Node(Prim prim, Tensor[] inputs, Tensor output, Node[] parents) {
    this.prim = prim;
    this.inputs = inputs;
    this.output = output;
    this.parents = parents;
    this.leaf = null;
    this.versions = new long[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      Tensor t = inputs[i];
      if (t.tracer == null && prim.vjpReadsInput(i)) {
        versions[i] = t.storage().version();
      }
    }
    outputVersion = output.tracer == null && prim.vjpReadsOutput() ? output.storage().version() : 0;
  }

  private Node(Tensor leaf) {
    this.prim = null;
    this.inputs = null;
    this.output = null;
    this.parents = NO_PARENTS;
    this.leaf = leaf;
    this.versions = null;
    this.outputVersion = 0;
  }

  /** The leaf of a level-0 variable. */
  static Node leaf(Tensor variable) {
    return new Node(variable);
  }

  /** The leaf standing for an input of a transform. */
  static Node input() {
    return new Node((Tensor) null);
  }

  boolean isLeaf() {
    return prim == null;
  }

  String name() {
    return isLeaf() ? "leaf" : prim.name();
  }

  boolean isReleased() {
    return released != null;
  }

  /** The inputs of an unreleased node. */
  Tensor[] inputs() {
    return inputs;
  }

  /** The output of an unreleased node. */
  Tensor output() {
    return output;
  }

  /** The output tensor, if it still exists (a released node holds it only weakly). */
  Tensor outputIfHeld() {
    return released == null ? output : released.output().get();
  }

  /** Whether the rule reads saved values (an input's or the output's): a released node then cannot run. */
  boolean readsSavedValues() {
    if (prim.vjpReadsOutput()) {
      return true;
    }
    for (int i = 0; i < parents.length; i++) {
      if (prim.vjpReadsInput(i)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Drops the saved values, keeping their forms; returns the inputs and output that the rule
   * reads (others null), for the gradients of intermediates computed later from them.
   */
  Tensor[] release() {
    int n = inputs.length;
    long[][] shapes = new long[n][];
    DType[] dtypes = new DType[n];
    Device[] devices = new Device[n];
    Tensor[] kept = new Tensor[n + 1];
    for (int i = 0; i < n; i++) {
      shapes[i] = inputs[i].shapeRef();
      dtypes[i] = inputs[i].dtype();
      devices[i] = inputs[i].device();
      kept[i] = prim.vjpReadsInput(i) ? inputs[i] : null;
    }
    kept[n] = prim.vjpReadsOutput() ? output : null;
    released = new Shell(shapes, dtypes, devices, output.shapeRef(), output.dtype(), output.device(),
        new WeakReference<>(output));
    inputs = null;
    output = null;
    return kept;
  }

  /**
   * The values to run the rule on: the saved ones (entries of {@code kept}, when given, replace
   * them: see {@link #release}), or for a released node stand-ins of the right form for the values
   * the rule does not read.
   */
  Tensor[] ruleInputs(Tensor[] kept) {
    if (released == null) {
      return inputs;
    }
    Tensor[] in = new Tensor[released.shapes().length];
    for (int i = 0; i < in.length; i++) {
      in[i] = kept != null && kept[i] != null ? kept[i]
          : Creation.broadcastScalar(Double.NaN, released.dtypes()[i], released.devices()[i], released.shapes()[i]);
    }
    return in;
  }

  /** The output to run the rule on (see {@link #ruleInputs}). */
  Tensor ruleOutput(Tensor[] kept) {
    if (released == null) {
      return output;
    }
    Tensor k = kept == null ? null : kept[kept.length - 1];
    return k != null ? k : Creation.broadcastScalar(Double.NaN, released.outDtype(), released.outDevice(), released.outShape());
  }

  /**
   * Throws unless a level-0 sweep can run this node's rule now: a released node whose rule
   * reads saved values cannot; nor one whose saved values were closed or overwritten by assign().
   */
  void checkRunnable(String op) {
    if (released != null) {
      if (readsSavedValues()) {
        throw new IllegalStateException(op + ": the graph through '" + name() + "' (output shape "
            + Shape.str(released.outShape()) + ") was released by an earlier backward(): the values '" + name()
            + "' saved for it are gone. Compute that result again to differentiate through it again, or, if it is"
            + " data that needs no gradient, make it a constant with detach() or compute it under Autodiff.noGrad");
      }
      return;
    }
    checkVersions(op, inputs, output);
  }

  /**
   * Throws if a value the rule reads (input or output, as given) was closed, or was overwritten
   * by assign() after this node was recorded.
   */
  void checkVersions(String op, Tensor[] in, Tensor out) {
    for (int i = 0; i < in.length; i++) {
      if (in[i] != null && in[i].tracer == null && prim.vjpReadsInput(i)) {
        checkUnchanged(op, in[i], versions[i], "input " + i);
      }
    }
    if (out != null && out.tracer == null && prim.vjpReadsOutput()) {
      checkUnchanged(op, out, outputVersion, "the output");
    }
  }

  /** {@link #checkVersions} on the values {@link #release} kept. */
  void checkKept(String op, Tensor[] kept) {
    checkVersions(op, java.util.Arrays.copyOf(kept, kept.length - 1), kept[kept.length - 1]);
  }

  private void checkUnchanged(String op, Tensor t, long version, String what) {
    Storage s = t.storage();
    if (s == null) {
      t.checkOpen(op + " through '" + name() + "'");
    } else if (s.version() != version) {
      throw new IllegalStateException(op + ": " + what + " of '" + name() + "' (shape "
          + Shape.str(t.shapeRef()) + ", " + t.dtype().numpyName() + ") was overwritten by assign() after '" + name()
          + "' saved it, so the gradient through '" + name() + "' can no longer be computed");
    }
  }
}
