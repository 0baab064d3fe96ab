package dev.fluxion.kernels;

/** One specialised kernel: the program that holds it and its entry-point name. */
public record KernelRef(ProgramKey program, String name) {}
