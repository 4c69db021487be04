/**
 * Related chips calibrated on the library's own scores: a chip needs a match strong for this
 * library, strength is said in words, and words too common to explain anything are not given
 * as the reason.
 */
import { expect, test } from 'vitest';
import { GENERIC_IDF, MIN_TERM_SCORE, RelatedIndex } from '../../lib/search/related';
import { loadCorpus } from '../corpus';

const corpus = loadCorpus();

function indexOf(n: number) {
  const index = new RelatedIndex();
  for (const p of corpus.slice(0, n)) index.set(p.id, index.vectorFor(p));
  return index;
}

test('the chip threshold rises with a library whose papers all have close neighbours, and chips are fewer', () => {
  const small = indexOf(60).calibrate();
  const large = indexOf(1500);
  const cal = large.calibrate();
  expect(small.chip).toBeGreaterThanOrEqual(MIN_TERM_SCORE);
  expect(cal.chip).toBeGreaterThan(small.chip);
  expect(cal.strong).toBeGreaterThanOrEqual(cal.chip);
  const queries = corpus.slice(1500, 1700);
  const fixed = queries.filter((q) => large.related(q, { k: 3 }).length).length;
  const chips = queries.filter((q) => large.related(q, { k: 3, chipsOnly: true }).length).length;
  // Negative control: the fixed floor lights most rows of a large library; the calibrated one does not.
  expect(fixed / queries.length).toBeGreaterThan(0.7);
  expect(chips).toBeLessThan(fixed / 2);
  expect(chips).toBeGreaterThan(0);
  // Every hit says how strong it is, consistently with the calibration.
  for (const q of queries.slice(0, 40))
    for (const h of large.related(q, { k: 3 })) expect(h.strength).toBe(h.score >= cal.strong ? 'strong' : h.score >= cal.chip ? 'good' : 'weak');
});

test('reasons leave out words in more than ~3% of papers', () => {
  const index = indexOf(1500);
  const seen = new Set<string>();
  for (const q of corpus.slice(1500, 1600)) for (const h of index.related(q, { k: 3 })) h.terms.forEach((t) => seen.add(t));
  expect(seen.size).toBeGreaterThan(20);
  for (const generic of ['model', 'training', 'data', 'task', 'performance', 'learning']) expect(seen.has(generic)).toBe(false);
  expect(GENERIC_IDF).toBeCloseTo(1 + Math.log(1 / 0.03));
});
