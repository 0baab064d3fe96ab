/* Gather and scatter-add along one axis, with INT64 indices in [-n, n) (checked by the engine). */

/*
 * Gather: one work-item per output element. Operands (0 = out, 1 = x, 2 = index) are walked over
 * the output's merged axes; x's stride along the gathered axis is 0 there and axisStride instead
 * multiplies the index.
 */
typedef struct {
  IDX n;
  IDX rank;
  IDX shape[MAX_RANK];
  IDX stride[3][MAX_RANK];
  IDX offset[3];
  IDX extent;     /* x's size along the gathered axis */
  IDX axisStride; /* x's stride along the gathered axis */
} GatherLayout;

/*
 * Scatter-add: one work-item per line of the output (the elements that differ only along the
 * scattered axis). A line's index positions form the inner block (the scattered axis and the
 * axes that add into one element), walked in row-major order, so every element receives its
 * additions in one fixed order: the result is deterministic and equals the CPU backend's.
 * Line strides: 0 = out, 1 = index, 2 = src; inner strides: 0 = index, 1 = src.
 */
typedef struct {
  IDX lines;
  IDX inner;
  IDX lineRank;
  IDX lineShape[MAX_RANK];
  IDX lineStride[3][MAX_RANK];
  IDX innerRank;
  IDX innerShape[MAX_RANK];
  IDX innerStride[2][MAX_RANK];
  IDX offset[3];
  IDX extent;     /* out's size along the scattered axis */
  IDX axisStride; /* out's stride along the scattered axis */
} ScatterLayout;

/* NumPy's negative indices; clamped so that an unchecked index can never leave the buffer. */
DEVICE IDX fx_wrap(i64 k, IDX extent) {
  IDX w = k < 0 ? k + extent : k;
  return w < 0 ? 0 : w >= extent ? extent - 1 : w;
}
