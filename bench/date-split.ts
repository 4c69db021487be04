/**
 * Related quality that generalizes forward in time: the corpus split by publication date, the
 * topic model fitted on the older half only (scripts/lib/train-topic-model.ts, as the shipped
 * model is built), library and queries drawn from the newer half only. Reported beside
 * exhaustive TF-IDF cosine over the same library and queries, with terms alone (no topic model)
 * and with the shipped model (fitted on the whole corpus minus the quality draws' queries) for
 * comparison. Relevance: shares the query's primary arXiv category, as in related-quality.ts.
 *   npx tsx bench/date-split.ts
 * Caveat: the idf prior (lib/search/idf-prior.json) is document frequencies over the whole
 * corpus, newer half included; it is a word-count table, not a fitted model, and is the same for
 * every method compared here but TF-IDF.
 */
import { RelatedIndex } from '../lib/search/related';
import { TopicModel } from '../lib/search/topic-model';
import { loadTopicModel } from '../scripts/lib/load-topic-model';
import { trainTopicModel } from '../scripts/lib/train-topic-model';
import { loadCorpus, rng, withNotes, type CorpusPaper } from './lib/corpus';
import { ndcg, precisionAt } from './lib/metrics';
import { TfidfBaseline } from './lib/tfidf-baseline';

export interface DateSplitFigures {
  /** Newest publication date in the training half, and the sizes. */
  cutoff: string;
  trained: number;
  library: number;
  queries: number;
  methods: Array<{ name: string; ndcg: number; p5: number; diff: number; ci: number }>;
  tfidf: { ndcg: number; p5: number };
}

export function dateSplit(all: CorpusPaper[], nQueries = 400, seed = 11) {
  const sorted = [...all].sort((a, b) => (a.published_at ?? '').localeCompare(b.published_at ?? '') || a.id.localeCompare(b.id));
  const half = Math.floor(sorted.length / 2);
  const older = sorted.slice(0, half);
  const newer = sorted.slice(half);
  const r = rng(seed);
  const shuffled = [...newer].sort(() => r() - 0.5);
  return { older, cutoff: older[older.length - 1].published_at ?? '', queries: shuffled.slice(0, nQueries), library: withNotes(shuffled.slice(nQueries)) };
}

const mean = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;

export function measureDateSplit(all: CorpusPaper[], nQueries = 400, seed = 11): DateSplitFigures {
  const { older, cutoff, queries, library } = dateSplit(all, nQueries, seed);
  const fitted = TopicModel.parse(trainTopicModel(older, 1000 + seed).file);
  const category = new Map(library.map((p) => [p.id, p.primary_category]));
  const perCategory = new Map<string, number>();
  for (const p of library) perCategory.set(p.primary_category, (perCategory.get(p.primary_category) ?? 0) + 1);
  const score = (rank: (q: CorpusPaper) => string[]) => {
    const n: number[] = [];
    const p: number[] = [];
    for (const q of queries) {
      const rel = rank(q).map((id) => category.get(id) === q.primary_category);
      n.push(ndcg(rel, 10, perCategory.get(q.primary_category) ?? 0));
      p.push(precisionAt(rel));
    }
    return { n, p };
  };
  const base = new TfidfBaseline(library);
  const tfidf = score((q) => base.related(q, 10).map((h) => h.id));
  const ours = (model: TopicModel | undefined) => {
    const index = new RelatedIndex({}, model);
    for (const p of library) index.set(p.id, index.vectorFor(p), index.topicFor(p));
    return score((q) => index.related(q, { k: 10, minScore: 0 }).map((h) => h.id));
  };
  const methods = (
    [
      ['terms + topics fitted on the older half', fitted],
      ['terms alone', undefined],
      ['terms + shipped topics (fitted on all but the draws\u2019 queries)', loadTopicModel()],
    ] as const
  ).map(([name, model]) => {
    const s = ours(model);
    const diffs = s.n.map((x, i) => x - tfidf.n[i]);
    const d = mean(diffs);
    const sd = Math.sqrt(diffs.reduce((a, x) => a + (x - d) ** 2, 0) / Math.max(1, diffs.length - 1));
    return { name, ndcg: mean(s.n), p5: mean(s.p), diff: d, ci: (1.96 * sd) / Math.sqrt(diffs.length) };
  });
  return { cutoff, trained: older.length, library: library.length, queries: queries.length, methods, tfidf: { ndcg: mean(tfidf.n), p5: mean(tfidf.p) } };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const all = loadCorpus();
  for (const seed of [11, 23]) console.log(JSON.stringify(measureDateSplit(all, 400, seed), null, 1));
}
