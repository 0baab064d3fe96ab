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

/* Where output o is stored, and where its block starts in the input. */
DEVICE void reduce_kept(const ReduceLayout* L, IDX o, IDX* outAt, IDX* inAt) {
  *outAt = L->outOffset;
  *inAt = L->inOffset;
  for (int d = (int)L->keptRank - 1; d >= 0; d--) {
    IDX c = d == 0 ? o : o % L->keptShape[d];
    o /= L->keptShape[d];
    *outAt += c * L->keptOut[d];
    *inAt += c * L->keptIn[d];
  }
}

/* Input offset of inner position j, relative to the block's start. */
DEVICE IDX reduce_inner(const ReduceLayout* L, IDX j) {
  IDX at = 0;
  for (int d = (int)L->innerRank - 1; d >= 0; d--) {
    IDX c = d == 0 ? j : j % L->innerShape[d];
    j /= L->innerShape[d];
    at += c * L->innerIn[d];
  }
  return at;
}
