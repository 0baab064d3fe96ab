package dev.fluxion.cli.gpucheck;

import java.util.List;

/**
 * One step of {@code fluxion gpucheck}, run as a child process.
 *
 * @param name short name, also the stem of its files in the results folder (e.g. {@code bench-sweep})
 * @param title what it checks, for the summary
 * @param budgetSeconds the most time it may take (less when the check's own budget runs out first)
 * @param conformance whether it runs the JUnit console launcher on the conformance suite ({@code args}
 *     are then the launcher's selection options); otherwise {@code args} are a fluxion subcommand
 * @param args the subcommand and its options, or the launcher's options
 */
record Step(String name, String title, double budgetSeconds, boolean conformance, List<String> args) {
  static Step fluxion(String name, String title, double budgetSeconds, String... args) {
    return new Step(name, title, budgetSeconds, false, List.of(args));
  }
}
