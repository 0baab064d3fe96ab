/* $NAME: one work-item per element. */
KERNEL $NAME(GLOBAL $OUT* out, const MapLayout L$PARAMS) {
  const IDX i = GID(0);
  if (i >= L.n) {
    return;
  }
  IDX at[MAP_OPERANDS];
  $LOCATE(&L, i, at);
$LOADS
  out[at[0]] = $STORE;
}
