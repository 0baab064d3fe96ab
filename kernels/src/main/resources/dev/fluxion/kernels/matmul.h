/* Batched matrix products C = A·B, tiled through local memory. */

/*
 * C is n x m, A is n x k, B is k x m, in each of the batch's matrices; strides of the matrix
 * axes and of the (merged) batch axes, in elements. Work-group (g0, g1) computes the C tile at
 * row tile g0 % rowTiles of batch g0 / rowTiles, column tile g1. (One column per work-item
 * keeps neighbouring work-items on neighbouring columns: coalesced on GPUs, and the axis PoCL
 * vectorises on CPUs.)
 */
typedef struct {
  IDX n;
  IDX m;
  IDX k;
  IDX rowTiles;
  IDX aRow;
  IDX aCol;
  IDX bRow;
  IDX bCol;
  IDX cRow;
  IDX cCol;
  IDX batchRank;
  IDX batchShape[MAX_RANK];
  IDX batchStride[3][MAX_RANK]; /* C, A, B */
  IDX offset[3];
} MatmulLayout;

/* Offset of batch matrix b of operand k (0 = C, 1 = A, 2 = B). */
DEVICE IDX matmul_offset(const MatmulLayout* L, int k, IDX b) {
  IDX at = L->offset[k];
  for (int d = (int)L->batchRank - 1; d >= 0; d--) {
    at += (d == 0 ? b : b % L->batchShape[d]) * L->batchStride[k][d];
    b /= L->batchShape[d];
  }
  return at;
}
