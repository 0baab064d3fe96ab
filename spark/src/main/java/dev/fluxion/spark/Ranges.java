package dev.fluxion.spark;

/** The split of points 0 … n−1 into {@code parts} consecutive ranges whose sizes differ by at most one. */
final class Ranges {
  private Ranges() {}

  /** The first point of range {@code part}. */
  static long start(long n, int parts, int part) {
    long q = n / parts;
    long r = n % parts;
    return part * q + Math.min(part, r);
  }

  /** One past the last point of range {@code part}. */
  static long end(long n, int parts, int part) {
    return start(n, parts, part + 1);
  }
}
