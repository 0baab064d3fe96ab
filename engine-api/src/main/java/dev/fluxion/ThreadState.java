package dev.fluxion;

/** Per-thread engine state: the innermost scope and the switches that turn recording off. */
final class ThreadState {
  private static final ThreadLocal<ThreadState> CURRENT = ThreadLocal.withInitial(ThreadState::new);

  /** Depth of {@link Autodiff#noGrad} calls: no level records or differentiates while > 0. */
  int noGrad;
  /** Depth of level-0 backward sweeps: the MyGrad tape does not record its own VJPs. */
  int tapeOff;
  /** Number of function transforms currently running on this thread. */
  int activeTransforms;
  /** Innermost open scope, or null. */
  Scope scope;

  static ThreadState get() {
    return CURRENT.get();
  }

  boolean differentiating() {
    return noGrad == 0;
  }

  boolean tapeRecording() {
    return noGrad == 0 && tapeOff == 0;
  }
}
