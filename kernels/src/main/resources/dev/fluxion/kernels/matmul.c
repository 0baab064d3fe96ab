/* The tile of C of one work-group and the work-group's shape, as the launch planner uses them. */
#define MM_TILE $TILE    /* edge of the C tile of one work-group */
#define MM_WX $COLUMNS   /* work-items along C's columns (one column each) ... */
#define MM_WY $ROWS      /* ... and along its rows, */
#define MM_RPT $RPT      /* each computing MM_RPT consecutive rows of its column (MM_WY * MM_RPT = MM_TILE) */
#define MM_DEPTH $DEPTH  /* depth of the A and B tiles in local memory (16 KiB for both tiles, two buffers each) */
#define MM_PAD $PAD      /* elements after each row of the A tile (16 bytes): its stores spread over the banks */

/*
 * $NAME: one MM_TILE x MM_TILE tile of C per work-group, MM_DEPTH-deep tiles of A and B in
 * local memory, in two buffers: step s fills buffer s % 2 while no work-item can still be
 * reading it (all passed step s - 1's barrier after computing step s - 2), so one barrier per
 * step suffices. (It also keeps the tiles' addresses inside the loop, which PoCL would
 * otherwise hoist and keep per work-item across the barrier.)
 */
KERNEL $NAME(GLOBAL $T* c, GLOBAL const $T* a, GLOBAL const $T* b, const MatmulLayout L) {
  LOCAL_MEM $T as[2][MM_DEPTH][MM_TILE + MM_PAD];
  LOCAL_MEM $T bs[2][MM_DEPTH][MM_TILE];
  const int tc = LID(0);
  const int tr = LID(1);
  const int t = tr * MM_WX + tc;
  const IDX batch = GROUP_ID(0) / L.rowTiles;
  const IDX row0 = (GROUP_ID(0) - batch * L.rowTiles) * MM_TILE;
  const IDX col0 = GROUP_ID(1) * MM_TILE;
  const IDX offC = matmul_offset(&L, 0, batch);
  const IDX offA = matmul_offset(&L, 1, batch);
  const IDX offB = matmul_offset(&L, 2, batch);
  $ACC acc[MM_RPT];
  for (int i = 0; i < MM_RPT; i++) {
    acc[i] = 0;
  }
  for (IDX k0 = 0; k0 < L.k; k0 += MM_DEPTH) {
    const int buf = (int)(k0 / MM_DEPTH) & 1;
    for (int e = t; e < MM_TILE * MM_DEPTH; e += MM_WX * MM_WY) {
      const int ar = e / MM_DEPTH;
      const int aq = e % MM_DEPTH;
      const IDX gr = row0 + ar;
      const IDX gaq = k0 + aq;
      as[buf][aq][ar] = gr < L.n && gaq < L.k ? a[offA + gr * L.aRow + gaq * L.aCol] : ($T)0;
      const int bq = e / MM_TILE;
      const int bc = e % MM_TILE;
      const IDX gbq = k0 + bq;
      const IDX gc = col0 + bc;
      bs[buf][bq][bc] = gbq < L.k && gc < L.m ? b[offB + gbq * L.bRow + gc * L.bCol] : ($T)0;
    }
    BARRIER;
#pragma unroll
    for (int q = 0; q < MM_DEPTH; q++) {
      const $ACC bv = bs[buf][q][tc];
#pragma unroll
      for (int i = 0; i < MM_RPT; i++) {
        acc[i] += ($ACC)as[buf][q][tr * MM_RPT + i] * bv;
      }
    }
  }
  const IDX col = col0 + tc;
  for (int i = 0; i < MM_RPT; i++) {
    const IDX r = row0 + tr * MM_RPT + i;
    if (r < L.n && col < L.m) {
      c[offC + r * L.cRow + col * L.cCol] = $STORE;
    }
  }
}
