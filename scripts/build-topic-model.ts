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
import { loadCorpus } from '../tests/corpus';
import { DIMS, trainTopicModel } from './lib/train-topic-model';

const MODEL_ID = 1;

const all = loadCorpus();
const held = heldOutQueries(all);
const train = all.filter((p) => !held.has(p.id));
const started = performance.now();
const { file, terms, sigma } = trainTopicModel(train, MODEL_ID);
const out = join(import.meta.dirname, '../public', 'topic-model.bin');
writeFileSync(out, new Uint8Array(file));
console.log(
  `${train.length} abstracts (${held.size} held out), ${terms} terms × ${DIMS} dims, ` +
    `SVD ${Math.round(performance.now() - started)} ms, σ ${sigma
      .slice(0, 3)
      .map((v) => v.toFixed(2))
      .join(', ')}…; ` +
    `${(file.byteLength / 1024).toFixed(0)} KB → public/topic-model.bin`,
);
