package dev.fluxion.spark;

import org.apache.spark.sql.SparkSession;

/**
 * One embedded Spark for all test classes (a session takes seconds to start): local[2, 2] is
 * local[2] — two task threads — whose tasks may fail once and be retried (plain local[2] allows
 * no retry), which the retry test needs.
 */
final class TestSpark {
  private static SparkSession session;

  private TestSpark() {}

  static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSession.builder().master("local[2,2]").appName("fluxion-spark tests")
          .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
      Runtime.getRuntime().addShutdownHook(new Thread(session::stop));
    }
    return session;
  }
}
