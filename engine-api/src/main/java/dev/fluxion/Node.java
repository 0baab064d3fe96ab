package dev.fluxion;

/**
 * A recorded primitive application on a reverse-mode tape (the MyGrad tape of level 0, or the
 * tape of a {@code grad}/{@code vjp} level): what ran, on which saved values, and which nodes
 * feed gradients into its inputs. Leaves stand for variables (level 0) or for the inputs of a
 * transform.
 */
final class Node {
  private static final Node[] NO_PARENTS = new Node[0];

  final Prim prim;
  final Tensor[] inputs;
  final Tensor output;
  final Node[] parents;
  /** The variable of a level-0 leaf; null for other nodes and for transform inputs. */
  final Tensor leaf;
  private final long[] versions;
  private final long outputVersion;
  /** Whether a backward sweep has gone through this node (it then no longer blocks assign). */
  boolean ran;

  /**
   * Whether a backward() may still need this node's saved values: it has not run, and its
   * output is still open (a closed output — e.g. at the end of the Scope of a forward pass that
   * was never differentiated — can no longer be differentiated through).
   */
  boolean pending() {
    return !ran && (output == null || !output.isClosed());
  }

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
        t.storage().savedBy(this);
      }
    }
    if (output.tracer == null && prim.vjpReadsOutput()) {
      outputVersion = output.storage().version();
      output.storage().savedBy(this);
    } else {
      outputVersion = 0;
    }
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

  /** Throws if a value the VJP reads (input or output) was overwritten by assign() after this node was recorded. */
  void checkVersions() {
    for (int i = 0; i < inputs.length; i++) {
      if (inputs[i].tracer == null && prim.vjpReadsInput(i)) {
        checkUnchanged(inputs[i], versions[i], "input " + i);
      }
    }
    if (output.tracer == null && prim.vjpReadsOutput()) {
      checkUnchanged(output, outputVersion, "the output");
    }
  }

  private void checkUnchanged(Tensor t, long version, String what) {
    Storage s = t.storage();
    if (s == null) {
      t.checkOpen("backward through '" + name() + "'");
    } else if (s.version() != version) {
      throw new IllegalStateException("backward: " + what + " of '" + name() + "' (shape "
          + Shape.str(t.shapeRef()) + ") was modified in place by assign() after it was recorded,"
          + " so its gradient can no longer be computed");
    }
  }
}
