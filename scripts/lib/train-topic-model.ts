/**
 * Latent semantic analysis of abstracts into a topic model (lib/search/topic-model.ts format):
 * what scripts/build-topic-model.ts ships, and what bench/date-split.ts fits on older papers only.
 * Deterministic: the same papers give the same bytes.
 */
import { TopicModel } from '../../lib/search/topic-model';
import { tokenize } from '../../lib/search/tokenize';
import { randomizedSvd, type SparseRow } from './randomized-svd';

/** 48 dimensions did as well as 64 on both draws (bench/README.md), in three quarters the bytes. */
export const DIMS = 48;
/** Words in fewer training abstracts than this carry no reliable topic. */
export const MIN_DF = 5;

export function trainTopicModel(papers: Array<{ title: string; abstract: string }>, id: number, dims = DIMS) {
  const docs = papers.map((p) => tokenize(`${p.title} ${p.abstract}`));
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const terms = [...df]
    .filter(([, n]) => n >= MIN_DF)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([t]) => t);
  const column = new Map(terms.map((t, i) => [t, i]));
  const idf = terms.map((t) => Math.log((docs.length + 1) / (df.get(t)! + 1)) + 1);

  // Rows as the model folds papers in (TopicModel.embed): sublinear tf × idf, unit length.
  const rows: SparseRow[] = docs.map((d) => {
    const counts = new Map<number, number>();
    for (const t of d) {
      const c = column.get(t);
      if (c !== undefined) counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    const cols = Int32Array.from(counts.keys());
    const vals = Float64Array.from(cols, (c) => (1 + Math.log(counts.get(c)!)) * idf[c]);
    const norm = Math.hypot(...vals) || 1;
    return [cols, vals.map((v) => v / norm)];
  });

  // The first component is what every ML abstract shares (σ 17 against 7 for the next): with it,
  // any two papers had a topic cosine near 1 and no threshold could tell related from not. It
  // is dropped; ranking quality is the same either way (bench/README.md).
  const svd = randomizedSvd(rows, terms.length, dims + 1);
  const vectors = new Float32Array(terms.length * dims);
  for (let t = 0; t < terms.length; t++) vectors.set(svd.vectors.subarray(t * (dims + 1) + 1, (t + 1) * (dims + 1)), t * dims);
  return { file: TopicModel.serialize(id, terms, idf, vectors, dims), terms: terms.length, sigma: svd.values };
}
