/* Elementwise ("map") kernels: out[i] = f(inputs at i) over a strided iteration. */
#define MAP_OPERANDS 4

/*
 * The iteration: n elements of a rank-axis shape (axes already merged where every operand
 * allows it), and per operand (0 = output) its strides (0 = broadcast, negative = flip) and
 * offset, in elements.
 */
typedef struct {
  IDX n;
  IDX rank;
  IDX shape[MAX_RANK];
  IDX stride[MAP_OPERANDS][MAX_RANK];
  IDX offset[MAP_OPERANDS];
} MapLayout;

/* Every operand's element offset at row-major position i. */
DEVICE void map_strided(const MapLayout* L, IDX i, IDX* at) {
  for (int k = 0; k < MAP_OPERANDS; k++) {
    at[k] = L->offset[k];
  }
  for (int d = (int)L->rank - 1; d >= 0; d--) {
    IDX c = d == 0 ? i : i % L->shape[d];
    i /= L->shape[d];
    for (int k = 0; k < MAP_OPERANDS; k++) {
      at[k] += c * L->stride[k][d];
    }
  }
}

/* The same when every operand is dense (one axis, stride 1). */
DEVICE void map_dense(const MapLayout* L, IDX i, IDX* at) {
  for (int k = 0; k < MAP_OPERANDS; k++) {
    at[k] = L->offset[k] + i;
  }
}
