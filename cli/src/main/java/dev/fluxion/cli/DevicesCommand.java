package dev.fluxion.cli;

import dev.fluxion.Device;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code fluxion devices}: every device family, usable or not, and why not. */
@Command(name = "devices", mixinStandardHelpOptions = true, description = "Lists the devices, with their descriptions and why any is unavailable.")
final class DevicesCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    for (Device.Status s : Device.probe()) {
      System.out.printf("%-10s %-12s %s%n", s.name(), s.available() ? "available" : "unavailable", s.description());
    }
    System.out.println("default: " + Device.defaultDevice().name());
    return 0;
  }
}
