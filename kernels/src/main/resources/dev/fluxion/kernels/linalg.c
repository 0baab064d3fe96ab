/*
 * linalg_lu_$S: LU with partial pivoting of each n x n matrix of a (row-major, contiguous, in
 * place), as LAPACK's getrf (the pivot is the element of largest magnitude, a zero pivot fails).
 * mode 0 (solve): applies the row exchanges and the elimination to the n x k right-hand sides x
 * (in place), then back-substitutes, leaving A^-1 B in x; a zero pivot writes the batch index
 * to *flag (atomic minimum). mode 1: out[b] = det; mode 2: out[2b], out[2b+1] = sign, log|det|
 * ((0, 0, -inf) for a singular matrix). Work-item 0 searches the pivot; the work-group shares
 * the row exchange, the multipliers and the trailing update.
 */
KERNEL linalg_lu_$S(GLOBAL $T* a, GLOBAL $T* x, GLOBAL $T* out, GLOBAL int* flag, const IDX n, const IDX k,
    const int mode) {
  LOCAL_MEM int piv;
  LOCAL_MEM int failed;
  const IDX b = GROUP_ID(0);
  const int t = LID(0);
  GLOBAL $T* A = a + b * n * n;
  GLOBAL $T* X = x + b * n * k;
  $T det = 1;
  $T sign = 1;
  $T logabs = 0;
  if (t == 0) {
    failed = 0;
  }
  for (IDX j = 0; j < n; j++) {
    if (t == 0) {
      IDX p = j;
      $T best = fabs(A[j * n + j]);
      for (IDX i = j + 1; i < n; i++) {
        const $T v = fabs(A[i * n + j]);
        if (v > best) {
          best = v;
          p = i;
        }
      }
      piv = (int)p;
      if (best == 0) {
        failed = 1;
      } else {
        const $T u = A[p * n + j];
        det *= p != j ? -u : u;
        sign *= (p != j) != (u < 0) ? ($T)-1 : ($T)1;
        logabs += log(fabs(u));
      }
    }
    LA_SYNC;
    if (failed) {
      break;
    }
    const IDX p = piv;
    if (p != j) {
      for (IDX c = j + t; c < n; c += LA_GROUP) {
        const $T s = A[j * n + c];
        A[j * n + c] = A[p * n + c];
        A[p * n + c] = s;
      }
      for (IDX c = t; c < k; c += LA_GROUP) {
        const $T s = X[j * k + c];
        X[j * k + c] = X[p * k + c];
        X[p * k + c] = s;
      }
    }
    LA_SYNC;
    const $T u = A[j * n + j];
    for (IDX i = j + 1 + t; i < n; i += LA_GROUP) {
      A[i * n + j] /= u;
    }
    LA_SYNC;
    const IDX rest = n - j - 1;
    const IDX cols = rest + k;
    for (IDX e = t; e < rest * cols; e += LA_GROUP) {
      const IDX i = j + 1 + e / cols;
      const IDX c = e % cols;
      const $T l = A[i * n + j];
      if (c < rest) {
        A[i * n + j + 1 + c] -= l * A[j * n + j + 1 + c];
      } else {
        X[i * k + c - rest] -= l * X[j * k + c - rest];
      }
    }
    LA_SYNC;
  }
  if (mode == 0) {
    if (failed) {
      if (t == 0) {
        LA_FAIL(flag, b);
      }
      return;
    }
    for (IDX j = n - 1; j >= 0; j--) {
      for (IDX c = t; c < k; c += LA_GROUP) {
        X[j * k + c] /= A[j * n + j];
      }
      LA_SYNC;
      for (IDX e = t; e < j * k; e += LA_GROUP) {
        const IDX i = e / k;
        const IDX c = e % k;
        X[i * k + c] -= A[i * n + j] * X[j * k + c];
      }
      LA_SYNC;
    }
  } else if (t == 0) {
    if (failed) {
      det = 0;
      sign = 0;
      logabs = -INFINITY;
    }
    if (mode == 1) {
      out[b] = det;
    } else {
      out[2 * b] = sign;
      out[2 * b + 1] = logabs;
    }
  }
}

/*
 * linalg_cholesky_$S: the lower Cholesky factor of S = (A + A^T)/2 for each n x n matrix of a
 * (row-major, contiguous from element offA), written to l with zeros above the diagonal; a pivot
 * that is not > 0 writes the batch index to *flag. Left-looking: work-item 0 computes the
 * diagonal element of column j, the work-group the elements below it.
 */
KERNEL linalg_cholesky_$S(GLOBAL const $T* a, const IDX offA, GLOBAL $T* l, GLOBAL int* flag, const IDX n) {
  LOCAL_MEM int failed;
  const IDX b = GROUP_ID(0);
  const int t = LID(0);
  GLOBAL const $T* A = a + offA + b * n * n;
  GLOBAL $T* L = l + b * n * n;
  if (t == 0) {
    failed = 0;
  }
  for (IDX e = t; e < n * n; e += LA_GROUP) {
    const IDX i = e / n;
    const IDX c = e % n;
    L[e] = c > i ? ($T)0 : ($T)0.5 * (A[i * n + c] + A[c * n + i]);
  }
  LA_SYNC;
  for (IDX j = 0; j < n; j++) {
    if (t == 0) {
      $T d = L[j * n + j];
      for (IDX q = 0; q < j; q++) {
        d -= L[j * n + q] * L[j * n + q];
      }
      if (d > 0) {
        L[j * n + j] = sqrt(d);
      } else {
        failed = 1;
      }
    }
    LA_SYNC;
    if (failed) {
      break;
    }
    for (IDX i = j + 1 + t; i < n; i += LA_GROUP) {
      $T s = L[i * n + j];
      for (IDX q = 0; q < j; q++) {
        s -= L[i * n + q] * L[j * n + q];
      }
      L[i * n + j] = s / L[j * n + j];
    }
    LA_SYNC;
  }
  if (failed && t == 0) {
    LA_FAIL(flag, b);
  }
}

/*
 * linalg_trsolve_$S: X = T^-1 X in place for the n x k right-hand sides x, T the lower (lower != 0)
 * or upper triangle of each n x n matrix of a (row-major, contiguous from element offA; the other
 * triangle is not read); a zero on the diagonal writes the batch index to *flag.
 */
KERNEL linalg_trsolve_$S(GLOBAL const $T* a, const IDX offA, GLOBAL $T* x, GLOBAL int* flag, const IDX n, const IDX k,
    const int lower) {
  LOCAL_MEM int failed;
  const IDX b = GROUP_ID(0);
  const int t = LID(0);
  GLOBAL const $T* A = a + offA + b * n * n;
  GLOBAL $T* X = x + b * n * k;
  if (t == 0) {
    failed = 0;
  }
  LA_SYNC;
  for (IDX i = t; i < n; i += LA_GROUP) {
    if (A[i * n + i] == 0) {
      failed = 1;
    }
  }
  LA_SYNC;
  if (failed) {
    if (t == 0) {
      LA_FAIL(flag, b);
    }
    return;
  }
  for (IDX s = 0; s < n; s++) {
    const IDX j = lower ? s : n - 1 - s;
    for (IDX c = t; c < k; c += LA_GROUP) {
      X[j * k + c] /= A[j * n + j];
    }
    LA_SYNC;
    const IDX first = lower ? j + 1 : 0;
    const IDX rows = lower ? n - 1 - j : j;
    for (IDX e = t; e < rows * k; e += LA_GROUP) {
      const IDX i = first + e / k;
      const IDX c = e % k;
      X[i * k + c] -= A[i * n + j] * X[j * k + c];
    }
    LA_SYNC;
  }
}
