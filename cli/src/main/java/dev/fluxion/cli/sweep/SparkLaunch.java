package dev.fluxion.cli.sweep;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Where {@code fluxion sweep --spark} runs: in this JVM when the fluxion-spark jar is on the class
 * path (as under spark-submit), otherwise in a child JVM with Spark's jars and the
 * {@code --add-opens} flags Spark needs on Java 17 (embedded {@code local[N]} and
 * {@code spark://} masters), or through {@code $SPARK_HOME/bin/spark-submit} (yarn, k8s).
 *
 * <p>The fluxion-spark module is not part of fluxion.jar. It is found in
 * {@code $FLUXION_SPARK_HOME} (or {@code -Dfluxion.spark.home}) when set, else in {@code
 * spark/target} of the source tree that holds the running jar: a directory with {@code
 * fluxion-spark.jar} and {@code spark-libs/} (Spark's jars).
 */
public final class SparkLaunch {
  /** The JVM flags Spark needs on Java 17 (as Spark's own launcher sets them, JavaModuleOptions). */
  public static final List<String> ADD_OPENS = List.of(
      "-XX:+IgnoreUnrecognizedVMOptions",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
      "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
      "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
      "-Djdk.reflect.useDirectMethodHandle=false",
      "-Dio.netty.tryReflectionSetAccessible=true");

  private SparkLaunch() {}

  /** Runs {@code request}; {@code args} are the sweep's command-line arguments, passed on to a child process. */
  public static int run(SparkRequest request, List<String> args, PrintStream out, PrintStream err) {
    Optional<SparkSweeps> inProcess = ServiceLoader.load(SparkSweeps.class).findFirst();
    if (inProcess.isPresent()) {
      return inProcess.get().run(request, out, err);
    }
    Path home = home().orElseThrow(() -> new IllegalArgumentException(
        "--spark needs the fluxion-spark module, which is not built here: run `mvn -B -q -DskipTests -pl spark -am "
            + "package` in the source tree, or set FLUXION_SPARK_HOME to a directory with fluxion-spark.jar and spark-libs/"));
    return launch(home, request.master(), args);
  }

  /**
   * Runs {@code SweepJob} with {@code args} from the fluxion-spark module in {@code home}: a child
   * JVM for local and standalone masters, spark-submit for the others.
   */
  public static int launch(Path home, String master, List<String> args) {
    List<String> command = new ArrayList<>();
    if (master.startsWith("yarn") || master.startsWith("k8s://") || master.startsWith("mesos://")) {
      String sparkHome = System.getenv("SPARK_HOME");
      if (sparkHome == null || !Files.isExecutable(Path.of(sparkHome, "bin", "spark-submit"))) {
        throw new IllegalArgumentException("--spark " + master + " runs through spark-submit: set SPARK_HOME to a Spark "
            + "installation (its bin/spark-submit) configured for that cluster");
      }
      command.add(Path.of(sparkHome, "bin", "spark-submit").toString());
      command.addAll(List.of("--master", master, "--class", "dev.fluxion.spark.SweepJob",
          home.resolve("fluxion-spark.jar").toString()));
    } else {
      command.add(ProcessHandle.current().info().command().orElse("java"));
      command.addAll(ADD_OPENS);
      command.add("-Xmx" + (Runtime.getRuntime().maxMemory() >> 20) + "m");
      for (String key : System.getProperties().stringPropertyNames()) {
        if (key.startsWith("fluxion.")) {
          command.add("-D" + key + "=" + System.getProperty(key));
        }
      }
      String opts = System.getenv("FLUXION_SPARK_JAVA_OPTS");
      if (opts != null && !opts.isBlank()) {
        command.addAll(List.of(opts.trim().split("\\s+")));
      }
      command.addAll(List.of("--add-modules", "jdk.incubator.vector", "-cp",
          home.resolve("fluxion-spark.jar") + File.pathSeparator + home.resolve("spark-libs") + File.separator + "*",
          "dev.fluxion.spark.SweepJob"));
    }
    command.addAll(args);
    try {
      Process p = new ProcessBuilder(command).inheritIO().start();
      return p.waitFor();
    } catch (IOException e) {
      throw new IllegalArgumentException("--spark: cannot start " + command.get(0) + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
    }
  }

  /** The directory of the fluxion-spark module, if there is one. */
  public static Optional<Path> home() {
    String configured = System.getProperty("fluxion.spark.home", System.getenv("FLUXION_SPARK_HOME"));
    List<Path> candidates = new ArrayList<>();
    if (configured != null && !configured.isBlank()) {
      candidates.add(Path.of(configured));
    } else try {
      Path code = Path.of(SparkLaunch.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path dir = Files.isDirectory(code) ? code : code.getParent();
      // cli/target/fluxion.jar or cli/target/classes → spark/target; a distribution's lib/ → lib/spark
      for (Path p = dir; p != null && candidates.size() < 10; p = p.getParent()) {
        candidates.add(p.resolve("spark").resolve("target"));
        candidates.add(p.resolve("spark"));
      }
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      // no code source: only the configured directory
    }
    return candidates.stream()
        .filter(p -> Files.isRegularFile(p.resolve("fluxion-spark.jar")) && Files.isDirectory(p.resolve("spark-libs")))
        .findFirst();
  }
}
