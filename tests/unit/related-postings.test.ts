/**
 * The related index keeps the papers it loaded together only as postings (lib/search/related.ts):
 * what needs one paper's vector reads it back from them. These tests hold it to answering as an
 * index that was given the same vectors one at a time, to its memory per term occurrence, and to
 * counts that do not fit its 16 bits.
 */
import { describe, expect, test } from 'vitest';
import { RelatedIndex } from '../../lib/search/related';
import type { TermVector } from '../../lib/search/terms';
import { loadTopicModel } from '../../scripts/lib/load-topic-model';
import { loadCorpus, type CorpusPaper } from '../corpus';

const model = loadTopicModel();
const corpus = loadCorpus().slice(0, 700);
const queries = [
  ...loadCorpus().slice(2000, 2040),
  { title: 'Speculative decoding with a draft model', abstract: 'A small draft model proposes tokens that a large model verifies.' },
];
// On a few papers: words written on more than 5% of them count as bookkeeping (USER_WORD_SHARE).
const noted = (p: CorpusPaper, i: number) => ({
  ...p,
  note: i % 40 ? undefined : 'speculative decoding with a small draft model',
  tags: i % 50 === 7 ? ['kv cache'] : undefined,
});

type Stored = { id: string; terms: string[]; counts: number[]; topic?: Int8Array };
const stored = (id: string, v: TermVector, topic?: Int8Array): Stored => ({ id, terms: v.map(([t]) => t), counts: v.map(([, c]) => c), topic });

/** Vectors as a fresh index makes them, for a bulk load (the papers then held as postings only). */
const vectors = (papers: Array<CorpusPaper & { note?: string; tags?: string[] }>) => {
  const maker = new RelatedIndex({}, model);
  return papers.map((p) => stored(p.id, maker.vectorFor(p), maker.topicFor(p)));
};

function loaded(records: Stored[]) {
  const index = new RelatedIndex({}, model);
  index.load(records);
  return index;
}

/** Share of the hits of `a` that `b` gives too, with a score within 0.003. */
function agreement(a: ReturnType<typeof answers>, b: ReturnType<typeof answers>) {
  let same = 0;
  let all = 0;
  a.forEach((hits, i) => {
    const other = new Map(b[i].map((h) => [h.id, h.score]));
    for (const h of hits) {
      all++;
      if (other.has(h.id) && Math.abs(other.get(h.id)! - h.score) <= 0.003) same++;
    }
  });
  return same / all;
}

const answers = (index: RelatedIndex) =>
  queries.map((q) => index.related(q, { k: 8, minScore: 0 }).map(({ id, score, terms, yours }) => ({ id, score, terms, yours })));

describe('related index held as postings', () => {
  test('replacing and removing many papers in one change answers as an index loaded with the result', () => {
    const records = vectors(corpus.map(noted));
    const index = loaded(records);
    // Some notes go, others come; some papers are removed.
    const edited = corpus.slice(0, 300).map((p, i) => {
      const q = { ...p, note: i % 30 === 1 ? 'graph neural networks for molecules' : undefined };
      return stored(p.id, index.vectorFor(q), index.topicFor(q));
    });
    const removed = new Set(corpus.slice(300, 360).map((p) => p.id));
    index.update(
      edited.map((r) => ({ id: r.id, vector: r.terms.map((t, i): [string, number] => [t, r.counts[i]]), topic: r.topic })),
      [...removed],
    );
    const reference = loaded([...edited, ...records.slice(300).filter((r) => !removed.has(r.id))]);
    expect(index.size).toBe(reference.size);
    // The reference's norms are all under the final statistics; the edited index keeps those it
    // computed before the change (as every save does), so scores agree to rounding, not exactly.
    expect(agreement(answers(index), answers(reference))).toBeGreaterThan(0.97);
    // Negative control: the index before the change answers otherwise.
    expect(agreement(answers(loaded(records)), answers(reference))).toBeLessThan(0.9);
    const molecules = { title: 'Graph neural networks for molecules', abstract: 'Molecular property prediction with graph neural networks.' };
    const found = index.related(molecules, { k: 20 });
    expect(found.some((h) => h.yours)).toBe(true);
    expect(found.every((h) => !removed.has(h.id))).toBe(true);
  });

  test('a snapshot made from the postings loads into the same answers, user words included', () => {
    const index = loaded(vectors(corpus.map(noted)));
    index.remove(corpus[5].id);
    index.set(corpus[5].id, index.vectorFor({ ...corpus[5], note: 'kv cache eviction' }), index.topicFor(corpus[5]));
    const copy = new RelatedIndex({}, model);
    copy.loadSnapshot(structuredClone(index.snapshot()));
    expect(answers(copy)).toEqual(answers(index));
    expect(answers(copy).some((hits) => hits.some((h) => h.yours))).toBe(true);
  });

  test('holds about six bytes per term occurrence, not sixteen', () => {
    const index = loaded(vectors(corpus));
    const snap = index.snapshot();
    const occurrences = snap.docTerms.length;
    // Beside the postings: topics (dims bytes a paper) and the query's scratch arrays (28 bytes a paper, once asked).
    index.related(queries[0]);
    const rest = snap.topics.byteLength + corpus.length * 28 + (snap.terms.length + 1) * 4 + 64;
    expect(index.typedArrayBytes()).toBeLessThanOrEqual(occurrences * 6 + rest * 2);
    // Negative control of the bound: the columns by paper kept beside the postings (as before) exceed it.
    expect(occurrences * 16 + rest).toBeGreaterThan(occurrences * 6 + rest * 2);
  });

  test("a listing's chips are the full ranking's matches above this library's chip score", () => {
    const index = loaded(vectors(corpus.map(noted)));
    const { chip } = index.calibrate();
    let chips = 0;
    for (const q of [...queries, ...corpus.slice(0, 60)]) {
      const exclude: string[] = 'id' in q ? [String(q.id)] : [];
      const full = index.related(q, { k: 50, minScore: 0, exclude }).filter((h) => Math.abs(h.score - chip) > 0.001);
      const expected = full.filter((h) => h.score > chip).slice(0, 3);
      const got = index.related(q, { k: 3, chipsOnly: true, exclude }).filter((h) => Math.abs(h.score - chip) > 0.001);
      expect(got.map((h) => h.id)).toEqual(expected.map((h) => h.id));
      chips += got.length;
    }
    // Not vacuous: the library's own papers find chips.
    expect(chips).toBeGreaterThan(20);
  });

  test('a floor skips the terms that cannot reach it, and finds every paper above it (terms alone, floors 0.1–0.4)', () => {
    const records = vectors(corpus.map(noted));
    const index = new RelatedIndex({});
    index.load(records.map(({ topic: _, ...r }) => r));
    let found = 0;
    for (const floor of [0.1, 0.2, 0.4])
      for (const q of [...queries, ...corpus.slice(0, 40)]) {
        const full = index.related(q, { k: 30, minScore: 0 }).filter((h) => Math.abs(h.score - floor) > 0.001);
        const got = index.related(q, { k: 30, minScore: floor }).filter((h) => Math.abs(h.score - floor) > 0.001);
        expect(got.map((h) => [h.id, h.score])).toEqual(full.filter((h) => h.score > floor).map((h) => [h.id, h.score]));
        found += got.length;
      }
    expect(found).toBeGreaterThan(100);
  });

  test('a paper named twice in one change keeps its last vector, as two changes would', () => {
    const index = loaded(vectors(corpus));
    const [a, b] = [corpus[3], corpus[400]];
    const asB = index.vectorFor(b);
    index.update([
      { id: a.id, vector: index.vectorFor(a) },
      { id: a.id, vector: asB },
    ]);
    expect(index.size).toBe(corpus.length);
    expect(index.related(b, { k: 2, minScore: 0 }).map((h) => h.id)).toEqual(expect.arrayContaining([a.id, b.id]));
  });

  test('a snapshot made in slices is the whole snapshot, or nothing if the index changed meanwhile', async () => {
    const index = loaded(vectors(corpus));
    let pauses = 0;
    const sliced = await index.snapshotSliced(async () => void pauses++);
    expect(pauses).toBeGreaterThanOrEqual(2);
    expect(sliced).toEqual(index.snapshot());
    // A save between two slices: what was made so far no longer describes the index.
    let saved = false;
    const torn = await index.snapshotSliced(async () => {
      if (saved) return;
      saved = true;
      index.set('late', index.vectorFor(queries[0]), index.topicFor(queries[0]));
    });
    expect(torn).toBeUndefined();
    expect(index.snapshot().ids).toContain('late');
  });

  test('a count beyond 16 bits is capped, not wrapped into a word the user wrote', () => {
    const index = new RelatedIndex({}, model);
    const big: TermVector = [
      ['zeolite', 40_000],
      ['catalysis', 3],
    ];
    index.load([
      { id: 'big', terms: big.map(([t]) => t), counts: big.map(([, c]) => c) },
      ...corpus.slice(0, 50).map((p) => {
        const v = index.vectorFor(p);
        return { id: p.id, terms: v.map(([t]) => t), counts: v.map(([, c]) => c) };
      }),
    ]);
    const hit = index.related({ title: 'zeolite catalysis', abstract: 'zeolite catalysis' }, { k: 1, minScore: 0 })[0];
    expect(hit.id).toBe('big');
    // 40,000 in an Int16Array wraps to -25,536: a negative count marks the user's words.
    expect(hit.yours).toBeUndefined();
    expect(structuredClone(index.snapshot()).docCounts.every((c) => c >= 0)).toBe(true);
  });
});
