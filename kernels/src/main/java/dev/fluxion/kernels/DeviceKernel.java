package dev.fluxion.kernels;

/** An entry point of a {@link DeviceProgram}, as its driver hands it out. */
public interface DeviceKernel {}
