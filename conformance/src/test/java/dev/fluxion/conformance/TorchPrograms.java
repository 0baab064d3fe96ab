package dev.fluxion.conformance;

import dev.fluxion.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * The PyTorch-computed cases of {@code torch-programs.txt} (format in
 * {@code torch-programs-README.md}) and an interpreter of their postfix programs over the
 * Fluxion API.
 */
final class TorchPrograms {
  private TorchPrograms() {}

  static final String RESOURCE = "/torch-programs.txt";

  /** A shape and row-major values. */
  record Values(long[] shape, double[] data) {}

  /**
   * One case.
   *
   * @param grads per variable, PyTorch's gradient of sum(result), or null when unused
   */
  record Case(String name, List<Values> vars, List<String> program, Values out, List<double[]> grads) {}

  static List<Case> load() {
    return parse(lines());
  }

  /** Lines of the fixture that start a case (to check that the parser kept every case). */
  static long countCaseLines() {
    return lines().stream().filter(l -> l.startsWith("case ")).count();
  }

  private static List<String> lines() {
    InputStream in = TorchPrograms.class.getResourceAsStream(RESOURCE);
    if (in == null) {
      throw new IllegalStateException(RESOURCE + " is not on the test class path");
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      return r.lines().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Case> parse(List<String> lines) {
    List<Case> cases = new ArrayList<>();
    String name = null;
    List<Values> vars = new ArrayList<>();
    List<String> prog = null;
    Values out = null;
    List<double[]> grads = new ArrayList<>();
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] head = line.split(" ", 2);
      switch (head[0]) {
        case "case" -> {
          if (name != null) {
            cases.add(new Case(name, vars, prog, out, grads));
          }
          name = head[1];
          vars = new ArrayList<>();
          prog = null;
          out = null;
          grads = new ArrayList<>();
        }
        case "var" -> {
          String[] idAndRest = head[1].split(" ", 2);
          expectIndex(name, "var", idAndRest[0], vars.size());
          vars.add(values(idAndRest[1]));
        }
        case "prog" -> prog = List.of(head[1].trim().split("\\s+"));
        case "out" -> out = values(head[1]);
        case "grad" -> {
          String[] parts = head[1].split(":", 2);
          expectIndex(name, "grad", parts[0].trim(), grads.size());
          String v = parts[1].trim();
          grads.add(v.equals("none") ? null : numbers(v));
        }
        default -> throw new IllegalArgumentException("torch-programs: unknown line '" + line + "' in case " + name);
      }
    }
    if (name != null) {
      cases.add(new Case(name, vars, prog, out, grads));
    }
    return cases;
  }

  private static void expectIndex(String caseName, String what, String token, int expected) {
    if (Integer.parseInt(token.trim()) != expected) {
      throw new IllegalArgumentException("torch-programs: case " + caseName + ": " + what + " " + token
          + " out of order (expected " + expected + ")");
    }
  }

  /** {@code SHAPE : VALUES}, SHAPE '-' for 0-d. */
  private static Values values(String s) {
    String[] parts = s.split(":", 2);
    String shapeText = parts[0].trim();
    long[] shape = shapeText.equals("-") ? new long[0]
        : Arrays.stream(shapeText.split("\\s+")).mapToLong(Long::parseLong).toArray();
    return new Values(shape, numbers(parts[1]));
  }

  private static double[] numbers(String s) {
    String t = s.trim();
    return t.isEmpty() ? new double[0] : Arrays.stream(t.split("\\s+")).mapToDouble(Double::parseDouble).toArray();
  }

  /**
   * Runs a postfix program over the variables. PyTorch lets {@code sum(dim=0)} of a 0-d tensor
   * be the tensor itself, where Fluxion follows NumPy (axis 0 of a 0-d tensor is out of range),
   * so a reduction of a 0-d value is translated to the reduction over all (no) axes.
   */
  static Tensor run(List<String> program, Tensor[] vars) {
    Deque<Tensor> stack = new ArrayDeque<>();
    for (String token : program) {
      if (token.matches("v\\d+")) {
        stack.push(vars[Integer.parseInt(token.substring(1))]);
        continue;
      }
      int colon = token.indexOf(':');
      if (colon >= 0) {
        String op = token.substring(0, colon);
        String arg = token.substring(colon + 1);
        Tensor a = stack.pop();
        stack.push(switch (op) {
          case "adds" -> a.add(Double.parseDouble(arg));
          case "muls" -> a.mul(Double.parseDouble(arg));
          case "rsubs" -> a.rsub(Double.parseDouble(arg));
          case "sum" -> a.ndim() == 0 ? a.sum() : a.sum(Integer.parseInt(arg));
          case "mean" -> a.ndim() == 0 ? a.mean() : a.mean(Integer.parseInt(arg));
          default -> throw new IllegalArgumentException("torch-programs: unknown token " + token);
        });
        continue;
      }
      switch (token) {
        case "add", "sub", "mul", "divp", "powp", "matmul" -> {
          Tensor b = stack.pop();
          Tensor a = stack.pop();
          stack.push(binary(token, a, b));
        }
        default -> stack.push(unary(token, stack.pop()));
      }
    }
    if (stack.size() != 1) {
      throw new IllegalArgumentException("torch-programs: program leaves " + stack.size() + " values: " + program);
    }
    return stack.pop();
  }

  private static Tensor binary(String op, Tensor a, Tensor b) {
    return switch (op) {
      case "add" -> a.add(b);
      case "sub" -> a.sub(b);
      case "mul" -> a.mul(b);
      case "divp" -> a.div(b.square().add(1.0));
      case "powp" -> a.square().add(1.0).pow(b.tanh());
      case "matmul" -> a.matmul(b);
      default -> throw new IllegalArgumentException("torch-programs: unknown binary op " + op);
    };
  }

  private static Tensor unary(String op, Tensor a) {
    return switch (op) {
      case "expt" -> a.tanh().exp();
      case "sin" -> a.sin();
      case "cos" -> a.cos();
      case "tanh" -> a.tanh();
      case "sigmoid" -> a.sigmoid();
      case "atan" -> a.atan();
      case "square" -> a.square();
      case "neg" -> a.neg();
      case "logp" -> a.square().add(1.0).log();
      case "sqrtp" -> a.square().add(1.0).sqrt();
      case "softplus" -> a.abs().neg().exp().log1p().add(a.relu());
      case "sumall" -> a.sum();
      case "T" -> a.swapAxes(-1, -2);
      default -> throw new IllegalArgumentException("torch-programs: unknown op " + op);
    };
  }
}
