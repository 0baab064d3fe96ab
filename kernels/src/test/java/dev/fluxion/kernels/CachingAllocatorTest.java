package dev.fluxion.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.DeviceMemoryException;
import org.junit.jupiter.api.Test;

class CachingAllocatorTest {
  private static final long MIB = 1 << 20;

  @Test
  void blockSizesAreFourPerPowerOfTwo() {
    assertEquals(512, CachingAllocator.blockSize(1));
    assertEquals(512, CachingAllocator.blockSize(512));
    assertEquals(640, CachingAllocator.blockSize(513));
    assertEquals(1024, CachingAllocator.blockSize(1000));
    assertEquals(1280, CachingAllocator.blockSize(1025));
    assertEquals(1792, CachingAllocator.blockSize(1700));
    assertEquals(5 * MIB / 4, CachingAllocator.blockSize(MIB + 1));
  }

  @Test
  void aReleasedBlockServesTheNextRequestOfItsSize() {
    FakeDriver driver = new FakeDriver(true, 64 * MIB, 64 * MIB);
    CachingAllocator a = new CachingAllocator(driver);
    DeviceMemory first = a.allocate(1000, () -> "test");
    a.release(first);
    assertEquals(1024, a.cachedBytes());
    assertSame(first, a.allocate(900, () -> "test"), "900 bytes round to the same 1024-byte block");
    assertEquals(0, a.cachedBytes());
    assertEquals(1024, a.allocatedBytes());
    assertEquals(1, driver.allocations, "the driver was asked once");
  }

  @Test
  void outOfMemoryEmptiesTheCacheAndRetriesOnce() {
    FakeDriver driver = new FakeDriver(true, 64 * MIB, 3 * MIB);
    CachingAllocator a = new CachingAllocator(driver);
    DeviceMemory big = a.allocate(2 * MIB, () -> "test");
    a.release(big);
    DeviceMemory other = a.allocate(2 * MIB + 1, () -> "test");
    assertEquals(1, driver.frees, "the cached block was freed to make room");
    assertEquals(0, a.cachedBytes());
    assertEquals(other.bytes(), a.allocatedBytes());
  }

  @Test
  void outOfMemoryAfterTheRetrySaysWhatWasAskedAndWhatIsInUse() {
    FakeDriver driver = new FakeDriver(true, 64 * MIB, 3 * MIB);
    CachingAllocator a = new CachingAllocator(driver);
    a.allocate(2 * MIB, () -> "test");
    DeviceMemoryException e = assertThrows(DeviceMemoryException.class, () -> a.allocate(2 * MIB, () -> "524288 float32 elements"));
    String m = e.getMessage();
    assertTrue(m.contains("fake:0") && m.contains("524288 float32 elements") && m.contains("2.0 MiB in use"), m);
    assertEquals(2 * MIB, a.allocatedBytes(), "no partial state: the failed request holds nothing");
  }

  @Test
  void theDeviceMemoryIsABudgetEvenWhenTheDriverAllocatesLazily() {
    FakeDriver driver = new FakeDriver(true, 4 * MIB, Long.MAX_VALUE);
    CachingAllocator a = new CachingAllocator(driver);
    a.allocate(3 * MIB, () -> "test");
    assertThrows(DeviceMemoryException.class, () -> a.allocate(2 * MIB, () -> "test"));
  }

  @Test
  void aBlockLargerThanTheDeviceAllowsIsRefusedWithTheLimit() {
    FakeDriver driver = new FakeDriver(true, 4 * MIB, 4 * MIB);
    CachingAllocator a = new CachingAllocator(driver);
    DeviceMemoryException e = assertThrows(DeviceMemoryException.class, () -> a.allocate(8 * MIB, () -> "2097152 float32 elements"));
    assertTrue(e.getMessage().contains("largest allocation is 4.0 MiB"), e.getMessage());
  }
}
