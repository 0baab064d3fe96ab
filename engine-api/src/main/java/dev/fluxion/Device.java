package dev.fluxion;

import dev.fluxion.spi.Backend;
import dev.fluxion.spi.DeviceBackend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A place where tensors live and kernels run: {@code cpu}, {@code opencl:N} or {@code cuda:N}.
 *
 * <p>Backends are discovered with {@link ServiceLoader}; the CPU is always present and is the
 * default unless {@code -Dfluxion.device=NAME} or the environment variable
 * {@code FLUXION_DEVICE} names another, or {@link #setDefault(Device)} is called. Asking for a
 * device that cannot be used throws {@link DeviceUnavailableException} saying why; nothing
 * ever falls back to another device silently.
 */
public final class Device {
  private static final Map<String, Backend> BACKENDS = discoverBackends();
  private static final Map<String, Device> OPENED = new ConcurrentHashMap<>();
  private static volatile Device defaultDevice;

  private final String family;
  private final int index;
  private final DeviceBackend backend;
  final AtomicLong liveTensors = new AtomicLong();

  private Device(String family, int index, DeviceBackend backend) {
    this.family = family;
    this.index = index;
    this.backend = backend;
  }

  /** The CPU (always available). */
  public static Device cpu() {
    return open("cpu", 0);
  }

  /** The first OpenCL device. */
  public static Device opencl() {
    return opencl(0);
  }

  public static Device opencl(int index) {
    return open("opencl", index);
  }

  /** The first CUDA device. */
  public static Device cuda() {
    return cuda(0);
  }

  public static Device cuda(int index) {
    return open("cuda", index);
  }

  /**
   * Parses a device name: {@code cpu}, {@code opencl}, {@code opencl:1}, {@code cuda},
   * {@code cuda:0}.
   */
  public static Device of(String name) {
    String spec = name.trim().toLowerCase(Locale.ROOT);
    int colon = spec.indexOf(':');
    String fam = colon < 0 ? spec : spec.substring(0, colon);
    int idx = 0;
    if (colon >= 0) {
      try {
        idx = Integer.parseInt(spec.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad device name '" + name + "': expected e.g. cpu, opencl, opencl:1, cuda:0");
      }
    }
    if (!fam.equals("cpu") && !fam.equals("opencl") && !fam.equals("cuda")) {
      throw new IllegalArgumentException("unknown device '" + name + "': expected cpu, opencl[:N] or cuda[:N]");
    }
    return open(fam, idx);
  }

  /** Usable devices, CPU first. */
  public static List<Device> available() {
    List<Device> result = new ArrayList<>();
    for (Status s : probe()) {
      if (s.available()) {
        result.add(Device.of(s.name()));
      }
    }
    return result;
  }

  /**
   * Every device family Fluxion knows, with either the usable devices and their descriptions
   * or the reason a family cannot be used here (library missing, no platform, no driver).
   */
  public static List<Status> probe() {
    List<Status> result = new ArrayList<>();
    for (String fam : List.of("cpu", "opencl", "cuda")) {
      Backend b = BACKENDS.get(fam);
      if (b == null) {
        result.add(new Status(fam, false, missingModuleReason(fam)));
        continue;
      }
      String reason;
      List<String> devices;
      try {
        reason = b.unavailableReason();
        devices = reason == null ? b.deviceDescriptions() : List.of();
      } catch (RuntimeException | LinkageError e) {
        reason = e.getClass().getSimpleName() + ": " + e.getMessage();
        devices = List.of();
      }
      if (reason != null || devices.isEmpty()) {
        result.add(new Status(fam, false, reason != null ? reason : "no " + fam + " device found"));
        continue;
      }
      for (int i = 0; i < devices.size(); i++) {
        result.add(new Status(fam.equals("cpu") ? "cpu" : fam + ":" + i, true, devices.get(i)));
      }
    }
    return result;
  }

  /**
   * One line of {@link #probe()}.
   *
   * @param name device name, or the family name when unavailable
   * @param available whether it can be used
   * @param description the device's description, or why it is unavailable
   */
  public record Status(String name, boolean available, String description) {}

  /** The device that creation functions use when none is given. */
  public static Device defaultDevice() {
    Device d = defaultDevice;
    if (d == null) {
      synchronized (Device.class) {
        if (defaultDevice == null) {
          defaultDevice = configuredDefault();
        }
        d = defaultDevice;
      }
    }
    return d;
  }

  public static void setDefault(Device device) {
    defaultDevice = Objects.requireNonNull(device, "device");
  }

  private static Device configuredDefault() {
    String prop = System.getProperty("fluxion.device");
    if (prop != null && !prop.isBlank()) {
      return Device.of(prop);
    }
    String env = System.getenv("FLUXION_DEVICE");
    if (env != null && !env.isBlank()) {
      return Device.of(env);
    }
    return cpu();
  }

  private static Device open(String family, int index) {
    if (index < 0) {
      throw new IllegalArgumentException("device index must be >= 0, got " + index);
    }
    String key = family.equals("cpu") ? "cpu" : family + ":" + index;
    Device d = OPENED.get(key);
    if (d != null) {
      return d;
    }
    synchronized (OPENED) {
      d = OPENED.get(key);
      if (d == null) {
        d = new Device(family, index, openBackend(family, index));
        OPENED.put(key, d);
      }
      return d;
    }
  }

  private static DeviceBackend openBackend(String family, int index) {
    Backend b = BACKENDS.get(family);
    if (b == null) {
      throw new DeviceUnavailableException(family + " is unavailable: " + missingModuleReason(family));
    }
    try {
      String reason = b.unavailableReason();
      if (reason != null) {
        throw new DeviceUnavailableException(family + " is unavailable: " + reason);
      }
      int count = b.deviceDescriptions().size();
      if (index >= count) {
        throw new DeviceUnavailableException(
            family + ":" + index + " does not exist: " + count + " " + family + " device(s) found");
      }
      return b.open(index);
    } catch (LinkageError e) {
      throw new DeviceUnavailableException(family + " is unavailable: native library not loadable: " + e, e);
    }
  }

  private static String missingModuleReason(String family) {
    return family.equals("cpu")
        ? "the CPU backend (dev.fluxion:backend-cpu) is not on the class path"
        : "the " + family + " backend (dev.fluxion:backend-" + family + ") is not on the class path";
  }

  private static Map<String, Backend> discoverBackends() {
    Map<String, Backend> found = new LinkedHashMap<>();
    ServiceLoader<Backend> loader = ServiceLoader.load(Backend.class, Device.class.getClassLoader());
    for (ServiceLoader.Provider<Backend> p : (Iterable<ServiceLoader.Provider<Backend>>) loader.stream()::iterator) {
      try {
        Backend b = p.get();
        found.putIfAbsent(b.name(), b);
      } catch (RuntimeException | LinkageError e) {
        // A backend that cannot even be instantiated is reported as missing by probe().
      }
    }
    return found;
  }

  DeviceBackend backend() {
    return JitRecorder.tracing == 0 ? backend : JitRecorder.backendFor(this, backend);
  }

  /** The backend itself, never the recorder of a jit trace. */
  DeviceBackend rawBackend() {
    return backend;
  }

  /** For example {@code cpu} or {@code opencl:0}. */
  public String name() {
    return family.equals("cpu") ? "cpu" : family + ":" + index;
  }

  /** The family: "cpu", "opencl" or "cuda". */
  public String family() {
    return family;
  }

  public int index() {
    return index;
  }

  /** Hardware, driver and library details. */
  public String description() {
    return backend.description();
  }

  /** Transfer, launch and memory counters; see {@link DeviceStats}. */
  public DeviceStats stats() {
    DeviceStats s = backend.stats();
    return new DeviceStats(s.hostToDeviceBytes(), s.deviceToHostBytes(), s.kernelLaunches(),
        s.allocatedBytes(), s.cachedBytes(), liveTensors.get());
  }

  /** Zeroes the cumulative counters (transfers and launches); levels are unaffected. */
  public void resetStats() {
    backend.resetStats();
  }

  /** Waits for every queued kernel of this device. */
  public void synchronize() {
    backend.synchronize();
  }

  @Override
  public String toString() {
    return name();
  }
}
