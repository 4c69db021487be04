/**
 * Related papers: speed and quality of Gloss's engine against exhaustive TF-IDF cosine.
 * Relevance label: shares the query's primary arXiv category. Queries are corpus papers that
 * are not in the library.
 */
import { RelatedIndex, type RelatedTuning } from '../lib/search/related';
import { loadCorpus, rng, withNotes, type CorpusPaper } from './lib/corpus';
import { median, ndcg, precisionAt, time } from './lib/metrics';
import { TfidfBaseline } from './lib/tfidf-baseline';
import type { TopicModel } from '../lib/search/topic-model';
import { loadTopicModel } from '../scripts/lib/load-topic-model';

export interface RelatedFigures {
  size: number;
  queries: number;
  glossMs: number;
  baselineMs: number;
  glossNdcg: number;
  baselineNdcg: number;
  glossP5: number;
  baselineP5: number;
  /** Paired per-query nDCG@10 difference (Gloss − baseline): mean and 95% confidence half-width. */
  ndcgDiff: number;
  ndcgDiffCi: number;
  buildMs: number;
}

export function splitCorpus(all: CorpusPaper[], size: number, queries: number, seed = 11) {
  const r = rng(seed);
  const shuffled = [...all].sort(() => r() - 0.5);
  return { library: withNotes(shuffled.slice(0, size)), queries: shuffled.slice(size, size + queries) };
}

/** The quality draws: two seeds, a small and a full library. Reported by `npx tsx bench/related-quality.ts`. */
export const QUALITY_SEEDS = [11, 23];
export const qualitySizes = (all: CorpusPaper[]) => [1000, all.length - 400];

/**
 * Every paper any quality draw asks about. The topic model is trained without them
 * (scripts/build-topic-model.ts), so no query was seen in training.
 */
export function heldOutQueries(all: CorpusPaper[], queries = 400): Set<string> {
  const ids = new Set<string>();
  for (const seed of QUALITY_SEEDS) for (const size of qualitySizes(all)) for (const q of splitCorpus(all, size, queries, seed).queries) ids.add(q.id);
  return ids;
}

export function buildIndex(library: CorpusPaper[], model: TopicModel | undefined = loadTopicModel(), tuning: RelatedTuning = {}) {
  const index = new RelatedIndex(tuning, model);
  // Vectors are computed as papers are saved one by one, as in the extension.
  for (const p of library) index.set(p.id, index.vectorFor(p), index.topicFor(p));
  return index;
}

export function measureRelated(all: CorpusPaper[], size: number, nQueries = 400, seed = 11): RelatedFigures {
  const { library, queries } = splitCorpus(all, size, nQueries, seed);
  const category = new Map(library.map((p) => [p.id, p.primary_category]));
  const perCategory = new Map<string, number>();
  for (const p of library) perCategory.set(p.primary_category, (perCategory.get(p.primary_category) ?? 0) + 1);
  const [index, buildMs] = time(() => buildIndex(library));
  const baseline = new TfidfBaseline(library);
  const g = { ms: [] as number[], ndcg: [] as number[], p5: [] as number[] };
  const b = { ms: [] as number[], ndcg: [] as number[], p5: [] as number[] };
  for (const q of queries) {
    const rel = (ids: string[]) => ids.map((id) => category.get(id) === q.primary_category);
    const total = perCategory.get(q.primary_category) ?? 0;
    const [ours, t1] = time(() => index.related(q, { k: 10, minScore: 0 }));
    const [theirs, t2] = time(() => baseline.related(q, 10));
    g.ms.push(t1);
    b.ms.push(t2);
    g.ndcg.push(ndcg(rel(ours.map((h) => h.id)), 10, total));
    b.ndcg.push(ndcg(rel(theirs.map((h) => h.id)), 10, total));
    g.p5.push(precisionAt(rel(ours.map((h) => h.id))));
    b.p5.push(precisionAt(rel(theirs.map((h) => h.id))));
  }
  const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
  const diffs = g.ndcg.map((x, i) => x - b.ndcg[i]);
  const d = mean(diffs);
  const sd = Math.sqrt(diffs.reduce((a, x) => a + (x - d) ** 2, 0) / Math.max(1, diffs.length - 1));
  return {
    size,
    queries: queries.length,
    glossMs: median(g.ms),
    baselineMs: median(b.ms),
    glossNdcg: mean(g.ndcg),
    baselineNdcg: mean(b.ndcg),
    glossP5: mean(g.p5),
    baselineP5: mean(b.p5),
    ndcgDiff: d,
    ndcgDiffCi: (1.96 * sd) / Math.sqrt(diffs.length),
    buildMs,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const all = loadCorpus();
  // A second, disjoint draw (seed 23) checks that a change is not fitted to the bench's queries.
  for (const seed of QUALITY_SEEDS) for (const size of qualitySizes(all)) console.log(seed, measureRelated(all, size, 400, seed));
}
