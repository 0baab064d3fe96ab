package dev.fluxion;

/** Per-thread engine state: the innermost scope and the switches that turn recording off. */
final class ThreadState {
  private static final ThreadLocal<ThreadState> CURRENT = ThreadLocal.withInitial(ThreadState::new);

  /**
   * Inside {@link Autodiff#noGrad}: the newest level depth that existed when the innermost
   * noGrad began; that level and every older one (and the level-0 tape) neither record nor
   * differentiate, while transforms opened inside the noGrad body work normally. −1 outside.
   */
  int noGradUpTo = -1;
  /** Depth of level-0 backward sweeps: the MyGrad tape does not record its own VJPs. */
  int tapeOff;
  /** Number of function transforms currently running on this thread. */
  int activeTransforms;
  /** Innermost open scope, or null. */
  Scope scope;

  static ThreadState get() {
    return CURRENT.get();
  }

  /** Whether {@code level} differentiates (it was not stopped by an enclosing noGrad). */
  boolean differentiating(Level level) {
    return level.depth > noGradUpTo;
  }

  boolean tapeRecording() {
    return noGradUpTo < 0 && tapeOff == 0;
  }
}
