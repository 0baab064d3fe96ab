/* $NAME: one work-item per line adds src at index along the scattered axis, in row-major order. */
KERNEL $NAME(GLOBAL $T* out, GLOBAL const i64* index, GLOBAL const $T* src, const ScatterLayout L) {
  const IDX line = GID(0);
  if (line < L.lines) {
    IDX o0 = L.offset[0];
    IDX o1 = L.offset[1];
    IDX o2 = L.offset[2];
    IDX rest = line;
    for (int d = (int)L.lineRank - 1; d >= 0; d--) {
      const IDX coord = d == 0 ? rest : rest % L.lineShape[d];
      rest /= L.lineShape[d];
      o0 += coord * L.lineStride[0][d];
      o1 += coord * L.lineStride[1][d];
      o2 += coord * L.lineStride[2][d];
    }
    for (IDX j = 0; j < L.inner; j++) {
      IDX i1 = o1;
      IDX i2 = o2;
      IDX r = j;
      for (int d = (int)L.innerRank - 1; d >= 0; d--) {
        const IDX coord = d == 0 ? r : r % L.innerShape[d];
        r /= L.innerShape[d];
        i1 += coord * L.innerStride[0][d];
        i2 += coord * L.innerStride[1][d];
      }
      out[o0 + fx_wrap(index[i1], L.extent) * L.axisStride] += src[i2];
    }
  }
}
