package dev.fluxion;

/**
 * Thrown when a function traced by {@link Autodiff#jit} reads on the host a value that depends
 * on its inputs ({@code item()}, {@code toDoubleArray()}, a Java {@code if} on a tensor's value,
 * a boolean {@code mask}): a compiled plan replays device work only, so such a value would be
 * frozen at what the first call saw (JAX's {@code ConcretizationTypeError}).
 */
public final class ConcretizationException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  ConcretizationException(String op) {
    super(op + ": reads on the host the value of a tensor traced by jit (it depends on the jitted function's"
        + " inputs, whose values are not fixed when the function is compiled); return the value from the function"
        + " and read it after the call, use Tensor.where instead of a Java if, or run this function without jit");
  }
}
