package dev.fluxion.benchmarks;

import dev.fluxion.Device;
import java.util.List;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * JMH's command line, with the {@code device} parameter filled with every available device
 * unless {@code -p device=…} is given. Says which device families are not benchmarked and why,
 * and warns when the forks would run without signal chaining (libjsig), which PoCL needs.
 * Listing and help options go to JMH's own main.
 */
public final class BenchmarksMain {
  private BenchmarksMain() {}

  public static void main(String[] args) throws CommandLineOptionException, RunnerException, java.io.IOException {
    CommandLineOptions cmd = new CommandLineOptions(args);
    if (cmd.shouldHelp() || cmd.shouldList() || cmd.shouldListWithParams() || cmd.shouldListProfilers()
        || cmd.shouldListResultFormats()) {
      org.openjdk.jmh.Main.main(args);
      return;
    }
    for (Device.Status s : Device.probe()) {
      if (!s.available()) {
        System.out.println("not benchmarked: " + s.name() + " is unavailable: " + s.description());
      }
    }
    Options options = withDevices(cmd);
    System.out.println("devices: " + String.join(", ", options.getParameter("device").get()));
    String preload = System.getenv("LD_PRELOAD");
    if (preload == null || !preload.contains("libjsig")) {
      System.out.println("warning: LD_PRELOAD lacks the JDK's lib/libjsig.so: a JVM that has let PoCL compile a kernel"
          + " may die with a segmentation fault (see README, Benchmarks)");
    }
    new Runner(options).run();
  }

  /** {@code cmd}, with {@code device} set to every available device when it names none. */
  static Options withDevices(CommandLineOptions cmd) {
    if (cmd.getParameter("device").hasValue()) {
      return cmd;
    }
    List<String> names = Device.available().stream().map(Device::name).toList();
    return new OptionsBuilder().parent(cmd).param("device", names.toArray(String[]::new)).build();
  }
}
