/**
 * The topic model: its file format, what it does with papers, and the training's linear algebra.
 */
import { describe, expect, test } from 'vitest';
import { TopicModel, topicNorm } from '../../lib/search/topic-model';
import { randomizedSvd, symmetricEigen, type SparseRow } from '../../scripts/lib/randomized-svd';
import { loadTopicModel } from '../../scripts/lib/load-topic-model';
import { loadCorpus } from '../corpus';

const cosine = (a: Int8Array, b: Int8Array) => a.reduce((s, x, i) => s + x * b[i], 0) / (topicNorm(a) * topicNorm(b));

describe('topic model file', () => {
  test('round-trips: terms, dims and weights to within the byte quantization', () => {
    const weights = Float32Array.from({ length: 3 * 4 }, (_, i) => Math.sin(i + 1));
    const model = TopicModel.parse(TopicModel.serialize(7, ['kv', 'cache', 'rückkopplung'], [1, 2, 3], weights, 4));
    expect(model.id).toBe(7);
    expect(model.dims).toBe(4);
    expect(model.terms).toEqual(['kv', 'cache', 'rückkopplung']);
    // One known word: the paper's topic is that word's row, scaled.
    const v = model.embed({ title: 'cache' })!;
    const row = Array.from(weights.subarray(4, 8));
    const max = Math.max(...row.map(Math.abs));
    Array.from(v).forEach((x, i) => expect(Math.abs(x - (row[i] / max) * 127)).toBeLessThanOrEqual(1.5));
    expect(model.embed({ title: 'nothing known here' })).toBeUndefined();
  });

  test('a damaged file is refused with a plain message', () => {
    const good = TopicModel.serialize(1, ['a', 'b'], [1, 1], new Float32Array(4), 2);
    expect(() => TopicModel.parse(new ArrayBuffer(3))).toThrow(/damaged \(too short\)/);
    expect(() => TopicModel.parse(good.slice(0, good.byteLength - 1))).toThrow(/damaged \(wrong length\)/);
    const wrongMagic = good.slice(0);
    new DataView(wrongMagic).setUint32(0, 0);
    expect(() => TopicModel.parse(wrongMagic)).toThrow(/not a Gloss topic model/);
  });
});

describe('the shipped model', () => {
  const model = loadTopicModel();
  const corpus = loadCorpus();

  test('papers of one arXiv category are closer in topic than papers of different ones', () => {
    // Relevance here is the benchmark's: the primary category, which the model never saw.
    const byCat = new Map<string, Int8Array[]>();
    for (const p of corpus.slice(0, 1500)) {
      const v = model.embed(p);
      if (v) byCat.set(p.primary_category, [...(byCat.get(p.primary_category) ?? []), v]);
    }
    const [a, b] = [...byCat.values()].sort((x, y) => y.length - x.length);
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    const within = mean(a.slice(0, 60).flatMap((x, i) => a.slice(i + 1, 60).map((y) => cosine(x, y))));
    const across = mean(a.slice(0, 60).flatMap((x) => b.slice(0, 60).map((y) => cosine(x, y))));
    expect(within).toBeGreaterThan(across + 0.05);
  });

  test('a title alone places a paper near its full abstract', () => {
    const sims = corpus.slice(0, 200).map((p) => cosine(model.embed({ title: p.title })!, model.embed(p)!));
    expect(sims.filter((s) => s > 0.3).length).toBeGreaterThan(150);
  });
});

describe('randomized SVD', () => {
  test('finds the singular values and subspace of a low-rank matrix', () => {
    // A = Σ σ_k u_k v_kᵀ with known σ: 300 × 80, rank 3, stored sparse (zeros dropped).
    const n = 300;
    const m = 80;
    const sigma = [9, 4, 1.5];
    const basis = (len: number, k: number) => Array.from({ length: len }, (_, i) => Math.cos(((k + 1) * Math.PI * (i + 0.5)) / len) * Math.sqrt(2 / len));
    const u = sigma.map((_, k) => basis(n, k));
    const v = sigma.map((_, k) => basis(m, k));
    const rows: SparseRow[] = Array.from({ length: n }, (_, r) => {
      const dense = Array.from({ length: m }, (_, c) => sigma.reduce((s, x, k) => s + x * u[k][r] * v[k][c], 0));
      const cols = dense.flatMap((x, c) => (x ? [c] : []));
      return [Int32Array.from(cols), Float64Array.from(cols, (c) => dense[c])];
    });
    const svd = randomizedSvd(rows, m, 3, { oversample: 5 });
    svd.values.forEach((s, k) => expect(s).toBeCloseTo(sigma[k], 6));
    // Each right singular vector is ±v_k.
    for (let k = 0; k < 3; k++) {
      const dot = v[k].reduce((s, x, c) => s + x * svd.vectors[c * 3 + k], 0);
      expect(Math.abs(dot)).toBeCloseTo(1, 5);
    }
  });

  test('Jacobi eigenvalues of a symmetric matrix', () => {
    const a = Float64Array.from([4, 1, 0, 1, 3, 1, 0, 1, 2]);
    const { values, vectors } = symmetricEigen(a, 3);
    for (let k = 0; k < 3; k++) {
      const x = [0, 1, 2].map((i) => vectors[i * 3 + k]);
      const ax = [0, 1, 2].map((i) => [0, 1, 2].reduce((s, j) => s + a[i * 3 + j] * x[j], 0));
      ax.forEach((y, i) => expect(y).toBeCloseTo(values[k] * x[i], 9));
    }
    expect(values.reduce((s, x) => s + x, 0)).toBeCloseTo(9, 9);
  });
});
