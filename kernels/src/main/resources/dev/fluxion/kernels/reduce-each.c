/* $NAME_each: one work-item per output walks the output's whole block (many outputs). */
KERNEL $NAME_each(GLOBAL $OUT* out, GLOBAL const $IN* x, const ReduceLayout L) {
  const IDX o = GID(0);
  if (o >= L.outputs) {
    return;
  }
  IDX outAt;
  IDX inAt;
  reduce_kept(&L, o, &outAt, &inAt);
  $ACC acc = $INIT;
  IDX best = -1;
  for (IDX j = 0; j < L.inner; j++) {
    $NAME_combine(&acc, &best, ($ACC)x[inAt + reduce_inner(&L, j)], j);
  }
  out[outAt] = $RESULT;
}
