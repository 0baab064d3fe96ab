/* $NAME_each: one work-item per output walks the output's whole block (many outputs). */
KERNEL $NAME_each(GLOBAL $OUT* out, GLOBAL const $IN* x, const ReduceLayout L) {
  const IDX o = GID(0);
  if (o < L.outputs) {
    const IDX base = reduce_in(&L, o);
    $ACC acc = $INIT;
    IDX best = -1;
    for (IDX j = 0; j < L.inner; j++) {
      const $ACC v = ($ACC)x[base + reduce_inner(&L, j)];
      $COMBINE
    }
    out[reduce_out(&L, o)] = $RESULT;
  }
}
