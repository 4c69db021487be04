/**
 * The related index's top-k selection against a brute-force cosine over every library paper,
 * on real corpus records: whatever shortcuts `related()` takes, it must return the same papers
 * with the same scores.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { QUERY_TERMS, RelatedIndex } from '../../lib/search/related';
import { TermStats, termVector, weigh, type TermVector } from '../../lib/search/terms';
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

describe('related index', () => {
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
          index.load(library);
          const stats = new TermStats();
          library.forEach(([, v]) => stats.add(v));
          const exclude = excludeAt.filter((i) => i < size).map((i) => papers[i].id);

          const hits = index.related(query, { k, minScore, exclude });
          const expected = bruteForce(library, query, stats)
            .filter((h) => h.score >= minScore && h.score > 0 && !exclude.includes(h.id))
            .slice(0, k);
          // Scores are reported to three decimals; papers with equal scores may swap places.
          expect(hits.length).toBe(expected.length);
          hits.forEach((h, i) => expect(Math.abs(h.score - expected[i].score)).toBeLessThan(0.0006));
          const exact = new Map(expected.map((h) => [h.id, h.score]));
          for (const h of hits) if (exact.has(h.id)) expect(Math.abs(h.score - exact.get(h.id)!)).toBeLessThan(0.0006);
          expect(new Set(hits.map((h) => h.id)).size).toBe(hits.length);
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
