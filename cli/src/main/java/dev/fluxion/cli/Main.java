package dev.fluxion.cli;

import dev.fluxion.cli.bench.BenchCommand;
import dev.fluxion.cli.gpucheck.GpucheckCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Properties;
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
    cl.setParameterExceptionHandler(Main::badArguments);
    for (CommandLine sub : cl.getSubcommands().values()) {
      sub.getCommandSpec().versionProvider(new Version()); // fluxion train --version, too
    }
    cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST, new CommandList());
    return cl.execute(args);
  }

  /**
   * A command line picocli cannot parse: one line saying what is wrong, then a hint (picocli's
   * default prints the whole usage, which buries the message).
   */
  private static int badArguments(CommandLine.ParameterException e, String[] args) {
    CommandLine cmd = e.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(cmd.getCommandSpec().qualifiedName() + ": " + e.getMessage());
    String suggestion = "";
    if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
      suggestion = "Did you mean " + String.join(" or ", u.getSuggestions()) + "? ";
    }
    err.println(suggestion + "See '" + cmd.getCommandSpec().qualifiedName() + " --help' for the usage.");
    return cmd.getCommandSpec().exitCodeOnInvalidInput();
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * The list of subcommands with the first sentence of each description (picocli's default shows
   * the first line, which can stop mid-sentence).
   */
  static final class CommandList implements CommandLine.IHelpSectionRenderer {
    @Override
    public String render(CommandLine.Help help) {
      CommandLine.Help.TextTable table = CommandLine.Help.TextTable.forColumns(help.colorScheme(),
          new CommandLine.Help.Column(12, 2, CommandLine.Help.Column.Overflow.SPAN),
          new CommandLine.Help.Column(help.commandSpec().usageMessage().width() - 12, 2,
              CommandLine.Help.Column.Overflow.WRAP));
      for (var entry : help.subcommands().entrySet()) {
        CommandLine.Model.UsageMessageSpec usage = entry.getValue().commandSpec().usageMessage();
        String[] lines = usage.header().length > 0 ? usage.header() : usage.description();
        table.addRowValues(entry.getKey(), firstSentence(String.join(" ", lines)));
      }
      return table.toString();
    }

    static String firstSentence(String text) {
      int end = text.indexOf(". ");
      return end < 0 ? text.strip() : text.substring(0, end + 1);
    }
  }

  /** The project's version (Maven writes it into version.properties), or "dev" without it. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"fluxion " + projectVersion()};
    }

    static String projectVersion() {
      try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          Properties p = new Properties();
          p.load(in);
          String v = p.getProperty("version");
          if (v != null && !v.isBlank() && !v.startsWith("${")) {
            return v;
          }
        }
      } catch (IOException e) {
        // fall through
      }
      String v = Main.class.getPackage().getImplementationVersion();
      return v == null ? "dev" : v;
    }
  }
}
