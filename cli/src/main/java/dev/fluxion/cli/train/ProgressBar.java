package dev.fluxion.cli.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The per-epoch progress line of {@code fluxion train}:
 * {@code epoch 1/5 [=========>          ] 212/469  loss 0.5321  8,405 samples/s}.
 * On a terminal it is redrawn in place (at most 10 times a second); otherwise only the
 * finished line of each epoch is printed.
 */
public final class ProgressBar implements Trainer.Listener {
  private static final int WIDTH = 30;
  private final PrintStream out;
  private final int epochs;
  private final boolean live;
  private long lastDraw;

  public ProgressBar(PrintStream out, int epochs, boolean live) {
    this.out = out;
    this.epochs = epochs;
    this.live = live;
  }

  static String line(int epoch, int epochs, int batch, int batches, double loss, long samples, long nanos) {
    int filled = (int) ((long) WIDTH * batch / Math.max(1, batches));
    String bar = "=".repeat(filled) + (filled < WIDTH ? ">" + " ".repeat(WIDTH - filled - 1) : "");
    double rate = samples / Math.max(1e-9, nanos / 1e9);
    return String.format(Locale.ROOT, "epoch %d/%d [%s] %d/%d  loss %.4f  %,.0f samples/s", epoch + 1, epochs, bar, batch,
        batches, loss, rate);
  }

  @Override
  public void step(int epoch, int batch, int batches, double loss, long samples, long nanos) {
    long now = System.nanoTime();
    if (live && (now - lastDraw > 100_000_000L || batch == batches)) {
      lastDraw = now;
      out.print("\r" + line(epoch, epochs, batch, batches, loss, samples, nanos));
      out.flush();
    } else if (!live && batch == batches) {
      out.print(line(epoch, epochs, batch, batches, loss, samples, nanos));
    }
  }

  @Override
  public void epoch(int epoch, double meanLoss, double testAccuracy, long nanos) {
    out.printf(Locale.ROOT, "  test accuracy %.4f  (%.1f s)%n", testAccuracy, nanos / 1e9);
    out.flush();
  }
}
