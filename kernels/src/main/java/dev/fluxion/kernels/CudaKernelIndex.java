package dev.fluxion.kernels;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The list that comes with prebuilt CUDA programs ({@link CudaCompileCheck} writes it,
 * backend-cuda reads it): the CUDA toolkit that built them and, per program, the SHA-256 of the
 * CUDA source it was built from. A driver loads a prebuilt program only when the source it
 * would compile has that hash, so a stale build is never run.
 *
 * <pre>
 * # comment
 * toolkit 13.0
 * unary_f32 3f7a...
 * </pre>
 *
 * @param toolkit the CUDA release of the nvcc that built the programs, e.g. {@code 13.0}
 * @param hashes program name to the SHA-256 (hex) of its CUDA source
 */
public record CudaKernelIndex(String toolkit, Map<String, String> hashes) {
  /** File name of the index beside the fatbins. */
  public static final String FILE = "kernels.index";

  public CudaKernelIndex {
    if (!toolkit.matches("\\d+\\.\\d+")) {
      throw new IllegalArgumentException("CUDA kernel index: toolkit version '" + toolkit + "' is not MAJOR.MINOR");
    }
    hashes = Map.copyOf(hashes);
  }

  /** Parses an index; a malformed one is refused naming its line. */
  public static CudaKernelIndex parse(String text) {
    String toolkit = null;
    Map<String, String> hashes = new LinkedHashMap<>();
    String[] lines = text.split("\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] words = line.split("\\s+");
      if (words.length != 2 || (!words[0].equals("toolkit") && !words[1].matches("[0-9a-f]{64}"))) {
        throw new IllegalArgumentException("CUDA kernel index, line " + (i + 1) + ": expected 'toolkit MAJOR.MINOR' or "
            + "'PROGRAM SHA256', got '" + line + "'");
      }
      if (words[0].equals("toolkit")) {
        toolkit = words[1];
      } else {
        hashes.put(words[0], words[1]);
      }
    }
    if (toolkit == null) {
      throw new IllegalArgumentException("CUDA kernel index: no 'toolkit' line");
    }
    return new CudaKernelIndex(toolkit, hashes);
  }

  /**
   * The oldest driver that runs these programs, in {@code cuDriverGetVersion}'s encoding
   * (1000·major + 10·minor): the PTX of toolkit X.Y uses a PTX ISA that only a driver of CUDA X.Y
   * or newer can compile (CUDA 13.0: R580).
   */
  public int requiredDriverVersion() {
    String[] v = toolkit.split("\\.");
    return Integer.parseInt(v[0]) * 1000 + Integer.parseInt(v[1]) * 10;
  }

  /** Whether program {@code name} was built from exactly {@code source}. */
  public boolean builtFrom(String name, String source) {
    return ProgramSource.sha256(source).equals(hashes.get(name));
  }

  static String header(String toolkit) {
    return "# Fluxion's prebuilt CUDA programs (written by CudaCompileCheck): the toolkit, then each program's name and\n"
        + "# the SHA-256 of the CUDA source its <name>.fatbin was built from.\n"
        + "toolkit " + toolkit + "\n";
  }

  static String line(String program, String sha256) {
    return program + " " + sha256 + "\n";
  }
}
