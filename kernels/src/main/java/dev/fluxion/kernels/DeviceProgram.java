package dev.fluxion.kernels;

/** A compiled and loaded program (OpenCL program, CUDA module), as its driver hands it out. */
public interface DeviceProgram {}
