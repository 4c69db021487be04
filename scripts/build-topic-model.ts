/**
 * Writes public/topic-model.bin, the topic model behind "related" (lib/search/topic-model.ts):
 * latent semantic analysis of the arXiv ML corpus in tests/fixtures/corpus, without the papers
 * the benchmark asks about (bench/related-quality.ts heldOutQueries), so its quality figures
 * are measured on papers the model never saw.
 *   npx tsx scripts/build-topic-model.ts
 * Deterministic: the same corpus gives the same file. Retraining changes MODEL_ID, and the
 * worker recomputes stored topic vectors of another id when it next loads the index.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { heldOutQueries } from '../bench/related-quality';
import { TopicModel } from '../lib/search/topic-model';
import { tokenize } from '../lib/search/tokenize';
import { loadCorpus } from '../tests/corpus';
import { randomizedSvd, type SparseRow } from './lib/randomized-svd';

const MODEL_ID = 1;
/** 48 dimensions did as well as 64 on both draws (bench/README.md), in three quarters the bytes. */
const DIMS = 48;
/** Words in fewer training abstracts than this carry no reliable topic. */
const MIN_DF = 5;

const all = loadCorpus();
const held = heldOutQueries(all);
const train = all.filter((p) => !held.has(p.id));
const docs = train.map((p) => tokenize(`${p.title} ${p.abstract}`));
const df = new Map<string, number>();
for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
const terms = [...df].filter(([, n]) => n >= MIN_DF).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([t]) => t);
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

const started = performance.now();
// The first component is what every ML abstract shares (σ 17 against 7 for the next): with it,
// any two papers had a topic cosine near 1 and no threshold could tell related from not. It
// is dropped; ranking quality is the same either way (bench/README.md).
const svd = randomizedSvd(rows, terms.length, DIMS + 1);
const vectors = new Float32Array(terms.length * DIMS);
for (let t = 0; t < terms.length; t++) vectors.set(svd.vectors.subarray(t * (DIMS + 1) + 1, (t + 1) * (DIMS + 1)), t * DIMS);
const file = TopicModel.serialize(MODEL_ID, terms, idf, vectors, DIMS);
const out = join(import.meta.dirname, '../public', 'topic-model.bin');
writeFileSync(out, new Uint8Array(file));
console.log(
  `${train.length} abstracts (${held.size} held out), ${terms.length} terms × ${DIMS} dims, ` +
    `SVD ${Math.round(performance.now() - started)} ms, σ ${svd.values.slice(0, 3).map((v) => v.toFixed(2)).join(', ')}…; ` +
    `${(file.byteLength / 1024).toFixed(0)} KB → public/topic-model.bin`,
);
