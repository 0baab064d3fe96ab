/*
 * The program interpreter for $REAL: runs any fused program from an instruction buffer (see
 * FusedCode), so that fused programs need no run-time compiler. Every work-item walks the same
 * instructions (uniform control flow); registers live in a private array. Pointer slots: the
 * outputs first, then the inputs that are tensors; L.slot[i] names input i's slot, or is -1 for an
 * immediate whose value is L.s[i].
 */
#define FX_SLOTS 8
#define FX_INPUTS 16
#define FX_REGS 64

typedef struct {
  IDX n;          /* elements (map) or outputs (reductions) */
  IDX inner;      /* reductions: elements folded into each output */
  IDX rank;       /* axes of the iteration (map) or of the outputs (reductions) */
  IDX innerRank;
  IDX groups;     /* tree: work-groups per output in the first stage */
  IDX chunk;      /* tree: positions per first-stage work-group */
  IDX shape[FX_RANK];
  IDX innerShape[FX_RANK];
  IDX stride[FX_SLOTS][FX_RANK];
  IDX innerStride[FX_SLOTS][FX_RANK];
  IDX offset[FX_SLOTS];
  $REAL s[FX_INPUTS];
  int slot[FX_INPUTS];
} FusedInterpLayout;

#define FX_SLOT(k) ((k) == 0 ? p0 : (k) == 1 ? p1 : (k) == 2 ? p2 : (k) == 3 ? p3 : (k) == 4 ? p4 : (k) == 5 ? p5 : (k) == 6 ? p6 : p7)
#define FX_POINTERS GLOBAL $REAL* p0, GLOBAL $REAL* p1, GLOBAL $REAL* p2, GLOBAL $REAL* p3, GLOBAL $REAL* p4, GLOBAL $REAL* p5, GLOBAL $REAL* p6, GLOBAL $REAL* p7
#define FX_PARAMS FX_POINTERS, GLOBAL const int* code, GLOBAL const $REAL* consts, GLOBAL $ACC* part, const FusedInterpLayout L

/* Adds to off[k] the offsets of position `index` of a walk over `rank` axes. */
DEVICE void fx_walk_$SUFFIX(IDX* off, IDX index, IDX rank, const IDX* shape, const IDX (*stride)[FX_RANK]) {
  for (int d = (int)rank - 1; d >= 0; d--) {
    const IDX coord = d == 0 ? index : index % shape[d];
    index /= shape[d];
    for (int k = 0; k < FX_SLOTS; k++) {
      off[k] += coord * stride[k][d];
    }
  }
}

/* Loads the inputs at the slots' offsets and runs every instruction; the values stay in reg. */
DEVICE void fx_run_$SUFFIX(FX_POINTERS, GLOBAL const int* code, GLOBAL const $REAL* consts, const FusedInterpLayout* L,
                           const IDX* off, $REAL* reg) {
  const int inputs = code[0];
  const int count = code[1];
  for (int i = 0; i < inputs; i++) {
    const int r = code[4 + i];
    if (r >= 0) {
      const int k = L->slot[i];
      reg[r] = k < 0 ? L->s[i] : FX_SLOT(k)[off[k]];
    }
  }
  GLOBAL const int* c = code + 4 + inputs;
  for (int q = 0; q < count; q++, c += 5) {
    const int op = c[0];
    const $REAL x = reg[op == 66 ? 0 : c[2]];
    const $REAL y = reg[c[3]];
    const $REAL z = reg[c[4]];
    $REAL v;
    switch (op) {
$CASES
      case 64: v = x != 0 ? y : z; break;
      case 65: v = x != 0 ? ($REAL)1 : ($REAL)0; break;
      default: v = consts[c[2]]; break;
    }
    reg[c[1]] = v;
  }
}

DEVICE $ACC fx_init_$SUFFIX(int op) {
  return op == 0 ? ($ACC)0 : op == 1 ? ($ACC)(-INFINITY) : ($ACC)INFINITY;
}

DEVICE $ACC fx_fold_$SUFFIX(int op, $ACC acc, $ACC v) {
  if (op == 0) {
    $SUM
  } else if (op == 1) {
    $MAX
  } else {
    $MIN
  }
  return acc;
}

/* The outputs' (register, reduction) pairs. */
#define FX_OUTPUTS(code) ((code) + 4 + (code)[0] + 5 * (code)[1])

KERNEL fused_interp_$SUFFIX_map(FX_PARAMS) {
  const IDX i = GID(0);
  if (i < L.n) {
    IDX off[FX_SLOTS];
    for (int k = 0; k < FX_SLOTS; k++) {
      off[k] = L.offset[k];
    }
    fx_walk_$SUFFIX(off, i, L.rank, L.shape, L.stride);
    $REAL reg[FX_REGS];
    fx_run_$SUFFIX(p0, p1, p2, p3, p4, p5, p6, p7, code, consts, &L, off, reg);
    GLOBAL const int* outs = FX_OUTPUTS(code);
    for (int j = 0; j < code[2]; j++) {
      FX_SLOT(j)[off[j]] = reg[outs[2 * j]];
    }
  }
}

/* One work-item per output folds the output's whole block. */
KERNEL fused_interp_$SUFFIX_each(FX_PARAMS) {
  const IDX o = GID(0);
  if (o < L.n) {
    IDX base[FX_SLOTS];
    for (int k = 0; k < FX_SLOTS; k++) {
      base[k] = L.offset[k];
    }
    fx_walk_$SUFFIX(base, o, L.rank, L.shape, L.stride);
    GLOBAL const int* outs = FX_OUTPUTS(code);
    $ACC acc[FX_SLOTS];
    for (int j = 0; j < code[2]; j++) {
      acc[j] = fx_init_$SUFFIX(outs[2 * j + 1]);
    }
    $REAL reg[FX_REGS];
    for (IDX p = 0; p < L.inner; p++) {
      IDX off[FX_SLOTS];
      for (int k = 0; k < FX_SLOTS; k++) {
        off[k] = base[k];
      }
      fx_walk_$SUFFIX(off, p, L.innerRank, L.innerShape, L.innerStride);
      fx_run_$SUFFIX(p0, p1, p2, p3, p4, p5, p6, p7, code, consts, &L, off, reg);
      for (int j = 0; j < code[2]; j++) {
        acc[j] = fx_fold_$SUFFIX(outs[2 * j + 1], acc[j], ($ACC)reg[outs[2 * j]]);
      }
    }
    for (int j = 0; j < code[2]; j++) {
      FX_SLOT(j)[base[j]] = ($REAL)acc[j];
    }
  }
}

/* Tree stage 1: work-group (g, o) folds chunk g of output o's block into part[(j·n + o)·groups + g]. */
KERNEL fused_interp_$SUFFIX_partial(FX_PARAMS) {
  LOCAL_MEM $ACC tree[$GROUP];
  const int t = LID(0);
  const IDX g = GROUP_ID(0);
  const IDX o = GROUP_ID(1);
  IDX base[FX_SLOTS];
  for (int k = 0; k < FX_SLOTS; k++) {
    base[k] = L.offset[k];
  }
  fx_walk_$SUFFIX(base, o, L.rank, L.shape, L.stride);
  GLOBAL const int* outs = FX_OUTPUTS(code);
  $ACC acc[FX_SLOTS];
  for (int j = 0; j < code[2]; j++) {
    acc[j] = fx_init_$SUFFIX(outs[2 * j + 1]);
  }
  $REAL reg[FX_REGS];
  const IDX from = g * L.chunk;
  const IDX to = from + L.chunk < L.inner ? from + L.chunk : L.inner;
  for (IDX p = from + t; p < to; p += $GROUP) {
    IDX off[FX_SLOTS];
    for (int k = 0; k < FX_SLOTS; k++) {
      off[k] = base[k];
    }
    fx_walk_$SUFFIX(off, p, L.innerRank, L.innerShape, L.innerStride);
    fx_run_$SUFFIX(p0, p1, p2, p3, p4, p5, p6, p7, code, consts, &L, off, reg);
    for (int j = 0; j < code[2]; j++) {
      acc[j] = fx_fold_$SUFFIX(outs[2 * j + 1], acc[j], ($ACC)reg[outs[2 * j]]);
    }
  }
  for (int j = 0; j < code[2]; j++) {
    const int op = outs[2 * j + 1];
    tree[t] = acc[j];
    BARRIER;
    for (int h = $GROUP / 2; h > 0; h >>= 1) {
      if (t < h) {
        tree[t] = fx_fold_$SUFFIX(op, tree[t], tree[t + h]);
      }
      BARRIER;
    }
    if (t == 0) {
      part[((IDX)j * L.n + o) * L.groups + g] = tree[0];
    }
    BARRIER;
  }
}

/* Tree stage 2: work-group o folds each output's partial results into the output. */
KERNEL fused_interp_$SUFFIX_final(FX_PARAMS) {
  LOCAL_MEM $ACC tree[$GROUP];
  const int t = LID(0);
  const IDX o = GROUP_ID(1);
  IDX base[FX_SLOTS];
  for (int k = 0; k < FX_SLOTS; k++) {
    base[k] = L.offset[k];
  }
  fx_walk_$SUFFIX(base, o, L.rank, L.shape, L.stride);
  GLOBAL const int* outs = FX_OUTPUTS(code);
  for (int j = 0; j < code[2]; j++) {
    const int op = outs[2 * j + 1];
    $ACC a = fx_init_$SUFFIX(op);
    for (IDX q = t; q < L.groups; q += $GROUP) {
      a = fx_fold_$SUFFIX(op, a, part[((IDX)j * L.n + o) * L.groups + q]);
    }
    tree[t] = a;
    BARRIER;
    for (int h = $GROUP / 2; h > 0; h >>= 1) {
      if (t < h) {
        tree[t] = fx_fold_$SUFFIX(op, tree[t], tree[t + h]);
      }
      BARRIER;
    }
    if (t == 0) {
      FX_SLOT(j)[base[j]] = ($REAL)tree[0];
    }
    BARRIER;
  }
}
