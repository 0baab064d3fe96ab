package dev.fluxion.conformance;

import static dev.fluxion.conformance.Approx.assertMentions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fluxion.DType;
import dev.fluxion.Fused;
import dev.fluxion.HostTransfer;
import dev.fluxion.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link HostTransfer#readLater}: what arrives is what the tensor held when the read was queued,
 * whatever is queued after it (kernels overwriting the tensor, host writes into it, closing it and
 * reusing its memory), with many reads in flight and awaited in any order; bad arguments are
 * refused before anything is queued.
 */
public abstract class HostTransferTests extends DeviceTest {
  private static final int N = 70_001;

  private static double[] values(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = r.nextDouble(-10, 10);
    }
    return v;
  }

  @Test
  void aLaterReadEqualsAReadInEveryDtype() {
    double[] v = values(1, N);
    Tensor x = Tensor.of(v).mul(3.0).detach();
    double[] now = new double[N];
    HostTransfer.read(x, now, 0, N);
    double[] later = new double[N + 5];
    HostTransfer.Pending p = HostTransfer.readLater(x, later, 5, N - 2);
    p.await();
    p.await(); // a second await does nothing
    double[] expected = new double[N + 5];
    System.arraycopy(now, 0, expected, 5, N - 2);
    assertArrayEquals(expected, later);

    Tensor f = x.to(DType.FLOAT32).detach();
    float[] floats = new float[N];
    HostTransfer.readLater(f, floats, 0, N).await();
    float[] floatsNow = new float[N];
    HostTransfer.read(f, floatsNow, 0, N);
    assertArrayEquals(floatsNow, floats);

    Tensor positive = x.gt(0.0).detach();
    boolean[] bools = new boolean[N];
    HostTransfer.readLater(positive, bools, 0, N).await();
    for (int i = 0; i < N; i++) {
      if (bools[i] != now[i] > 0) {
        throw new AssertionError("bool element " + i + " is " + bools[i] + " for " + now[i]);
      }
    }
    long[] longs = new long[3];
    HostTransfer.readLater(Tensor.of(7L, -8L, 9L), longs, 0, 3).await();
    assertArrayEquals(new long[] {7, -8, 9}, longs);
  }

  @Test
  void workQueuedAfterTheReadDoesNotChangeWhatArrives() {
    double[] v = values(2, N);
    Tensor x = Tensor.of(v).detach();
    Tensor y = x.mul(2.0).detach();
    double[] expected = y.toDoubleArray();
    Fused times3 = Fused.of("times3", 1, t -> new Tensor[] {t[0].mul(3.0)});

    double[] got = new double[N];
    HostTransfer.Pending p = HostTransfer.readLater(y, got, 0, N);
    times3.assign(new Tensor[] {y}, new Tensor[] {x}); // a kernel overwrites y
    p.await();
    assertArrayEquals(expected, got, "a kernel queued after the read");
    assertArrayEquals(x.mul(3.0).toDoubleArray(), y.toDoubleArray(), "and it ran");

    double[] before = y.toDoubleArray();
    HostTransfer.Pending q = HostTransfer.readLater(y, got, 0, N);
    HostTransfer.write(values(3, N), 0, N, y); // a host write into y
    q.await();
    assertArrayEquals(before, got, "a write queued after the read");
  }

  @Test
  void closingTheSourceAndReusingItsMemoryDoesNotChangeWhatArrives() {
    Tensor y = Tensor.of(values(4, N)).exp().detach();
    double[] expected = y.toDoubleArray();
    double[] got = new double[N];
    HostTransfer.Pending p = HostTransfer.readLater(y, got, 0, N);
    y.close();
    List<Tensor> reuse = new ArrayList<>();
    for (int i = 0; i < 4; i++) { // same sizes: the caching allocator hands y's memory out again
      Tensor t = Tensor.zeros(DType.FLOAT64, device(), N).detach();
      HostTransfer.write(values(10 + i, N), 0, N, t);
      reuse.add(t.mul(-1.0));
    }
    p.await();
    assertArrayEquals(expected, got);
    reuse.forEach(Tensor::close);
  }

  @Test
  void manyReadsInFlightAwaitedInAnyOrder() {
    int blocks = 9;
    Tensor[] ys = new Tensor[blocks];
    double[][] expected = new double[blocks][];
    double[][] got = new double[blocks][N];
    HostTransfer.Pending[] pending = new HostTransfer.Pending[blocks];
    for (int b = 0; b < blocks; b++) {
      ys[b] = Tensor.of(values(20 + b, N)).sin().detach();
      expected[b] = ys[b].toDoubleArray();
      pending[b] = HostTransfer.readLater(ys[b], got[b], 0, N);
    }
    for (int b = blocks - 1; b >= 0; b--) {
      pending[b].await();
      assertArrayEquals(expected[b], got[b], "block " + b);
    }
  }

  @Test
  void badArgumentsAreRefusedBeforeAnythingIsQueued() {
    Tensor x = Tensor.of(1.0, 2.0, 3.0);
    assertMentions(assertThrows(IllegalArgumentException.class, () -> HostTransfer.readLater(x, new float[3], 0, 3)),
        "HostTransfer.readLater", "float64", "double[]", "float[]");
    assertMentions(assertThrows(IllegalArgumentException.class, () -> HostTransfer.readLater(x, new double[3], 1, 3)),
        "HostTransfer.readLater", "3 elements at array offset 1");
    Tensor strided = Tensor.of(new double[][] {{1, 2}, {3, 4}}).transpose();
    assertMentions(assertThrows(IllegalArgumentException.class, () -> HostTransfer.readLater(strided, new double[4], 0, 4)),
        "HostTransfer.readLater", "contiguous");
  }
}
