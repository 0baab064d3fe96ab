package dev.fluxion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every subcommand shares: one-line errors with a hint, the project version, help in whole sentences. */
class CommandLineTest {
  private static List<String> lines(String s) {
    return Arrays.stream(s.split("\n")).filter(l -> !l.isBlank()).toList();
  }

  @Test
  void aCommandLineThatDoesNotParseGetsOneLineAndAHint() {
    String[][] bad = {
      {"train", "--epoch", "2"},
      {"train", "--epochs", "two"},
      {"bench", "--runs"},
      {"selftest", "--what"},
      {"devices", "extra"},
      {"frobnicate"},
      {"sweep", "sin x", "--from", "0", "--to", "1", "--points", "many"},
    };
    for (String[] args : bad) {
      CliRun r = CliRun.of(args);
      String all = String.join(" ", args);
      assertEquals(2, r.exitCode(), all);
      List<String> err = lines(r.err());
      assertEquals(2, err.size(), all + " printed:\n" + r.err());
      assertTrue(err.get(0).startsWith("fluxion"), err.get(0));
      assertTrue(err.get(1).contains("--help"), err.get(1));
      assertFalse(r.err().contains("Usage:"), "no usage dump for " + all);
      assertEquals("", r.out(), all);
    }
    CliRun typo = CliRun.of("train", "--epoch", "2");
    assertTrue(typo.err().contains("Unknown option") && typo.err().contains("'--epoch'"), typo.err());
    assertTrue(typo.err().contains("--epochs") && typo.err().contains("fluxion train --help"), typo.err());
    CliRun number = CliRun.of("train", "--epochs", "two");
    assertTrue(number.err().contains("'two'") && number.err().contains("--epochs"), number.err());
  }

  @Test
  void versionIsTheProjectVersion() {
    CliRun r = CliRun.of("--version");
    assertEquals(0, r.exitCode());
    assertTrue(r.out().trim().matches("fluxion \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), r.out());
    assertEquals(r.out(), CliRun.of("train", "--version").out(), "the same from a subcommand");
  }

  /** picocli prints each description element as its own paragraph: each must be whole sentences. */
  @Test
  void helpTextsAreWholeSentences() {
    picocli.CommandLine top = new picocli.CommandLine(new Main());
    for (String cmd : new String[] {"train", "devices", "bench", "selftest"}) {
      for (String paragraph : top.getSubcommands().get(cmd).getCommandSpec().usageMessage().description()) {
        assertTrue(paragraph.endsWith(".") || paragraph.endsWith(".'"), cmd + " --help stops mid-sentence: " + paragraph);
      }
      assertEquals(0, CliRun.of(cmd, "--help").exitCode(), cmd);
    }
    String help = CliRun.of("--help").out();
    String commands = help.substring(help.indexOf("Commands:") + "Commands:".length());
    for (String entry : commands.strip().split("\n(?=  \\S)")) {
      String text = entry.replaceAll("\\s+", " ").strip();
      assertTrue(text.endsWith("."), "the command list cuts a description: " + text);
    }
  }
}
