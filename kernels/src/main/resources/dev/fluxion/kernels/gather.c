/* $NAME: out[i] = x[i's position with the gathered axis at index[i]]. */
KERNEL $NAME(GLOBAL $T* out, GLOBAL const $T* x, GLOBAL const i64* index, const GatherLayout L) {
  const IDX i = GID(0);
  if (i < L.n) {
    IDX o0 = L.offset[0];
    IDX o1 = L.offset[1];
    IDX o2 = L.offset[2];
    IDX rest = i;
    for (int d = (int)L.rank - 1; d >= 0; d--) {
      const IDX coord = d == 0 ? rest : rest % L.shape[d];
      rest /= L.shape[d];
      o0 += coord * L.stride[0][d];
      o1 += coord * L.stride[1][d];
      o2 += coord * L.stride[2][d];
    }
    out[o0] = x[o1 + fx_wrap(index[o2], L.extent) * L.axisStride];
  }
}
