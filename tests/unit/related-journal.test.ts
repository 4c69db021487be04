/**
 * A related snapshot older than the vectors stamp, brought up to date with the papers the
 * journal lists (lib/db/derived.ts, lib/search/related-patch.ts): what a cold start right after
 * a save reads instead of every stored vector. It must hold exactly what an index loaded from
 * every vector holds, and anything the journal cannot vouch for must send the load to the
 * vectors.
 */
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { JOURNAL_KEY, JOURNAL_LIMIT, SNAPSHOT_KEY, bumpVectorStamp, vectorStamp } from '../../lib/db/derived';
import { toVectorRecord, type DerivedRecord, type GlossDB, type RelatedJournalRecord, type RelatedSnapshotRecord } from '../../lib/db/schema';
import { LibraryService } from '../../lib/library/service';
import { RelatedIndex, type RelatedSnapshot, type StoredVectors } from '../../lib/search/related';
import { patchSnapshot } from '../../lib/search/related-patch';
import { loadTopicModel } from '../../scripts/lib/load-topic-model';
import { asRecords, loadCorpus } from '../corpus';
import { freshDb, paper } from './helpers';

const all = loadCorpus();
const corpus = all.slice(0, 400);
const queries = all.slice(1000, 1030);
const model = loadTopicModel();

/** Each paper's vector (term → count) and topic: equal for the same papers whatever their slots and term ids. */
function contents(s: RelatedSnapshot) {
  const papers = s.ids.map((id, i) => {
    const terms: Record<string, number> = {};
    for (let j = s.offsets[i]; j < s.offsets[i + 1]; j++) terms[s.terms[s.docTerms[j]]] = s.docCounts[j];
    return [id, { terms, topic: Array.from(s.topics.subarray(i * s.dims, (i + 1) * s.dims)) }] as const;
  });
  return Object.fromEntries(papers.sort(([a], [b]) => a.localeCompare(b)));
}

describe('patching a related snapshot', () => {
  const index = new RelatedIndex({}, model);
  const vectors = (p: (typeof corpus)[number], id = p.id): StoredVectors => ({ ...toVectorRecord(id, index.vectorFor(p)), topic: index.topicFor(p) });
  // Vectors as saving makes them, one paper at a time.
  const before = corpus.slice(0, 300).map((p) => {
    const v = vectors(p);
    index.set(v.id, index.vectorFor(p), v.topic);
    return v;
  });
  const snap = structuredClone(index.snapshot());
  // Since the snapshot: 40 papers saved, 20 given a note, 30 removed, one saved and removed again.
  const saved = corpus.slice(300, 340).map((p) => vectors(p));
  const noted = corpus.slice(0, 20).map((p) => vectors({ ...p, note: `reading group: ${p.title.split(' ').slice(0, 3).join(' ')}` }));
  const removed = [...corpus.slice(50, 80).map((p) => p.id), corpus[399].id];
  const final = new Map([...before, ...saved, ...noted].map((v) => [v.id, v]));
  for (const id of removed) final.delete(id);
  const fresh = new RelatedIndex({}, model);
  fresh.load(final.values());

  test('holds the same papers and vectors as a snapshot of an index loaded from every vector, and answers the same', () => {
    const patched = patchSnapshot(snap, [...saved, ...noted], removed);
    expect(contents(patched)).toEqual(contents(fresh.snapshot()));
    const loaded = new RelatedIndex({}, model);
    loaded.loadSnapshot(structuredClone(patched));
    // Strength is left out: it comes from a sample of the library taken in slot order, which a
    // patch changes (the saved papers come last), so the cut between good and weak may move.
    const hits = (i: RelatedIndex, q: (typeof queries)[number]) => i.related(q, { k: 8, minScore: 0 }).map(({ strength: _, ...hit }) => hit);
    for (const q of queries) expect(hits(loaded, q)).toEqual(hits(fresh, q));
  });

  test('negative control: a patch that misses the removals is told apart', () => {
    const patched = patchSnapshot(snap, [...saved, ...noted], []);
    expect(contents(patched)).not.toEqual(contents(fresh.snapshot()));
  });

  test('an index loaded from columns, then written paper by paper past a compaction, holds what a fresh load holds', () => {
    const loaded = new RelatedIndex({}, model);
    loaded.loadSnapshot(structuredClone(snap));
    for (const v of [...saved, ...noted])
      loaded.set(
        v.id,
        v.terms.map((t, i) => [t, v.counts[i]]),
        v.topic,
      );
    const gone = [...removed, ...corpus.slice(100, 160).map((p) => p.id)];
    for (const id of gone) loaded.remove(id);
    const expected = new Map(final);
    for (const id of gone) expected.delete(id);
    const reference = new RelatedIndex({}, model);
    reference.load(expected.values());
    expect(loaded.size).toBe(expected.size);
    expect(contents(loaded.snapshot())).toEqual(contents(reference.snapshot()));
    // Norms set one by one were computed under the statistics of their time: scores differ slightly.
    for (const q of queries) {
      const [a, b] = [loaded.related(q, { k: 5, minScore: 0 }), reference.related(q, { k: 5, minScore: 0 })];
      expect(a.map((h) => h.id)).toEqual(b.map((h) => h.id));
    }
  });

  test('a damaged snapshot or vector is refused, not patched', () => {
    expect(() => patchSnapshot({ ...snap, offsets: snap.offsets.slice(1) }, saved, removed)).toThrow(/Damaged related snapshot/);
    expect(() => patchSnapshot({ ...snap, docTerms: snap.docTerms.map(() => snap.terms.length) }, saved, removed)).toThrow(/term ids/);
    expect(() => patchSnapshot(snap, [{ ...saved[0], counts: [1] }], removed)).toThrow(/damaged/);
  });
});

describe('the journal', () => {
  let db: GlossDB;
  beforeEach(async () => {
    db = freshDb();
    await new LibraryService(db).importItems({ items: asRecords(corpus.slice(0, 300)).map((paper, i) => ({ paper, where: `line ${i + 1}` })) });
  });

  const answers = async (lib: LibraryService) =>
    (await lib.relatedTo({ papers: queries.map((q) => paper({ arxiv: `9${q.id}` }, q)), k: 5 })).map((hits) => hits.map((h) => [h.id, h.score]));

  /** A cold service whose reads of the whole vectors table are counted. */
  function cold() {
    const lib = new LibraryService(db);
    const reads = vi.spyOn(db.vectors, 'toArray');
    return { lib, reads, [Symbol.dispose]: () => reads.mockRestore() };
  }

  /** A snapshot stored, then saves, a note and removals through another service (another page). */
  async function writesAfterSnapshot() {
    const first = new LibraryService(db);
    await first.related.ready();
    expect(await first.related.writeSnapshot()).toBe(true);
    const other = new LibraryService(db);
    const twin = paper({ arxiv: '2699.00001' }, { title: queries[0].title, abstract: queries[0].abstract });
    await other.save({ paper: twin });
    await other.setNote({ id: `arxiv:${corpus[1].id}`, note: queries[1].title });
    await other.unsave({ id: `arxiv:${corpus[2].id}` });
    await other.save({ paper: paper({ arxiv: '2699.00002' }, { title: 'Saved and removed again' }) });
    await other.unsave({ id: 'arxiv:2699.00002' });
    return twin;
  }

  test('a cold start after writes patches the snapshot instead of reading every vector, and answers as a load from every vector', async () => {
    const twin = await writesAfterSnapshot();
    const journal = (await db.derived.get(JOURNAL_KEY)) as RelatedJournalRecord;
    expect(journal.stamp).toBe(await vectorStamp(db));
    expect(new Set(journal.ids)).toEqual(new Set([twin.id, `arxiv:${corpus[1].id}`, `arxiv:${corpus[2].id}`, 'arxiv:2699.00002']));

    using patched = cold();
    const got = await answers(patched.lib);
    expect(patched.reads).not.toHaveBeenCalled();
    expect(got[0][0][0]).toBe(twin.id);
    expect(got.flat().map(([id]) => id)).not.toContain(`arxiv:${corpus[2].id}`);
    const index = await patched.lib.related.ready();
    expect(index.has(`arxiv:${corpus[2].id}`)).toBe(false);
    expect(index.has(`arxiv:${corpus[1].id}`)).toBe(true);
    expect(index.has('arxiv:2699.00002')).toBe(false);

    // The same database loaded from every vector (the snapshot deleted) answers the same.
    const snapshot = await db.derived.get(SNAPSHOT_KEY);
    await db.derived.delete(SNAPSHOT_KEY);
    using full = cold();
    expect(await answers(full.lib)).toEqual(got);
    expect(full.reads).toHaveBeenCalled();
    await db.derived.put(snapshot!);

    // What the patch covered is stored whole again, and the journal keeps only what is newer.
    expect(await patched.lib.related.writeSnapshot()).toBe(true);
    expect(((await db.derived.get(SNAPSHOT_KEY)) as RelatedSnapshotRecord).stamp).toBe(await vectorStamp(db));
    expect(((await db.derived.get(JOURNAL_KEY)) as RelatedJournalRecord).ids).toEqual([]);
  });

  test('a vector write the journal did not see (its stamp passed by): the snapshot is not used', async () => {
    await writesAfterSnapshot();
    await db.transaction('rw', db.derived, () => bumpVectorStamp(db));
    using again = cold();
    await answers(again.lib);
    expect(again.reads).toHaveBeenCalled();
  });

  test('a journal restarted after the snapshot was taken does not vouch for it', async () => {
    await writesAfterSnapshot();
    const journal = (await db.derived.get(JOURNAL_KEY)) as RelatedJournalRecord;
    await db.derived.put({
      ...journal,
      base: journal.stamp - 1,
      ids: journal.ids.slice(-1),
      at: journal.at.slice(-1),
    } satisfies RelatedJournalRecord as DerivedRecord);
    using again = cold();
    await answers(again.lib);
    expect(again.reads).toHaveBeenCalled();
  });

  test('a listed paper whose vector is gone is rebuilt from the paper, through the full load', async () => {
    const twin = await writesAfterSnapshot();
    await db.vectors.delete(twin.id);
    using again = cold();
    const got = await answers(again.lib);
    expect(again.reads).toHaveBeenCalled();
    expect(got[0][0][0]).toBe(twin.id);
  });

  test('a damaged snapshot with a journal is not trusted: the index loads from the vectors', async () => {
    await writesAfterSnapshot();
    const expected = await answers(new LibraryService(db));
    const stored = (await db.derived.get(SNAPSHOT_KEY)) as RelatedSnapshotRecord;
    await db.derived.put({ ...stored, docTerms: stored.docTerms.map(() => -1) } as RelatedSnapshotRecord);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    using again = cold();
    expect(await answers(again.lib)).toEqual(expected);
    expect(again.reads).toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('related snapshot could not be read'), expect.any(Error));
    warn.mockRestore();
  });

  test(`lists at most ${JOURNAL_LIMIT} papers, then starts again at the new stamp`, async () => {
    const stamp = await vectorStamp(db);
    await db.transaction('rw', db.derived, () => bumpVectorStamp(db, ['a', 'b']));
    await db.transaction('rw', db.derived, () => bumpVectorStamp(db, ['b', 'c']));
    let journal = (await db.derived.get(JOURNAL_KEY)) as RelatedJournalRecord;
    expect(journal.stamp).toBe(stamp + 2);
    expect(Object.fromEntries(journal.ids.map((id, i) => [id, journal.at[i]]))).toEqual({ a: stamp + 1, b: stamp + 2, c: stamp + 2 });
    const many = Array.from({ length: JOURNAL_LIMIT }, (_, i) => `p${i}`);
    await db.transaction('rw', db.derived, () => bumpVectorStamp(db, many));
    journal = (await db.derived.get(JOURNAL_KEY)) as RelatedJournalRecord;
    expect(journal).toMatchObject({ base: stamp + 3, stamp: stamp + 3, ids: [] });
  });
});
