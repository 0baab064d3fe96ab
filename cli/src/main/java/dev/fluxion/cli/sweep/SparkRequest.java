package dev.fluxion.cli.sweep;

import java.io.Serializable;

/**
 * A sweep to run as a Spark job.
 *
 * @param master the Spark master ({@code local[2]}, {@code spark://host:7077}, {@code yarn}, ...),
 *     or null to take the one spark-submit set
 * @param out a Parquet or CSV path (a directory of part files, as Spark writes), or null
 * @param partitions Spark tasks, or 0 for one per core of the cluster
 * @param device the device name for tasks given no GPU, or null for the default
 */
public record SparkRequest(SweepSpec spec, String master, String out, boolean summary, int partitions,
    String device, boolean quiet) implements Serializable {}
