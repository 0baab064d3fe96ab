/* Elementwise ("map") kernels: out[i] = f(inputs at i) over a strided iteration. */
#define MAP_OPERANDS 4

/*
 * The iteration: n elements of a rank-axis shape (axes already merged where every operand
 * allows it), and per operand (0 = output) its strides (0 = broadcast, negative = flip) and
 * offset, in elements. A dense kernel reads operand k at offset[k] + i; a strided one walks
 * the axes from the last, dividing i by each extent.
 */
typedef struct {
  IDX n;
  IDX rank;
  IDX shape[MAX_RANK];
  IDX stride[MAP_OPERANDS][MAX_RANK];
  IDX offset[MAP_OPERANDS];
} MapLayout;
