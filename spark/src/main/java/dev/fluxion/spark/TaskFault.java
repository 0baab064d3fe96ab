package dev.fluxion.spark;

import java.io.Serializable;

/**
 * A failure injected into a sweep's tasks, for the tests of Spark's retries: called with each
 * task's partition, attempt number and the rows it has produced so far.
 */
@FunctionalInterface
interface TaskFault extends Serializable {
  TaskFault NONE = (partition, attempt, rows) -> {};

  void check(int partition, int attempt, long rows);
}
