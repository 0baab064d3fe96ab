/* Reductions over any set of axes: each output reduces one block of the input. */

/*
 * Outputs are numbered row-major over the kept axes; the elements of one output's block are
 * numbered row-major over the reduced axes (its "inner" positions). Axes are merged where the
 * strides allow. Strides and offsets are in elements.
 */
typedef struct {
  IDX outputs;
  IDX inner;
  IDX keptRank;
  IDX keptShape[MAX_RANK];
  IDX keptOut[MAX_RANK];
  IDX keptIn[MAX_RANK];
  IDX outOffset;
  IDX inOffset;
  IDX innerRank;
  IDX innerShape[MAX_RANK];
  IDX innerIn[MAX_RANK];
  IDX groups; /* tree: work-groups per output in the first stage */
  IDX chunk;  /* tree: inner positions per first-stage work-group */
} ReduceLayout;

/* Where output o is stored. */
DEVICE IDX reduce_out(const ReduceLayout* L, IDX o) {
  IDX at = L->outOffset;
  for (int d = (int)L->keptRank - 1; d >= 0; d--) {
    at += (d == 0 ? o : o % L->keptShape[d]) * L->keptOut[d];
    o /= L->keptShape[d];
  }
  return at;
}

/* Where the block of output o starts in the input. */
DEVICE IDX reduce_in(const ReduceLayout* L, IDX o) {
  IDX at = L->inOffset;
  for (int d = (int)L->keptRank - 1; d >= 0; d--) {
    at += (d == 0 ? o : o % L->keptShape[d]) * L->keptIn[d];
    o /= L->keptShape[d];
  }
  return at;
}

/* Input offset of inner position j, relative to the block's start. */
DEVICE IDX reduce_inner(const ReduceLayout* L, IDX j) {
  IDX at = 0;
  for (int d = (int)L->innerRank - 1; d >= 0; d--) {
    at += (d == 0 ? j : j % L->innerShape[d]) * L->innerIn[d];
    j /= L->innerShape[d];
  }
  return at;
}
