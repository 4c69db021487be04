/**
 * The related index's top-k selection against a brute-force cosine over every library paper,
 * on real corpus records, with and without topic vectors: whatever shortcuts `related()` takes,
 * it must return the same papers with the same scores.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { QUERY_TERMS, RelatedIndex, TOPIC_WEIGHT, kthLargest } from '../../lib/search/related';
import { TermStats, termVector, weigh, type TermVector } from '../../lib/search/terms';
import { topicNorm } from '../../lib/search/topic-model';
import { toVectorRecord } from '../../lib/db/schema';
import { loadTopicModel } from '../../scripts/lib/load-topic-model';
import { loadCorpus } from '../corpus';

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);

interface Rec {
  id: string;
  title: string;
  abstract: string;
}

const corpus: Rec[] = loadCorpus().slice(0, 600);

/** Every paper's cosine with the query, best first; ties keep library order. */
function bruteForce(library: Array<[string, TermVector]>, query: Rec, stats: TermStats) {
  const q = weigh(termVector(query, stats, QUERY_TERMS), stats);
  return library
    .map(([id, v]) => {
      let s = 0;
      for (const [t, w] of weigh(v, stats)) s += (q.get(t) ?? 0) * w;
      return { id, score: s };
    })
    .sort((a, b) => b.score - a.score);
}

/**
 * With topics: the papers with the `candidates` best term cosines (any shared term) are scored by
 * (term cosine + TOPIC_WEIGHT × topic cosine) / (1 + TOPIC_WEIGHT).
 */
function bruteForceWithTopics(library: Array<[string, TermVector, Int8Array?]>, query: Rec, stats: TermStats, candidates: number) {
  const model = loadTopicModel();
  const byTerms = bruteForce(
    library.map(([id, v]) => [id, v]),
    query,
    stats,
  ).filter((h) => h.score > 0);
  const floor = byTerms.length > candidates ? byTerms[candidates - 1].score : -Infinity;
  const q = model.embed(query)!;
  const topics = new Map(library.map(([id, , t]) => [id, t]));
  return byTerms
    .filter((h) => h.score >= floor)
    .map(({ id, score }) => {
      const t = topics.get(id);
      const cos = t ? t.reduce((s, x, i) => s + x * q[i], 0) / (topicNorm(t) * topicNorm(q)) : 0;
      return { id, score: (score + TOPIC_WEIGHT * cos) / (1 + TOPIC_WEIGHT) };
    })
    .sort((a, b) => b.score - a.score);
}

function expectSameHits(hits: Array<{ id: string; score: number }>, expected: Array<{ id: string; score: number }>) {
  // Scores are reported to three decimals; papers with equal scores may swap places.
  expect(hits.length).toBe(expected.length);
  hits.forEach((h, i) => expect(Math.abs(h.score - expected[i].score)).toBeLessThan(0.0006));
  const exact = new Map(expected.map((h) => [h.id, h.score]));
  for (const h of hits) if (exact.has(h.id)) expect(Math.abs(h.score - exact.get(h.id)!)).toBeLessThan(0.0006);
  expect(new Set(hits.map((h) => h.id)).size).toBe(hits.length);
}

describe('related index', () => {
  test('with topics: the best term matches re-ranked by term and topic cosine, exactly', () => {
    const model = loadTopicModel();
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 0, max: 199 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 300 }),
        fc.constantFrom(0, 0.2, 0.25, 0.35),
        (size, queryAt, k, candidates, minScore) => {
          const papers = corpus.slice(0, size);
          const query = corpus[400 + queryAt];
          const seed = new TermStats();
          // Every fourth paper has no topic vector (stored before the model): terms alone count for it.
          const library = papers.map((p, i) => [p.id, termVector(p, seed), i % 4 === 3 ? undefined : model.embed(p)] as [string, TermVector, Int8Array?]);
          const index = new RelatedIndex({ topicCandidates: candidates }, model);
          index.load(library.map(([id, v, topic]) => ({ ...toVectorRecord(id, v), topic })));
          const stats = new TermStats();
          library.forEach(([, v]) => stats.add(v));
          const hits = index.related(query, { k, minScore });
          const expected = bruteForceWithTopics(library, query, stats, candidates)
            .filter((h) => h.score >= minScore)
            .slice(0, k);
          expectSameHits(hits, expected);
          // "similar subject" is given as the reason exactly when the shared terms are too few.
          for (const h of hits) if (h.terms.length >= 2) expect(h.subject).toBeUndefined();
          expect(hits.filter((h) => h.subject).every((h) => h.terms.length < 2)).toBe(true);
        },
      ),
      { seed: 20261130, numRuns: RUNS },
    );
  });

  test('papers saved after a bulk load are found as well as the loaded ones', () => {
    const model = loadTopicModel();
    const index = new RelatedIndex({}, model);
    const loaded = corpus.slice(0, 200);
    const seed = new RelatedIndex({}, model);
    index.load(loaded.map((p) => ({ ...toVectorRecord(p.id, seed.vectorFor(p)), topic: seed.topicFor(p) })));
    const saved = corpus.slice(200, 260);
    for (const p of saved) index.set(p.id, index.vectorFor(p), index.topicFor(p));
    for (const p of [...loaded.slice(0, 30), ...saved]) expect(index.related(p, { k: 1, minScore: 0 })[0].id).toBe(p.id);
  });

  test('kthLargest agrees with sorting', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 300 }), fc.nat(), (xs, at) => {
        const k = (at % xs.length) + 1;
        expect(kthLargest(Float64Array.from(xs), k)).toBe([...xs].sort((a, b) => b - a)[k - 1]);
      }),
      { seed: 7, numRuns: RUNS * 8 },
    );
  });

  test('topics move with their papers when the index compacts its slots', () => {
    const model = loadTopicModel();
    const papers = corpus.slice(0, 300);
    const index = new RelatedIndex({}, model);
    const stored = papers.map((p) => {
      const entry = [p.id, index.vectorFor(p), index.topicFor(p)] as const;
      index.set(...entry);
      return entry;
    });
    const removed = new Set(papers.filter((_, i) => i % 3 === 0).map((p) => p.id));
    for (const id of removed) index.remove(id);
    const fresh = new RelatedIndex({}, model);
    fresh.load(stored.filter(([id]) => !removed.has(id)).map(([id, v, topic]) => ({ ...toVectorRecord(id, v), topic })));
    // Norms set one by one were computed under the statistics of their time, so scores differ slightly.
    for (const q of corpus.slice(400, 430)) {
      const [a, b] = [index.related(q, { k: 5, minScore: 0 }), fresh.related(q, { k: 5, minScore: 0 })];
      expect(a.map((h) => h.id)).toEqual(b.map((h) => h.id));
      a.forEach((h, i) => expect(Math.abs(h.score - b[i].score)).toBeLessThan(0.01));
    }
  });

  test('returns exactly the k best papers by cosine, above the threshold, without the excluded ones', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        fc.integer({ min: 0, max: 199 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom(0, 0.05, 0.12, 0.3),
        fc.array(fc.nat({ max: 399 }), { maxLength: 5 }),
        (size, queryAt, k, minScore, excludeAt) => {
          const papers = corpus.slice(0, size);
          const query = corpus[400 + queryAt];
          const seed = new TermStats();
          const library = papers.map((p) => [p.id, termVector(p, seed)] as [string, TermVector]);
          const index = new RelatedIndex();
          index.load(library.map(([id, v]) => toVectorRecord(id, v)));
          const stats = new TermStats();
          library.forEach(([, v]) => stats.add(v));
          const exclude = excludeAt.filter((i) => i < size).map((i) => papers[i].id);

          const hits = index.related(query, { k, minScore, exclude });
          const expected = bruteForce(library, query, stats)
            .filter((h) => h.score >= minScore && h.score > 0 && !exclude.includes(h.id))
            .slice(0, k);
          expectSameHits(hits, expected);
          for (const h of hits) expect(exclude).not.toContain(h.id);
        },
      ),
      { seed: 20261129, numRuns: RUNS },
    );
  });

  test('removed papers never come back, also after the index compacts its slots', () => {
    const index = new RelatedIndex();
    const papers = corpus.slice(0, 300);
    for (const p of papers) index.set(p.id, index.vectorFor(p));
    const removed = new Set(papers.filter((_, i) => i % 3 === 0).map((p) => p.id));
    for (const id of removed) index.remove(id);
    expect(index.size).toBe(papers.length - removed.size);
    for (const q of corpus.slice(400, 440)) {
      const hits = index.related(q, { k: 10, minScore: 0 });
      expect(hits.length).toBe(10);
      for (const h of hits) expect(removed.has(h.id)).toBe(false);
    }
    // A removed paper is still findable as a query, and related to what is left.
    expect(index.related(papers[0], { k: 3, minScore: 0 }).length).toBe(3);
  });
});
