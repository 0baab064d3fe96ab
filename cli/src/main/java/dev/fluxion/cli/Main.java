package dev.fluxion.cli;

import dev.fluxion.cli.bench.BenchCommand;
import dev.fluxion.cli.gpucheck.GpucheckCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code fluxion} command. */
@Command(
    name = "fluxion",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Exact derivatives of tensor programs on the CPU and on devices.",
    subcommands = {SweepCommand.class, TrainCommand.class, DevicesCommand.class, BenchCommand.class,
        SelftestCommand.class, GpucheckCommand.class,
        CommandLine.HelpCommand.class})
public final class Main implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code (for tests). */
  static int run(String... args) {
    CommandLine cl = new CommandLine(new Main());
    SweepCommand.configure(cl.getSubcommands().get("sweep"));
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("fluxion: " + e.getMessage());
      return 2;
    });
    return cl.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Version from the jar manifest, or "dev" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"fluxion " + (v == null ? "dev" : v)};
    }
  }
}
