/*
 * $NAME_$STAGE: a work-group of $GROUP work-items per (chunk g, output o) folds its positions
 * with a stride of $GROUP, then a tree in local memory folds the work-items' results.
 * Stage "partial" reads the input and writes one (value, index) pair per chunk; stage "final"
 * folds an output's pairs (one chunk of L.groups positions) into the output.
 */
KERNEL $NAME_$STAGE(GLOBAL $DST* dst, GLOBAL i64* dstBest, GLOBAL const $SRC* src,
                    GLOBAL const i64* srcBest, const ReduceLayout L) {
  LOCAL_MEM $ACC accs[$GROUP];
  LOCAL_MEM IDX bests[$GROUP];
  const int t = LID(0);
  const IDX g = GROUP_ID(0);
  const IDX o = GROUP_ID(1);
  const IDX base = reduce_in(&L, o);
  $ACC acc = $INIT;
  IDX best = -1;
  const IDX from = g * $CHUNK;
  const IDX to = from + $CHUNK < $COUNT ? from + $CHUNK : $COUNT;
  for (IDX p = from + t; p < to; p += $GROUP) {
    const $ACC v = ($ACC)$LOAD;
    const IDX j = $LOAD_BEST;
    $COMBINE
  }
  accs[t] = acc;
  bests[t] = best;
  BARRIER;
  for (int s = $GROUP / 2; s > 0; s >>= 1) {
    if (t < s) {
      const $ACC v = accs[t + s];
      const IDX j = bests[t + s];
      $COMBINE
      accs[t] = acc;
      bests[t] = best;
    }
    BARRIER;
  }
  if (t == 0) {
    $WRITE
  }
}
