/* Helpers shared by every kernel family: the CPU backend's semantics where C's differ. */

/* Axes of a strided layout after merging (more make the launch planner refuse the op). */
#define MAX_RANK 8

/* Java's Math.max / Math.min: NaN if either operand is NaN, and +0 > -0. */
#define JAVA_MAX(a, b) ((isnan(a) || isnan(b)) ? (a) + (b) : ((a) > (b) || ((a) == (b) && !signbit(a))) ? (a) : (b))
#define JAVA_MIN(a, b) ((isnan(a) || isnan(b)) ? (a) + (b) : ((a) < (b) || ((a) == (b) && signbit(a))) ? (a) : (b))

/* Java's Math.pow: a NaN exponent, or |base| = 1 with an infinite exponent, gives NaN (C gives 1). */
#define JAVA_POW(a, b) ((isnan(b) || (fabs(a) == 1 && isinf(b))) ? (b) - (b) : pow(a, b))

/* Integer power by squaring, wrapping on overflow; a negative exponent gives 1/base truncated. */
DEVICE i64 fx_ipow(i64 base, i64 e) {
  if (e < 0) {
    return base == 1 ? 1 : base == -1 ? ((e & 1) == 0 ? 1 : -1) : 0;
  }
  i64 r = 1;
  while (e > 0) {
    if (e & 1) {
      r *= base;
    }
    base *= base;
    e >>= 1;
  }
  return r;
}

/* dev.fluxion.spi.CounterRandom: SplitMix64 finaliser of a counter; the same bits everywhere. */
DEVICE u64 fx_mix(u64 z) {
  z = (z ^ (z >> 30)) * (u64)0xBF58476D1CE4E5B9;
  z = (z ^ (z >> 27)) * (u64)0x94D049BB133111EB;
  return z ^ (z >> 31);
}

DEVICE u64 fx_bits(u64 seed, u64 i) {
  return fx_mix(fx_mix(seed) + (i + 1) * (u64)0x9E3779B97F4A7C15);
}

#if FX_FP64
typedef double real;
/* Uniform in [0, 1): the top 53 bits times 2^-53, exactly as CounterRandom.uniform. */
DEVICE real fx_uniform(u64 seed, u64 i) {
  return (real)(fx_bits(seed, i) >> 11) * 1.1102230246251565e-16;
}
DEVICE real fx_normal(u64 seed, u64 i) {
  real u1 = 1.0 - fx_uniform(seed, 2 * i);
  real u2 = fx_uniform(seed, 2 * i + 1);
  return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}
#else
typedef float real;
/* Without FP64: the top 24 bits times 2^-24 (the CPU's value to within one float ulp). */
DEVICE real fx_uniform(u64 seed, u64 i) {
  return (real)(fx_bits(seed, i) >> 40) * 5.9604645e-8f;
}
DEVICE real fx_normal(u64 seed, u64 i) {
  real u1 = 1.0f - fx_uniform(seed, 2 * i);
  real u2 = fx_uniform(seed, 2 * i + 1);
  return sqrt(-2.0f * log(u1)) * cos(6.2831853f * u2);
}
#endif
