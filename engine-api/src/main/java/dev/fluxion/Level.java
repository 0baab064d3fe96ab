package dev.fluxion;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One running function transform. Levels are numbered in the order they open, so a transform
 * opened inside another has the higher number; the dispatcher hands each op to the highest
 * level among its inputs, and values of lower levels are constants there. Distinct levels are
 * what keep nested derivatives apart (no perturbation confusion).
 */
abstract class Level {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  final int depth = COUNTER.incrementAndGet();
  private boolean active = true;

  /** The depth of the newest level opened so far (0 before any); later levels are deeper. */
  static int newestDepth() {
    return COUNTER.get();
  }

  /** "grad", "jvp" or "vmap". */
  abstract String transform();

  /** Handles a primitive with at least one input traced at this level. */
  abstract Tensor process(Prim p, Tensor[] in, Prim.Meta m);

  void checkActive() {
    if (!active) {
      throw new IllegalStateException("a value traced by " + this + " was used after that transform returned"
          + " (it escaped, e.g. through a field or a collection); return it from the function instead");
    }
  }

  /** Opens this level on the current thread. */
  Level open() {
    ThreadState.get().activeTransforms++;
    return this;
  }

  /** Closes this level: its tracers may no longer take part in operations. */
  void finish() {
    active = false;
    ThreadState.get().activeTransforms--;
  }

  @Override
  public String toString() {
    return transform() + " (level " + depth + ")";
  }
}
