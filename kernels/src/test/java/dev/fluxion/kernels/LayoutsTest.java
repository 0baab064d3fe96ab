package dev.fluxion.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LayoutsTest {
  @Test
  void denseOperandsMergeIntoOneRun() {
    Layouts.Merged m = Layouts.merge(new long[] {2, 3, 4}, new long[] {12, 4, 1}, new long[] {12, 4, 1});
    assertArrayEquals(new long[] {24}, m.shape());
    assertTrue(m.dense(0) && m.dense(1));
  }

  @Test
  void aBroadcastOperandKeepsItsAxesApart() {
    Layouts.Merged m = Layouts.merge(new long[] {2, 3, 4}, new long[] {12, 4, 1}, new long[] {0, 4, 1});
    assertArrayEquals(new long[] {2, 12}, m.shape());
    assertArrayEquals(new long[] {0, 1}, m.strides()[1]);
    assertFalse(m.dense(0));
  }

  @Test
  void sizeOneAxesAreDroppedAndASingleElementIsDense() {
    Layouts.Merged m = Layouts.merge(new long[] {1, 5, 1}, new long[] {5, 1, 1}, new long[] {0, -1, 7});
    assertArrayEquals(new long[] {5}, m.shape());
    assertArrayEquals(new long[] {-1}, m.strides()[1]);
    Layouts.Merged one = Layouts.merge(new long[] {1, 1}, new long[] {1, 1});
    assertArrayEquals(new long[] {1}, one.shape());
    assertTrue(one.dense(0));
  }

  @Test
  void moreAxesThanTheStructsHoldAreRefusedNamingTheShape() {
    long[] shape = {2, 2, 2, 2, 2, 2, 2, 2, 2};
    long[] strides = {1 << 16, 1 << 14, 1 << 12, 1 << 10, 1 << 8, 1 << 6, 1 << 4, 1 << 2, 1}; // every other element
    Layouts.Merged m = Layouts.merge(shape, strides);
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class, () -> Layouts.checkRank(m, "exp", shape));
    assertTrue(e.getMessage().contains("exp") && e.getMessage().contains("[2, 2, 2, 2, 2, 2, 2, 2, 2]"), e.getMessage());
  }
}
