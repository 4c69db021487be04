/**
 * What the user wrote counts for papers that have abstracts (issue 17): a note's words that the
 * paper's own text lacks are a view of their own, on real corpus papers.
 */
import { describe, expect, test } from 'vitest';
import { loadTopicModel } from '../../scripts/lib/load-topic-model';
import { RelatedIndex, type RelatedTuning } from '../../lib/search/related';
import { MAX_TERMS, TermStats, termVector } from '../../lib/search/terms';
import { tokenize } from '../../lib/search/tokenize';
import { loadCorpus, type CorpusPaper } from '../corpus';

const corpus = loadCorpus();
const model = loadTopicModel();
const about = (p: CorpusPaper, words: string[]) => tokenize(`${p.title} ${p.abstract}`).some((w) => words.includes(w));
// Speculative-decoding papers ask; the library holds 600 papers none of which mention it.
const asking = corpus.filter((p) => /speculative decoding/i.test(p.title)).slice(0, 6);
const library = corpus.filter((p) => !about(p, ['speculative', 'draft'])).slice(0, 600);
// A long abstract about something else entirely: sorting by human comparisons, say.
const noted = library.find((p) => p.abstract.length > 1200 && !about(p, ['decoding', 'llm', 'language']))!;
const NOTE = 'Baseline for our speculative decoding work: compare the acceptance rate.';

function index(tuning: RelatedTuning = {}, note = NOTE) {
  const idx = new RelatedIndex(tuning, model);
  for (const p of library) {
    const src = p.id === noted.id ? { ...p, note } : p;
    idx.set(p.id, idx.vectorFor(src), idx.topicFor(src));
  }
  return idx;
}

describe('what the user wrote on a paper with an abstract', () => {
  test('a note makes papers on its subject related, as a chip, saying so', () => {
    const idx = index();
    for (const q of asking) {
      const hits = idx.related(q, { k: 3, chipsOnly: true, exclude: [q.id] });
      const hit = hits.find((h) => h.id === noted.id);
      expect(hit, q.title).toBeDefined();
      expect(hit!.yours).toBe(true);
      expect(hit!.terms).toContain('speculative');
    }
  });

  test('negative control: counted only inside the paper’s one vector, the abstract drowns the note', () => {
    const idx = index({ userWords: false });
    for (const q of asking) expect(idx.related(q, { k: 5, exclude: [q.id] }).map((h) => h.id)).not.toContain(noted.id);
  });

  test('papers on other subjects do not get the noted paper as a chip', () => {
    const idx = index();
    const others = corpus.filter((p) => !library.includes(p) && !about(p, ['speculative', 'decoding', 'acceptance'])).slice(0, 200);
    expect(
      others.flatMap((q) =>
        idx
          .related(q, { k: 3, chipsOnly: true, exclude: [q.id] })
          .filter((h) => h.id === noted.id && h.yours)
          .map((h) => [q.title, h.terms, h.score]),
      ),
    ).toEqual([]);
  });

  test('a note restating the paper adds no view: its words are the paper’s own', () => {
    const stats = new TermStats();
    const v = termVector({ ...noted, note: noted.title }, stats);
    expect(v.filter(([, c]) => c < 0)).toEqual([]);
    const words = termVector({ ...noted, note: NOTE, tags: ['kv-cache'] }, stats);
    expect(words.filter(([, c]) => c < 0).map(([t]) => t)).toEqual(expect.arrayContaining(['speculative', 'decoding', 'acceptance', 'kv', 'cache']));
    expect(words).toHaveLength(MAX_TERMS);
  });

  test('a tag on many papers is bookkeeping, not a subject', () => {
    const idx = new RelatedIndex({}, model);
    // "speculative" as a tag on 40 of 600 papers (more than 5% and 20 papers): no view from it.
    library.forEach((p, i) => {
      const src = i % 15 === 0 ? { ...p, tags: ['speculative decoding'] } : p;
      idx.set(p.id, idx.vectorFor(src), idx.topicFor(src));
    });
    for (const q of asking) expect(idx.related(q, { k: 3, chipsOnly: true, exclude: [q.id] }).filter((h) => h.yours)).toEqual([]);
  });

  test('the view follows edits: a note removed takes the paper out again', () => {
    const idx = index();
    const q = asking[0];
    expect(idx.related(q, { k: 3, chipsOnly: true, exclude: [q.id] }).map((h) => h.id)).toContain(noted.id);
    idx.set(noted.id, idx.vectorFor(noted), idx.topicFor(noted));
    expect(idx.related(q, { k: 5, exclude: [q.id] }).map((h) => h.id)).not.toContain(noted.id);
    idx.set(noted.id, idx.vectorFor({ ...noted, note: NOTE }), idx.topicFor(noted));
    expect(idx.related(q, { k: 3, chipsOnly: true, exclude: [q.id] }).map((h) => h.id)).toContain(noted.id);
  });

  test('a snapshot keeps the marks: a cold index finds the noted paper too', () => {
    const cold = new RelatedIndex({}, model);
    cold.loadSnapshot(index().snapshot());
    const q = asking[1];
    expect(cold.related(q, { k: 3, chipsOnly: true, exclude: [q.id] }).find((h) => h.id === noted.id)?.yours).toBe(true);
  });
});
