package dev.fluxion.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fluxion.Device;
import dev.fluxion.DeviceUnavailableException;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A machine without the NVIDIA driver (CI's): {@code Device.cuda()} throws
 * {@link DeviceUnavailableException} naming {@code libcuda.so.1}, every time (the first failure's
 * reason is kept, not the {@code NoClassDefFoundError} of later touches), {@code Device.probe()}
 * and {@code Device.available()} say so, nothing falls back to another device, and everything
 * else still runs. On a machine that has the driver these tests skip, saying so.
 */
class CudaAvailabilityTest {
  /** Run in a child JVM: prints what a user would see, from the very first touch of CUDA. */
  public static void main(String[] args) {
    for (Device.Status s : Device.probe()) {
      System.out.println("probe " + s.name() + " " + s.available() + " " + s.description());
    }
    for (String name : List.of("cuda", "cuda:1", "cuda")) {
      try {
        Device.of(name);
        System.out.println("opened " + name);
      } catch (DeviceUnavailableException e) {
        System.out.println("unavailable " + name + ": " + e.getMessage());
      }
    }
    System.out.println("available " + Device.available());
    System.out.println("cpu still works: " + dev.fluxion.Tensor.of(1.0, 2.0).exp().sum().item());
  }

  @Test
  void withoutTheDriverCudaIsUnavailableNamingLibcudaFromTheFirstTouchOn() throws Exception {
    assumeNoDriver();
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), CudaAvailabilityTest.class.getName());
    pb.environment().remove("FLUXION_DEVICE");
    Process child = pb.redirectErrorStream(true).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, child.waitFor(), out);
    List<String> lines = List.of(out.split("\n"));
    String cuda = lines.stream().filter(l -> l.startsWith("probe cuda ")).findFirst().orElseThrow(() -> new AssertionError(out));
    assertTrue(cuda.startsWith("probe cuda false the NVIDIA driver library libcuda.so.1 could not be loaded"), out);
    assertTrue(cuda.contains("libcuda.so.1: cannot open shared object file"), "the dynamic linker's own words: " + out);
    List<String> refusals = lines.stream().filter(l -> l.startsWith("unavailable cuda")).toList();
    assertEquals(3, refusals.size(), out);
    for (String r : refusals) {
      assertTrue(r.contains("libcuda.so.1: cannot open shared object file") && !r.contains("NoClassDefFoundError"),
          "every refusal gives the first reason: " + out);
    }
    assertTrue(out.contains("available [cpu"), out);
    assertFalse(lines.stream().anyMatch(l -> l.startsWith("available") && l.contains("cuda")), out);
    assertTrue(out.contains("cpu still works: " + (Math.exp(1) + Math.exp(2))), out);
    assertTrue(lines.stream().noneMatch(l -> l.contains("Exception in thread")), out);
  }

  @Test
  void inThisJvmTooTheReasonIsTheSameOnEveryAsk() {
    assumeNoDriver();
    DeviceUnavailableException first = assertThrows(DeviceUnavailableException.class, Device::cuda);
    DeviceUnavailableException second = assertThrows(DeviceUnavailableException.class, () -> Device.cuda(0));
    assertTrue(first.getMessage().startsWith("cuda is unavailable: the NVIDIA driver library libcuda.so.1"), first.getMessage());
    assertEquals(first.getMessage(), second.getMessage());
    CudaBackend backend = new CudaBackend();
    assertEquals(List.of(), backend.deviceDescriptions());
    DeviceUnavailableException open = assertThrows(DeviceUnavailableException.class, () -> backend.open(0));
    assertTrue(open.getMessage().contains("libcuda.so.1"), open.getMessage());
  }

  /** Skips unless no libcuda.so.1 is known to the dynamic linker (its cache, LD_LIBRARY_PATH). */
  static void assumeNoDriver() {
    List<String> found = new ArrayList<>();
    try {
      Process p = new ProcessBuilder("ldconfig", "-p").redirectErrorStream(true).start();
      String cache = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      cache.lines().filter(l -> l.contains("libcuda.so.1 ")).forEach(found::add);
    } catch (Exception e) {
      // no ldconfig: only the library path below is checked
    }
    String path = System.getenv("LD_LIBRARY_PATH");
    for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.exists(Path.of(dir, "libcuda.so.1"))) {
        found.add(dir + "/libcuda.so.1");
      }
    }
    assumeTrue(found.isEmpty(), "this machine has the NVIDIA driver library (" + found + "): the no-driver path "
        + "cannot be played here");
  }
}
