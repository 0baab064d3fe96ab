package dev.fluxion.opencl;

import static org.jocl.CL.CL_DEVICE_DOUBLE_FP_CONFIG;
import static org.jocl.CL.CL_DEVICE_GLOBAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_LOCAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_COMPUTE_UNITS;
import static org.jocl.CL.CL_DEVICE_MAX_MEM_ALLOC_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_DEVICE_VERSION;
import static org.jocl.CL.CL_DEVICE_NOT_FOUND;
import static org.jocl.CL.CL_PLATFORM_NAME;
import static org.jocl.CL.CL_SUCCESS;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * The OpenCL devices of this machine, in platform order, or why there are none: the ICD loader
 * (libOpenCL) not loadable, no platform installed, or platforms without devices.
 */
final class OpenClPlatforms {
  /** clGetPlatformIDs when the ICD loader finds no vendor driver (cl_khr_icd). */
  private static final int CL_PLATFORM_NOT_FOUND_KHR = -1001;

  private OpenClPlatforms() {}

  /** One usable device. */
  record Found(cl_platform_id platform, cl_device_id device, String description, boolean fp64, long globalMemoryBytes,
      long maxAllocationBytes, long maxWorkGroupSize, long localMemoryBytes, int openClMajorVersion) {}

  /** The devices found, or the reason none can be used (then {@code devices} is empty). */
  record Probe(List<Found> devices, String unavailableReason) {}

  static Probe probe() {
    try {
      return enumerate();
    } catch (LinkageError e) {
      return new Probe(List.of(), "the OpenCL library could not be loaded (JOCL looks for libOpenCL.so, the ICD loader: "
          + "install ocl-icd-libopencl1 and ocl-icd-opencl-dev, and a platform such as pocl-opencl-icd): " + e);
    }
  }

  private static Probe enumerate() {
    int[] count = new int[1];
    int code = CL.clGetPlatformIDs(0, null, count);
    if (code == CL_PLATFORM_NOT_FOUND_KHR || (code == CL_SUCCESS && count[0] == 0)) {
      return new Probe(List.of(), "no OpenCL platform is installed (the ICD loader found no driver in /etc/OpenCL/vendors; "
          + "install one, e.g. pocl-opencl-icd)");
    }
    if (code != CL_SUCCESS) {
      return new Probe(List.of(), "clGetPlatformIDs failed: " + CL.stringFor_errorCode(code));
    }
    cl_platform_id[] platforms = new cl_platform_id[count[0]];
    CL.clGetPlatformIDs(platforms.length, platforms, null);
    List<Found> found = new ArrayList<>();
    for (cl_platform_id p : platforms) {
      int[] n = new int[1];
      int dc = CL.clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, null, n);
      if (dc == CL_DEVICE_NOT_FOUND || n[0] == 0) {
        continue;
      }
      cl_device_id[] devices = new cl_device_id[n[0]];
      CL.clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, devices.length, devices, null);
      for (cl_device_id d : devices) {
        found.add(describe(p, d));
      }
    }
    if (found.isEmpty()) {
      return new Probe(List.of(), platforms.length + " OpenCL platform(s) but no device");
    }
    return new Probe(found, null);
  }

  private static Found describe(cl_platform_id p, cl_device_id d) {
    String version = deviceString(d, CL_DEVICE_VERSION);
    boolean fp64 = deviceLong(d, CL_DEVICE_DOUBLE_FP_CONFIG) != 0;
    long memory = deviceLong(d, CL_DEVICE_GLOBAL_MEM_SIZE);
    int units = (int) deviceLong(d, CL_DEVICE_MAX_COMPUTE_UNITS);
    String description = String.format(Locale.ROOT, "%s (%s; %s; %d compute units, %d MiB, %s)",
        deviceString(d, CL_DEVICE_NAME), platformString(p, CL_PLATFORM_NAME), version, units, memory >> 20,
        fp64 ? "FP64" : "no FP64");
    return new Found(p, d, description, fp64, memory, deviceLong(d, CL_DEVICE_MAX_MEM_ALLOC_SIZE),
        deviceLong(d, CL_DEVICE_MAX_WORK_GROUP_SIZE), deviceLong(d, CL_DEVICE_LOCAL_MEM_SIZE), majorVersion(version));
  }

  /** 1 for "OpenCL 1.2 ...", 3 for "OpenCL 3.0 ...". */
  private static int majorVersion(String version) {
    String[] words = version.split(" ");
    return words.length > 1 && !words[1].isEmpty() && Character.isDigit(words[1].charAt(0)) ? words[1].charAt(0) - '0' : 1;
  }

  private static String deviceString(cl_device_id d, int param) {
    long[] size = new long[1];
    CL.clGetDeviceInfo(d, param, 0, null, size);
    byte[] bytes = new byte[(int) size[0]];
    CL.clGetDeviceInfo(d, param, bytes.length, Pointer.to(bytes), null);
    return cString(bytes);
  }

  /** An unsigned integer property (cl_uint, cl_ulong, size_t or a bit field) of a device. */
  private static long deviceLong(cl_device_id d, int param) {
    long[] size = new long[1];
    CL.clGetDeviceInfo(d, param, 0, null, size);
    long[] value = new long[1];
    CL.clGetDeviceInfo(d, param, Math.min(size[0], Sizeof.cl_ulong), Pointer.to(value), null);
    return size[0] == 4 ? value[0] & 0xFFFFFFFFL : value[0];
  }

  private static String platformString(cl_platform_id p, int param) {
    long[] size = new long[1];
    CL.clGetPlatformInfo(p, param, 0, null, size);
    byte[] bytes = new byte[(int) size[0]];
    CL.clGetPlatformInfo(p, param, bytes.length, Pointer.to(bytes), null);
    return cString(bytes);
  }

  private static String cString(byte[] bytes) {
    int n = 0;
    while (n < bytes.length && bytes[n] != 0) {
      n++;
    }
    return new String(bytes, 0, n, StandardCharsets.UTF_8).trim();
  }
}
