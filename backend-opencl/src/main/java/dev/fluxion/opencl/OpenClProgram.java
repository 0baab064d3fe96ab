package dev.fluxion.opencl;

import dev.fluxion.kernels.DeviceProgram;
import org.jocl.cl_program;

/** A built OpenCL program. */
record OpenClProgram(String name, cl_program program) implements DeviceProgram {}
