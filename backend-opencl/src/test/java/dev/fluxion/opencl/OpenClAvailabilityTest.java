package dev.fluxion.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fluxion.Device;
import dev.fluxion.DeviceUnavailableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A machine without an OpenCL platform: the family reports why, {@code Device.opencl()} throws
 * {@link DeviceUnavailableException} saying so, and everything else still loads and runs. Played
 * in a child JVM whose ICD loader is pointed at an empty vendor directory.
 */
class OpenClAvailabilityTest {
  /** Run in the child JVM: prints what a user would see. */
  public static void main(String[] args) {
    for (Device.Status s : Device.probe()) {
      System.out.println("probe " + s.name() + " " + s.available() + " " + s.description());
    }
    try {
      Device.opencl();
      System.out.println("opened");
    } catch (DeviceUnavailableException e) {
      System.out.println("unavailable: " + e.getMessage());
    }
    System.out.println("cpu still works: " + dev.fluxion.Tensor.of(1.0, 2.0).exp().sum().item());
  }

  @Test
  void withoutAPlatformOpenClIsUnavailableAndSaysWhy(@TempDir Path emptyVendors) throws Exception {
    OpenClTesting.device();
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), OpenClAvailabilityTest.class.getName());
    pb.environment().put("OCL_ICD_VENDORS", emptyVendors.toString());
    pb.environment().remove("FLUXION_DEVICE");
    Process child = pb.redirectErrorStream(true).start();
    String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, child.waitFor(), out);
    assertTrue(out.contains("unavailable: opencl is unavailable: no OpenCL platform is installed"), out);
    assertTrue(out.contains("probe opencl false no OpenCL platform"), out);
    assertTrue(out.contains("cpu still works: " + (Math.exp(1) + Math.exp(2))), out);
    assertTrue(List.of(out.split("\n")).stream().noneMatch(l -> l.contains("Exception in thread")), out);
  }
}
