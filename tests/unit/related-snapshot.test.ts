/**
 * The related index stored whole (lib/library/related-engine.ts): a cold start reads the
 * snapshot only while no vector was written since it was taken, and answers exactly as an index
 * loaded from every stored vector would.
 */
import { beforeEach, describe, expect, test, vi } from 'vitest';
import { JOURNAL_KEY, SNAPSHOT_KEY, vectorStamp } from '../../lib/db/derived';
import { toVectorRecord, type GlossDB, type RelatedSnapshotRecord } from '../../lib/db/schema';
import { LibraryService } from '../../lib/library/service';
import { RelatedIndex } from '../../lib/search/related';
import { loadTopicModel } from '../../scripts/lib/load-topic-model';
import { asRecords, loadCorpus } from '../corpus';
import { freshDb, paper } from './helpers';

const corpus = loadCorpus().slice(0, 400);
const queries = loadCorpus().slice(1000, 1030);
let db: GlossDB;

beforeEach(async () => {
  db = freshDb();
  await new LibraryService(db).importItems({ items: asRecords(corpus.slice(0, 300)).map((paper, i) => ({ paper, where: `line ${i + 1}` })) });
});

const answers = async (lib: LibraryService) =>
  (await lib.relatedTo({ papers: queries.map((q) => paper({ arxiv: `9${q.id}` }, q)), k: 5 })).map((hits) => hits.map((h) => [h.id, h.score]));

/** A cold service whose reads of the vectors table are counted. */
function cold() {
  const lib = new LibraryService(db);
  const reads = vi.spyOn(db.vectors, 'toArray');
  return { lib, reads };
}

describe('related snapshot', () => {
  test('an index loaded from its snapshot answers as one loaded from the same vectors', () => {
    const model = loadTopicModel();
    const index = new RelatedIndex({}, model);
    const stored = corpus.map((p) => {
      const record = { ...toVectorRecord(p.id, index.vectorFor(p)), topic: index.topicFor(p) };
      index.set(record.id, index.vectorFor(p), record.topic);
      return record;
    });
    const removed = new Set(corpus.slice(0, 60).map((p) => p.id));
    for (const id of removed) index.remove(id);
    const fromSnapshot = new RelatedIndex({}, model);
    fromSnapshot.loadSnapshot(structuredClone(index.snapshot()));
    const fromVectors = new RelatedIndex({}, model);
    fromVectors.load(stored.filter((r) => !removed.has(r.id)));
    expect(fromSnapshot.size).toBe(fromVectors.size);
    for (const q of queries) expect(fromSnapshot.related(q, { k: 8, minScore: 0 })).toEqual(fromVectors.related(q, { k: 8, minScore: 0 }));
  });

  test('a cold start reads the snapshot instead of the vectors, and answers the same', async () => {
    const first = cold();
    const expected = await answers(first.lib);
    expect(first.reads).toHaveBeenCalled();
    expect(await first.lib.related.writeSnapshot()).toBe(true);
    first.reads.mockRestore();
    const second = cold();
    expect(await answers(second.lib)).toEqual(expected);
    expect(second.reads).not.toHaveBeenCalled();
  });

  test('a save after the snapshot: the next cold start patches it with the saved vector (journal), and finds the new paper', async () => {
    const first = new LibraryService(db);
    await first.related.ready();
    await first.related.writeSnapshot();
    // Another service (an extension page) saves without the first one knowing.
    const q = queries[0];
    const twin = paper({ arxiv: '2699.00001' }, { title: q.title, abstract: q.abstract });
    await new LibraryService(db).save({ paper: twin });
    const second = cold();
    const [hits] = await second.lib.relatedTo({ papers: [paper({ arxiv: `9${q.id}` }, q)] });
    expect(hits[0].id).toBe(twin.id);
    expect(second.reads).not.toHaveBeenCalled();
  });

  test('a save after the snapshot without the journal: the next cold start does not use the snapshot, and finds the new paper', async () => {
    const first = new LibraryService(db);
    await first.related.ready();
    await first.related.writeSnapshot();
    const q = queries[0];
    const twin = paper({ arxiv: '2699.00001' }, { title: q.title, abstract: q.abstract });
    await new LibraryService(db).save({ paper: twin });
    await db.derived.delete(JOURNAL_KEY);
    const second = cold();
    const [hits] = await second.lib.relatedTo({ papers: [paper({ arxiv: `9${q.id}` }, q)] });
    expect(hits[0].id).toBe(twin.id);
    expect(second.reads).toHaveBeenCalled();
  });

  test('writes applied to a loaded index keep it snapshot-worthy: the snapshot is at the database stamp and has them', async () => {
    const lib = new LibraryService(db);
    await lib.related.ready();
    const q = queries[1];
    const twin = paper({ arxiv: '2699.00002' }, { title: q.title, abstract: q.abstract });
    await lib.save({ paper: twin });
    await lib.setNote({ id: twin.id, note: 'read for the reading group' });
    await lib.unsave({ id: corpus[0].id });
    expect(await lib.related.writeSnapshot()).toBe(true);
    const stored = (await db.derived.get(SNAPSHOT_KEY)) as RelatedSnapshotRecord;
    expect(stored.stamp).toBe(await vectorStamp(db));
    expect(stored.ids).toContain(twin.id);
    expect(stored.ids).not.toContain(corpus[0].id);
    const again = cold();
    const [hits] = await again.lib.relatedTo({ papers: [paper({ arxiv: `9${q.id}` }, q)] });
    expect(hits[0].id).toBe(twin.id);
    expect(again.reads).not.toHaveBeenCalled();
  });

  test('a change that skips a stamp (written elsewhere meanwhile) stops snapshots until the next load', async () => {
    const lib = new LibraryService(db);
    await lib.related.ready();
    await new LibraryService(db).save({ paper: paper({ arxiv: '2699.00003' }, { title: 'Written by another page' }) });
    await lib.save({ paper: paper({ arxiv: '2699.00004' }, { title: 'Written here' }) });
    expect(await lib.related.writeSnapshot()).toBe(false);
  });

  test('a damaged snapshot is not trusted: the index loads from the vectors', async () => {
    const first = new LibraryService(db);
    const expected = await answers(first);
    await first.related.writeSnapshot();
    const stored = (await db.derived.get(SNAPSHOT_KEY)) as RelatedSnapshotRecord;
    await db.derived.put({ ...stored, offsets: stored.offsets.slice(1) } as RelatedSnapshotRecord);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const second = cold();
    expect(await answers(second.lib)).toEqual(expected);
    expect(second.reads).toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('related snapshot could not be read'), expect.any(Error));
    warn.mockRestore();
  });
});
