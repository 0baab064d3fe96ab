package dev.fluxion.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The emulation catches kernels that a GPU would run wrongly: a missing barrier gives a wrong
 * sum, a barrier only half the block reaches fails the launch, and a write one element past the
 * end of a buffer is an illegal address — while the correct kernel gives the exact sum. Each runs
 * in its own JVM (a failed kernel leaves the context unusable, as on a GPU), compiled through the
 * emulated NVRTC.
 */
class EmulatedKernelsTest {
  private static EmulationTesting.Run run(String kernel, int n) throws Exception {
    return EmulationTesting.child(EmulatedChild.class, Map.of(), List.of(), "kernel", kernel, Integer.toString(n));
  }

  @Test
  void theCorrectTreeSumIsExact() throws Exception {
    EmulationTesting.Run r = run("tree", 4);
    float s = BrokenKernels.TREE_SUM;
    assertTrue(r.output().contains("result [" + s + ", " + s + ", " + s + ", " + s + "]"), r.toString());
  }

  @Test
  void aMissingBarrierGivesAWrongSum() throws Exception {
    EmulationTesting.Run r = run("tree_without_barrier", 4);
    assertTrue(r.output().contains("result ["), r.toString());
    assertFalse(r.output().contains("result [" + BrokenKernels.TREE_SUM), "the race must show: " + r);
  }

  @Test
  void aBarrierHalfTheBlockSkipsFailsTheLaunch() throws Exception {
    EmulationTesting.Run r = run("divergent_barrier", 4);
    assertTrue(r.output().contains("barrier divergence"), r.toString());
    assertTrue(r.output().contains("failed java.lang.IllegalStateException: cuda:0: cuStreamSynchronize (a queued kernel failed) "
        + "failed: CUDA_ERROR_LAUNCH_FAILED"), r.toString());
  }

  @Test
  void aWritePastTheEndIsAnIllegalAddress() throws Exception {
    EmulationTesting.Run r = run("out_of_bounds", 100);
    assertTrue(r.output().contains("kernel out_of_bounds wrote outside allocation"), r.toString());
    assertTrue(r.output().contains("of its argument 0, at byte 400"), r.toString());
    assertTrue(r.output().contains("failed java.lang.IllegalStateException: cuda:0: cuStreamSynchronize (a queued kernel failed) "
        + "failed: CUDA_ERROR_ILLEGAL_ADDRESS"), r.toString());
    assertEquals(0, r.exitCode(), r.toString());
  }
}
