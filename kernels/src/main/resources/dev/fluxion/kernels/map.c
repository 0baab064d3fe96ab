/* $NAME: one work-item per element. */
KERNEL $NAME(GLOBAL $OUT* out, const MapLayout L$PARAMS) {
  const IDX i = GID(0);
  if (i < L.n) {
$OFFSETS
$LOADS
    out[o0] = $STORE;
  }
}
