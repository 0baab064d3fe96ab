package dev.fluxion.cli.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fluxion.DType;
import dev.fluxion.Device;
import dev.fluxion.Tensor;
import org.junit.jupiter.api.Test;

class StopwatchTest {
  /** A body that counts its runs and leaves its result on {@code on}. */
  private static final class Counting implements Workload.Body {
    private final Device on;
    int runs;

    Counting(Device on) {
      this.on = on;
    }

    @Override
    public Tensor run() {
      runs++;
      return Tensor.full(DType.FLOAT32, on, 1.0, 4);
    }

    @Override
    public void close() {}
  }

  @Test
  void warmsUpThenTimesTheRuns() {
    Counting body = new Counting(Device.cpu());
    Stopwatch.Timing t = new Stopwatch(2, 0, 3).time(body, Device.cpu());
    assertEquals(5, body.runs);
    assertSame(Device.cpu(), t.ranOn());
    assertTrue(t.minMs() > 0 && t.minMs() <= t.medianMs(), t.toString());
    assertTrue(t.description().startsWith(Runtime.getRuntime().availableProcessors() + " cores"), t.description());
  }

  @Test
  void warmsUpForAtLeastTheGivenTime() {
    Counting body = new Counting(Device.cpu());
    long t0 = System.nanoTime();
    new Stopwatch(0, 0.2, 1).time(body, Device.cpu());
    assertTrue(System.nanoTime() - t0 >= 200_000_000L);
    assertTrue(body.runs > 1, "runs: " + body.runs);
  }

  @Test
  void resultsOnAnotherDeviceAreNoted() {
    assumeTrue(Device.available().size() > 1, "needs a second device: only " + Device.available());
    Device other = Device.available().get(1);
    Stopwatch.Timing t = new Stopwatch(0, 0, 1).time(new Counting(Device.cpu()), other);
    assertSame(Device.cpu(), t.ranOn());
    assertEquals("results on cpu, not " + other.name(), t.note());
  }

  @Test
  void refusesNoRuns() {
    assertThrows(IllegalArgumentException.class, () -> new Stopwatch(1, 0, 0));
    assertThrows(IllegalArgumentException.class, () -> new Stopwatch(1, Double.NaN, 1));
  }
}
