package dev.fluxion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository's {@code ./fluxion} script in a copied tree with stand-ins for {@code mvn} and
 * {@code java} that record their calls: it rebuilds when a source's content changed, never
 * because files are newer than the jar (every file of a copied tree is), and never without Maven.
 */
class LauncherScriptTest {
  @TempDir
  Path tree;
  Path bin;
  Path log;

  @BeforeEach
  void copyTheScriptIntoATree() throws Exception {
    Files.copy(Path.of("..", "fluxion"), tree.resolve("fluxion"));
    write(tree.resolve("pom.xml"), "<project/>");
    write(tree.resolve("cli/pom.xml"), "<project/>");
    write(tree.resolve("cli/src/main/java/A.java"), "class A {}");
    write(tree.resolve("cli/target/fluxion.jar"), "jar");
    bin = Files.createDirectories(tree.resolve("bin"));
    log = tree.resolve("calls.log");
    script(bin.resolve("java"), "echo \"java $*\" >> " + log);
    for (String tool : List.of("bash", "env", "find", "sort", "xargs", "sha256sum", "cut", "cat", "dirname", "readlink", "mktemp")) {
      Files.createSymbolicLink(bin.resolve(tool), whereIs(tool));
    }
    write(tree.resolve("cli/target/fluxion.jar.sources"), hash()); // what the build writes
  }

  @Test
  void aCopiedTreeWhoseFilesAreAllNewerIsNotRebuilt() throws Exception {
    try (Stream<Path> files = Files.walk(tree.resolve("cli/src"))) {
      for (Path f : files.toList()) {
        Files.setLastModifiedTime(f, FileTime.from(Instant.now().plusSeconds(3600)));
      }
    }
    Result r = run(true);
    assertEquals(0, r.exitCode, r.output);
    assertEquals(List.of("java --version"), calls().stream().map(l -> l.replaceAll("^java .*-jar \\S+ ", "java ")).toList());
  }

  @Test
  void aChangedSourceIsRebuiltWhereMavenIs() throws Exception {
    write(tree.resolve("cli/src/main/java/A.java"), "class A { int changed; }");
    Result r = run(true);
    assertEquals(0, r.exitCode, r.output);
    assertTrue(calls().get(0).startsWith("mvn -q -B -DskipTests -pl cli,dist -am package"), calls().toString());
    assertTrue(calls().get(1).startsWith("java "), calls().toString());
  }

  @Test
  void withoutMavenAChangedTreeRunsTheJarItHasAndSaysSo() throws Exception {
    write(tree.resolve("cli/src/main/java/A.java"), "class A { int changed; }");
    Result r = run(false);
    assertEquals(0, r.exitCode, r.output);
    assertTrue(r.output.contains("Maven is not on the PATH: running the jar as it is"), r.output);
    assertEquals(1, calls().size(), calls().toString());
    assertTrue(calls().get(0).startsWith("java "), calls().toString());
  }

  @Test
  void withoutMavenOrAJarItStopsSayingWhatToUse() throws Exception {
    Files.delete(tree.resolve("cli/target/fluxion.jar"));
    Result r = run(false);
    assertEquals(2, r.exitCode, r.output);
    assertTrue(r.output.contains("use the distribution"), r.output);
    assertTrue(calls().isEmpty(), calls().toString());
  }

  private record Result(int exitCode, String output) {}

  /** {@code ./fluxion --version} with the stand-ins first on the PATH, with or without a {@code mvn}. */
  private Result run(boolean withMaven) throws Exception {
    Files.deleteIfExists(bin.resolve("mvn"));
    if (withMaven) {
      script(bin.resolve("mvn"), "echo \"mvn $*\" >> " + log + "\n" + "bash " + tree.resolve("fluxion") + " --sources-hash > "
          + tree.resolve("cli/target/fluxion.jar.sources"));
    }
    ProcessBuilder pb = new ProcessBuilder(whereIs("bash").toString(), tree.resolve("fluxion").toString(), "--version")
        .redirectErrorStream(true);
    pb.environment().put("PATH", bin.toString()); // the tools the script needs, and no other mvn
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    return new Result(p.exitValue(), out);
  }

  private static Path whereIs(String tool) {
    for (String dir : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
      if (Files.isExecutable(Path.of(dir, tool))) {
        return Path.of(dir, tool);
      }
    }
    throw new AssertionError(tool + " is not installed");
  }

  private String hash() throws Exception {
    Process p = new ProcessBuilder("bash", tree.resolve("fluxion").toString(), "--sources-hash").start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(0, p.waitFor());
    assertFalse(out.isEmpty());
    Files.deleteIfExists(log);
    return out;
  }

  private List<String> calls() throws IOException {
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  private static void write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  private static void script(Path file, String body) throws IOException {
    Files.writeString(file, "#!/usr/bin/env bash\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
