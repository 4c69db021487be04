/**
 * Truncated SVD of a sparse matrix by randomized range finding (Halko, Martinsson & Tropp 2011):
 * project onto a few more random directions than wanted, sharpen with power iterations,
 * orthonormalize, and solve the small problem exactly. Enough for training the topic model
 * offline (a few seconds for ~8.5k abstracts × ~10k terms); nothing here runs in the extension.
 */

/** Row r of the matrix: its non-zero columns and their values. */
export type SparseRow = [columns: Int32Array, values: Float64Array];

export interface TruncatedSvd {
  /** Singular values, largest first. */
  values: number[];
  /** Right singular vectors, columns × rank, row by row: x · V places a row x among the
   * training rows (whose places are the rows of UΣ), so cosines there compare like with like. */
  vectors: Float32Array;
}

/** mulberry32, so a model is reproducible bit for bit. */
function gaussian(seed: number) {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 1) / 4294967297;
  };
  return () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
}

export function randomizedSvd(rows: SparseRow[], columns: number, rank: number, { oversample = 16, powerIterations = 3, seed = 1 } = {}): TruncatedSvd {
  const n = rows.length;
  const l = Math.min(rank + oversample, n, columns);
  // A (n × columns) · M (columns × l), and Aᵀ (columns × n) · Y (n × l), both dense row by row.
  const times = (m: Float64Array) => {
    const y = new Float64Array(n * l);
    rows.forEach(([cols, vals], r) => {
      for (let j = 0; j < cols.length; j++) for (let c = 0, o = cols[j] * l, w = vals[j]; c < l; c++) y[r * l + c] += w * m[o + c];
    });
    return y;
  };
  const transposedTimes = (y: Float64Array) => {
    const m = new Float64Array(columns * l);
    rows.forEach(([cols, vals], r) => {
      for (let j = 0; j < cols.length; j++) for (let c = 0, o = cols[j] * l, w = vals[j]; c < l; c++) m[o + c] += w * y[r * l + c];
    });
    return m;
  };
  const random = gaussian(seed);
  let q = orthonormalize(times(Float64Array.from({ length: columns * l }, random)), l);
  for (let i = 0; i < powerIterations; i++) q = orthonormalize(times(orthonormalize(transposedTimes(q), l)), l);
  // B = Qᵀ A is l × columns; its transpose is Aᵀ Q. Eigenvectors of B Bᵀ give B's left singular vectors.
  const bt = transposedTimes(q);
  const gram = new Float64Array(l * l);
  for (let v = 0; v < columns; v++)
    for (let a = 0; a < l; a++) {
      const x = bt[v * l + a];
      if (x) for (let b = 0; b < l; b++) gram[a * l + b] += x * bt[v * l + b];
    }
  const { values, vectors } = symmetricEigen(gram, l);
  const order = values
    .map((v, i) => [v, i] as const)
    .sort((a, b) => b[0] - a[0])
    .slice(0, rank);
  const k = order.length;
  const right = new Float32Array(columns * k);
  order.forEach(([lambda, col], c) => {
    const sigma = Math.sqrt(Math.max(lambda, 1e-24));
    // v = Bᵀ u / σ
    for (let v = 0; v < columns; v++) {
      let x = 0;
      for (let a = 0; a < l; a++) x += bt[v * l + a] * vectors[a * l + col];
      right[v * k + c] = x / sigma;
    }
  });
  return { values: order.map(([lambda]) => Math.sqrt(Math.max(lambda, 0))), vectors: right };
}

/**
 * Gram–Schmidt on the l columns of a row-major matrix, in place, each column projected out twice
 * ("twice is enough"): once leaves rounding noise that is not orthogonal, which inflated the
 * singular values of a rank-deficient matrix. A column with nothing left is zeroed.
 */
function orthonormalize(m: Float64Array, l: number): Float64Array {
  const n = m.length / l;
  const norm = (c: number) => {
    let sum = 0;
    for (let r = 0; r < n; r++) sum += m[r * l + c] ** 2;
    return Math.sqrt(sum);
  };
  for (let c = 0; c < l; c++) {
    const before = norm(c);
    for (let pass = 0; pass < 2; pass++)
      for (let d = 0; d < c; d++) {
        let dot = 0;
        for (let r = 0; r < n; r++) dot += m[r * l + c] * m[r * l + d];
        for (let r = 0; r < n; r++) m[r * l + c] -= dot * m[r * l + d];
      }
    const after = norm(c);
    const scale = after > 1e-10 * before ? 1 / after : 0;
    for (let r = 0; r < n; r++) m[r * l + c] *= scale;
  }
  return m;
}

/** Cyclic Jacobi rotations: eigenvalues and eigenvectors (columns) of a small symmetric matrix. */
export function symmetricEigen(input: Float64Array, n: number): { values: number[]; vectors: Float64Array } {
  const a = Float64Array.from(input);
  const e = new Float64Array(n * n);
  for (let i = 0; i < n; i++) e[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < n; i++) {
      diag += a[i * n + i] ** 2;
      for (let j = i + 1; j < n; j++) off += a[i * n + j] ** 2;
    }
    if (off <= 1e-24 * Math.max(diag, 1e-300)) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (apq === 0) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const kp = a[k * n + p];
          const kq = a[k * n + q];
          a[k * n + p] = c * kp - s * kq;
          a[k * n + q] = s * kp + c * kq;
        }
        for (let k = 0; k < n; k++) {
          const pk = a[p * n + k];
          const qk = a[q * n + k];
          a[p * n + k] = c * pk - s * qk;
          a[q * n + k] = s * pk + c * qk;
        }
        for (let k = 0; k < n; k++) {
          const kp = e[k * n + p];
          const kq = e[k * n + q];
          e[k * n + p] = c * kp - s * kq;
          e[k * n + q] = s * kp + c * kq;
        }
      }
  }
  return { values: Array.from({ length: n }, (_, i) => a[i * n + i]), vectors: e };
}
