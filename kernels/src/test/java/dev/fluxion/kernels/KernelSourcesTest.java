package dev.fluxion.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.DType;
import dev.fluxion.spi.BinaryOp;
import dev.fluxion.spi.FillOp;
import dev.fluxion.spi.ReduceOp;
import dev.fluxion.spi.UnaryOp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The specialised sources: complete, consistent with the names the launchers ask for, dialect-clean. */
class KernelSourcesTest {
  private static final Pattern ENTRY = Pattern.compile("KERNEL (\\w+)\\(");
  private static final List<String> KINDS2 = List.of("tt", "ts", "st");
  private static final List<String> KINDS3 = List.of("ttt", "tts", "tst", "tss", "stt", "sts", "sst");

  private static Target device(boolean fp64) {
    return new Target(fp64, 32 * 1024);
  }

  private static Map<ProgramKey, String> programs(boolean fp64) {
    Map<ProgramKey, String> all = new HashMap<>();
    for (ProgramKey key : Kernels.all(fp64)) {
      all.put(key, Kernels.program(key, device(fp64)).render(Dialect.OPENCL));
    }
    return all;
  }

  @Test
  void everyProgramRendersWithoutPlaceholdersAndWithUniqueEntryPoints() {
    for (boolean fp64 : new boolean[] {true, false}) {
      Set<String> names = new HashSet<>();
      for (Map.Entry<ProgramKey, String> p : programs(fp64).entrySet()) {
        assertFalse(p.getValue().contains("$"), p.getKey() + " has an unreplaced placeholder");
        Matcher m = ENTRY.matcher(p.getValue());
        int entries = 0;
        while (m.find()) {
          assertTrue(names.add(m.group(1)), "kernel " + m.group(1) + " is defined twice");
          entries++;
        }
        assertTrue(entries > 0, p.getKey() + " has no kernel");
      }
    }
  }

  @Test
  void everyKernelTheLaunchersNameExistsInItsProgram() {
    Map<ProgramKey, String> sources = programs(true);
    List<KernelRef> refs = new ArrayList<>();
    for (DType t : DType.values()) {
      for (boolean dense : new boolean[] {true, false}) {
        for (UnaryOp op : UnaryOp.values()) {
          if (MapKernels.defined(op, t)) {
            refs.add(MapKernels.unary(op, t, dense));
          }
        }
        for (BinaryOp op : BinaryOp.values()) {
          if (MapKernels.defined(op, t)) {
            KINDS2.forEach(k -> refs.add(MapKernels.binary(op, t, k, dense)));
          }
        }
        KINDS3.forEach(k -> refs.add(MapKernels.where(t, k, dense)));
        for (DType to : DType.values()) {
          refs.add(MapKernels.copy(t, to, dense));
        }
        for (FillOp op : FillOp.values()) {
          refs.add(MapKernels.fill(op, t, dense));
        }
      }
      for (ReduceOp op : ReduceOp.values()) {
        for (ReduceKernels.Stage stage : ReduceKernels.Stage.values()) {
          refs.add(ReduceKernels.kernel(op, t, stage));
        }
      }
      refs.add(MatmulKernels.kernel(t));
    }
    for (KernelRef ref : refs) {
      String source = sources.get(ref.program());
      assertTrue(source != null && source.contains("KERNEL " + ref.name() + "("), ref + " is not in its program");
    }
  }

  @Test
  void withoutFp64NoKernelMentionsDouble() {
    for (ProgramKey key : Kernels.all(false)) {
      String kernels = String.join("\n", Kernels.program(key, device(false)).kernels());
      assertFalse(kernels.matches("(?s).*\\bdouble\\b.*"), key + " uses double on a device without FP64");
    }
    assertThrows(UnsupportedOperationException.class,
        () -> Kernels.program(new ProgramKey(Family.UNARY, DType.FLOAT64), device(false)));
  }

  @Test
  void theDialectsDifferOnlyInThePrelude() {
    ProgramSource unary = Kernels.program(new ProgramKey(Family.UNARY, DType.FLOAT32), device(true));
    String cl = unary.render(Dialect.OPENCL);
    String cuda = unary.render(Dialect.CUDA);
    String clPrelude = Dialect.OPENCL.prelude(true);
    String cudaPrelude = Dialect.CUDA.prelude(true);
    assertEquals(cl.substring(clPrelude.length()), cuda.substring(cudaPrelude.length()));
    assertTrue(clPrelude.contains("#define KERNEL __kernel void") && clPrelude.contains("cl_khr_fp64"), clPrelude);
    assertTrue(cudaPrelude.contains("#define KERNEL extern \"C\" __global__ void") && cudaPrelude.contains("typedef long long i64;"),
        cudaPrelude);
    assertFalse(Dialect.OPENCL.prelude(false).contains("cl_khr_fp64"));
  }

  @Test
  void matmulTilesFitTheDevicesLocalMemory() {
    ProgramKey f64 = new ProgramKey(Family.MATMUL, DType.FLOAT64);
    assertTrue(Kernels.program(f64, new Target(true, 48 * 1024)).kernels().get(0).contains("#define MM_DEPTH 16 "));
    assertTrue(Kernels.program(f64, new Target(true, 32 * 1024)).kernels().get(0).contains("#define MM_DEPTH 8 "),
        "32 KiB of tiles do not fit 32 KiB of local memory with room to spare");
    assertTrue(Kernels.program(new ProgramKey(Family.MATMUL, DType.FLOAT32), new Target(true, 32 * 1024)).kernels().get(0)
        .contains("#define MM_DEPTH 16 "));
  }

  @Test
  void anUnknownPlaceholderIsAnError() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Template.substitute("x = $EXPR + $MISSING;", Map.of("EXPR", "1"), "test"));
    assertTrue(e.getMessage().contains("$MISSING"), e.getMessage());
    assertEquals("f_each(a + 1)", Template.substitute("$NAME_each($EXPR)", Map.of("NAME", "f", "EXPR", "a + $ONE", "ONE", "1"), "t"));
  }
}
