package dev.fluxion.cli.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactSumTest {
  @Test
  void sumsExactlyAndRoundsOnce() {
    Random r = new Random(7);
    double[] terms = new double[20_000];
    BigDecimal exact = BigDecimal.ZERO;
    for (int i = 0; i < terms.length; i++) {
      terms[i] = (r.nextDouble() - 0.5) * Math.pow(2, r.nextInt(200) - 100) * (i % 97 == 0 ? 1e200 : 1);
      if (i % 1001 == 0) {
        terms[i] = Double.MIN_VALUE * (r.nextInt(5) - 2);
      }
      exact = exact.add(new BigDecimal(terms[i]));
    }
    ExactSum whole = new ExactSum();
    for (double t : terms) {
      whole.add(t);
    }
    assertEquals(exact.doubleValue(), whole.value(), 0.0);
    ExactSum a = new ExactSum();
    ExactSum b = new ExactSum();
    for (int i = terms.length - 1; i >= 0; i--) {
      (i % 3 == 0 ? a : b).add(terms[i]);
    }
    a.add(b);
    assertEquals(whole.value(), a.value(), 0.0, "any order, any grouping");
  }

  @Test
  void cancellationAndSpecialValues() {
    ExactSum s = new ExactSum();
    s.add(1e308);
    s.add(1.0);
    s.add(-1e308);
    assertEquals(1.0, s.value(), 0.0);
    s.add(Double.POSITIVE_INFINITY);
    assertEquals(Double.POSITIVE_INFINITY, s.value());
    s.add(Double.NEGATIVE_INFINITY);
    assertEquals(Double.NaN, s.value());
    assertEquals(0.0, new ExactSum().value());
  }
}
