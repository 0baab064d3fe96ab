package dev.fluxion.cuda;

import dev.fluxion.kernels.DeviceKernel;
import dev.fluxion.kernels.DeviceProgram;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;

/** A loaded module (one program) and how its code got there, for messages. */
record CudaModule(String name, CUmodule module, String origin) implements DeviceProgram {
  /** An entry point of a module. */
  record Function(String name, CUfunction function) implements DeviceKernel {}
}
