package dev.fluxion.cli.gpucheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the gpucheck summary reads from each step's output. */
class FindingsTest {
  private static final String JUNIT_SUMMARY = """
      Test run finished after 9574 ms
      [        11 containers found      ]
      [         0 containers skipped    ]
      [        11 containers started    ]
      [         0 containers aborted    ]
      [        10 containers successful ]
      [         %d containers failed     ]
      [        83 tests found           ]
      [         4 tests skipped         ]
      [        79 tests started         ]
      [         0 tests aborted         ]
      [        77 tests successful      ]
      [         %d tests failed          ]
      """;

  @Test
  void selftestGivesItsChecksAndTheGemmPath() {
    String out = "device: x\n\ngemm: cuBLAS 12.8.4 (libcublas.so.12)\nresult: FAIL (310 checks, 2 failed)\n";
    assertEquals("310 checks, 2 failed; GEMM: cuBLAS 12.8.4 (libcublas.so.12)", Findings.selftest(out));
    assertEquals("no result line", Findings.selftest("fluxion: cuda is unavailable"));
  }

  @Test
  void theConformanceSummaryCountsFailedTestsAndContainers() {
    String clean = JUNIT_SUMMARY.formatted(0, 0);
    assertTrue(Findings.conformancePassed(clean));
    assertEquals("83 tests: 77 passed, 0 failed, 4 skipped or aborted", Findings.conformance(clean));
    assertFalse(Findings.conformancePassed(JUNIT_SUMMARY.formatted(0, 2)));
    assertFalse(Findings.conformancePassed(JUNIT_SUMMARY.formatted(1, 0)), "a class that could not start is a failure");
    assertEquals("83 tests: 77 passed, 1 failed, 4 skipped or aborted", Findings.conformance(JUNIT_SUMMARY.formatted(1, 0)));
  }

  @Test
  void aConformanceRunStoppedBeforeItsSummaryCountsItsTree() {
    String tree = "├─ CudaMatmulTest ✔\n│  ├─ a() ✔\n│  ├─ b() ✘ expected\n│  └─ c() ↷ no data\n";
    assertFalse(Findings.conformancePassed(tree));
    assertEquals("stopped before its summary, after 4 tests and containers: 2 passed, 1 failed, 1 skipped",
        Findings.conformance(tree));
  }

  @Test
  void benchRowsGiveTheDevicesTimeItsRatioToTheCpuAndMatmulFlops(@TempDir Path dir) throws Exception {
    Path csv = dir.resolve("bench.csv");
    Files.writeString(csv, String.join("\n",
        "workload,size,dtype,device,ran_on,median_ms,min_ms,vs_cpu,note,description,load_average",
        "matmul,4096,float32,cpu,cpu,1000.0,990.0,1.0,,\"2 cores, GEMM: x\",0.5",
        "matmul,4096,float32,cuda:0,cuda:0,2.748779,2.7,0.002748779,,\"H200, GEMM: cuBLAS\",0.5",
        "compiled-sweep,100000000,float32,cuda:0,,,,,not available in this build (jit),,0.5") + "\n");
    assertEquals(List.of("matmul 4096 on cuda:0: 2.749 ms = 0.00275 x cpu, 50000.0 GFLOP/s",
        "compiled-sweep 100000000 on cuda:0: not available in this build (jit)"), Findings.bench(csv));
  }

  @Test
  void theDevicesLineIsFoundByName() {
    String out = "cpu        available    2 cores\ncuda:0     available    NVIDIA H200 (compute capability 9.0)\n";
    assertEquals("cuda:0 available NVIDIA H200 (compute capability 9.0)", Findings.devices(out, "cuda:0"));
    assertEquals("no line for cuda:1", Findings.devices(out, "cuda:1"));
  }
}
