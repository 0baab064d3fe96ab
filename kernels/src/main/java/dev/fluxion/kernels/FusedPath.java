package dev.fluxion.kernels;

import java.util.Locale;
import java.util.Optional;

/**
 * How a device runs fused programs, decided from facts alone (so that every case is tested
 * without a device): one kernel generated per program and compiled at run time where the driver
 * can compile (OpenCL always; CUDA when NVRTC loads), else the prebuilt interpreter; the system
 * property {@value #PROPERTY} may ask for {@code generated}, {@code interpreter} or {@code off}
 * (programs then run op by op in the engine, as on a device without fused kernels).
 *
 * @param kind the path
 * @param description what runs and why, for {@code fluxion devices}
 */
public record FusedPath(Kind kind, String description) {
  /** The system property that selects the path: {@code auto} (the default), {@code generated}, {@code interpreter}, {@code off}. */
  public static final String PROPERTY = "fluxion.fused";

  public enum Kind {
    /** One kernel generated per program and compiled at run time. */
    GENERATED,
    /** The prebuilt interpreter runs every program from an instruction buffer. */
    INTERPRETER,
    /** No fused kernels: the engine runs programs op by op. */
    OFF
  }

  /**
   * The path for a device.
   *
   * @param requested the property's value (null or empty: {@code auto})
   * @param compiler what compiles generated kernels on this device, e.g. {@code "clBuildProgram"}
   * @param noCompiler why this device cannot compile at run time, or empty when it can
   * @throws IllegalArgumentException for an unknown value, naming the allowed ones
   */
  public static FusedPath choose(String requested, String compiler, Optional<String> noCompiler) {
    String r = requested == null || requested.isBlank() ? "auto" : requested.strip().toLowerCase(Locale.ROOT);
    String interpreter = "fused programs: the prebuilt interpreter kernel";
    return switch (r) {
      case "auto", "generated" -> noCompiler.isEmpty()
          ? new FusedPath(Kind.GENERATED, "fused programs: one generated kernel per program, compiled at run time by " + compiler
              + (r.equals("generated") ? " (-D" + PROPERTY + "=generated)" : ""))
          : new FusedPath(Kind.INTERPRETER, interpreter + " (" + (r.equals("generated") ? "-D" + PROPERTY
              + "=generated asks for generated kernels, but " : "no run-time compiler: ") + noCompiler.get() + ")");
      case "interpreter" -> new FusedPath(Kind.INTERPRETER, interpreter + " (-D" + PROPERTY + "=interpreter)");
      case "off" -> new FusedPath(Kind.OFF, "fused programs: op by op (-D" + PROPERTY + "=off)");
      default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + requested
          + " is not a fused-program path; use auto, generated, interpreter or off");
    };
  }
}
