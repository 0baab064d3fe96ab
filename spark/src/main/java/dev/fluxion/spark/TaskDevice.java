package dev.fluxion.spark;

import dev.fluxion.Device;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * The device a Spark task sweeps on: the GPU Spark assigned to it ({@code
 * spark.task.resource.gpu.amount} set, address from {@code TaskContext.resources()}) as
 * {@code Device.cuda(address)}; otherwise the device named in the request, or the default.
 */
final class TaskDevice {
  private TaskDevice() {}

  static Device of(String requested) {
    TaskContext task = TaskContext.get();
    if (task != null) {
      ResourceInformation gpu = task.resourcesJMap().get("gpu");
      if (gpu != null && gpu.addresses().length > 0) {
        return Device.cuda(Integer.parseInt(gpu.addresses()[0].trim()));
      }
    }
    return requested == null ? Device.defaultDevice() : Device.of(requested);
  }
}
