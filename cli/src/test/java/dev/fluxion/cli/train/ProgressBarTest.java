package dev.fluxion.cli.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  @Test
  void theLineShowsProgressLossAndThroughput() {
    String half = ProgressBar.line(0, 5, 10, 20, 0.51234, 1280, 500_000_000L);
    assertEquals("epoch 1/5 [===============>              ] 10/20  loss 0.5123  2,560 samples/s", half);
    String done = ProgressBar.line(4, 5, 20, 20, 0.1, 2560, 1_000_000_000L);
    assertTrue(done.startsWith("epoch 5/5 [==============================] 20/20"), done);
  }

  @Test
  void withoutATerminalOnlyFinishedEpochsArePrinted() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ProgressBar bar = new ProgressBar(new PrintStream(bytes, true, StandardCharsets.UTF_8), 2, false);
    bar.step(0, 1, 2, 1.0, 10, 1_000_000);
    assertEquals("", bytes.toString(StandardCharsets.UTF_8));
    bar.step(0, 2, 2, 0.5, 20, 1_000_000);
    bar.epoch(0, 0.5, 0.75, 2_000_000_000L);
    String out = bytes.toString(StandardCharsets.UTF_8);
    assertTrue(out.startsWith("epoch 1/2 [") && out.endsWith("  test accuracy 0.7500  (2.0 s)\n") && !out.contains("\r"), out);
  }
}
