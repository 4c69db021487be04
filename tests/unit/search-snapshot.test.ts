/**
 * The library search's columns stored whole (lib/library/search-snapshot.ts): a cold start reads
 * one record instead of every paper, answers as the slow path does, follows later writes, and is
 * ignored once a write it did not follow has moved the stamp.
 */
import { beforeEach, describe, expect, test, vi } from 'vitest';
import type { GlossDB } from '../../lib/db/schema';
import {
  SEARCH_SNAPSHOT_FORMAT,
  SEARCH_SNAPSHOT_KEY,
  fromSearchSnapshot,
  patchSearchSnapshot,
  scanColumnsOf,
  toSearchSnapshot,
  type SearchSnapshotRecord,
} from '../../lib/library/search-snapshot';
import { SnapshotScan } from '../../lib/library/snapshot-scan';
import { SEARCH_INDEX_KEY } from '../../lib/library/search-index-store';
import { LibraryService } from '../../lib/library/service';
import { asRecords, loadCorpus } from '../corpus';
import { freshDb, importCorpus, paper } from './helpers';

const corpus = loadCorpus().slice(0, 300);
const QUERIES = ['diffusion', 'language model', 'reinforcement learning', 'graph', 'tag:misc', 'year:2026 attention'];
let db: GlossDB;

beforeEach(async () => {
  db = freshDb();
  await importCorpus(db, corpus);
});

/** Ranked answers (after the index is built) of a cold service, and whether it read the papers. */
async function coldAnswers() {
  const lib = new LibraryService(db);
  const reads = vi.spyOn(db.papers, 'toArray');
  await lib.searchIndex.indexed();
  const out = [];
  for (const query of QUERIES) {
    const { total, hits } = await lib.search({ query, limit: 20 });
    out.push([query, total, hits.map((h) => [h.id, h.score.toFixed(6)])]);
  }
  const readPapers = reads.mock.calls.length > 0;
  reads.mockRestore();
  return { lib, out, readPapers };
}

const stored = async () => (await db.derived.get(SEARCH_SNAPSHOT_KEY)) as SearchSnapshotRecord | undefined;

describe('search snapshot', () => {
  test('a cold start reads the snapshot instead of the papers, and ranks the same', async () => {
    const first = await coldAnswers();
    expect(first.readPapers).toBe(true);
    await vi.waitUntil(async () => !!(await stored()), { timeout: 5000 });
    const second = await coldAnswers();
    expect(second.readPapers).toBe(false);
    expect(second.out).toEqual(first.out);
    expect(first.out.some(([, total]) => (total as number) > 0)).toBe(true);
  });

  test('a save is followed into the snapshot, and the next cold start finds it without reading the papers', async () => {
    await coldAnswers();
    await vi.waitUntil(async () => !!(await stored()), { timeout: 5000 });
    const writer = new LibraryService(db);
    await writer.save({ paper: paper({ arxiv: '2699.00001' }, { title: 'Zyxwvut quokka calibration', abstract: 'A study of quokka.' }) });
    await writer.setNote({ id: `arxiv:${corpus[3].id}`, note: 'marsupial baseline' });
    expect(await writer.searchIndex.flushSnapshot()).toBe(true);
    const cold = await coldAnswers();
    expect(cold.readPapers).toBe(false);
    const { hits } = await cold.lib.search({ query: 'quokka', limit: 5 });
    expect(hits.map((h) => h.id)).toEqual(['arxiv:2699.00001']);
    expect((await cold.lib.search({ query: 'marsupial', limit: 5 })).hits.map((h) => h.id)).toEqual([`arxiv:${corpus[3].id}`]);
  });

  test('a write the snapshot did not follow: it is not used, and the slow path finds the write', async () => {
    await coldAnswers();
    await vi.waitUntil(async () => !!(await stored()), { timeout: 5000 });
    const writer = new LibraryService(db);
    await writer.save({ paper: paper({ arxiv: '2699.00002' }, { title: 'Wombat scheduling', abstract: 'Wombats.' }) });
    // The writer's follower never flushes (its worker stopped first): the stamp moved without it.
    const cold = await coldAnswers();
    expect(cold.readPapers).toBe(true);
    expect((await cold.lib.search({ query: 'wombat', limit: 5 })).hits.map((h) => h.id)).toEqual(['arxiv:2699.00002']);
  });

  test('patching: removals and updates land, a skipped stamp refuses', () => {
    const records = asRecords(corpus.slice(0, 5)).map((r) => ({ ...r, note: '', tags: [], savedAt: 1, updatedAt: 1 }));
    const snap = toSearchSnapshot(4, records, (p) => [p.title.split(' ')[0].toLowerCase()]);
    const updated = { ...records[1], note: 'new note', tags: ['a', 'b c'] };
    const next = patchSearchSnapshot(snap, [
      { stamp: 5, set: [{ rec: updated, keywords: ['x'] }], removed: [] },
      { stamp: 6, set: [], removed: [records[0].id] },
    ])!;
    const { papers, keywords } = fromSearchSnapshot(next);
    expect(papers.map((p) => p.id).sort()).toEqual(
      records
        .slice(1)
        .map((r) => r.id)
        .sort(),
    );
    const back = papers.find((p) => p.id === updated.id)!;
    expect([back.note, back.tags, keywords(back)]).toEqual(['new note', ['a', 'b c'], ['x']]);
    expect(next.stamp).toBe(6);
    expect(patchSearchSnapshot(snap, [{ stamp: 6, set: [], removed: [] }])).toBeUndefined();
    expect(() => fromSearchSnapshot({ ...next, titles: next.titles.slice(1) })).toThrow(/damaged/);
  });

  test('a cold first search is answered from the scan columns while the index loads', async () => {
    await coldAnswers();
    await vi.waitUntil(async () => !!(await stored()), { timeout: 5000 });
    const scans = vi.spyOn(SnapshotScan.prototype, 'scan');
    const lib = new LibraryService(db);
    expect(await lib.prepareSearch()).toBeNull();
    expect(lib.searchIndex.loaded).toBe(true);
    const first = await lib.search({ query: 'diffusion', limit: 10 });
    expect(first.provisional).toBe(true);
    expect(scans).toHaveBeenCalledWith('diffusion', true);
    const columns = new SnapshotScan((await stored())!.ids, scanColumnsOf((await stored())!));
    expect(first.hits.map((h) => h.id)).toEqual(
      columns
        .scan('diffusion', true)
        .slice(0, 10)
        .map((h) => h.id),
    );
    scans.mockRestore();
  });

  /** The stored snapshot replaced by `change` of it; then a cold start's answers and whether it read the papers. */
  async function coldWith(change: (s: SearchSnapshotRecord) => object) {
    const first = await coldAnswers();
    await vi.waitUntil(async () => !!(await stored()), { timeout: 5000 });
    await db.derived.put(change((await stored())!) as SearchSnapshotRecord);
    const cold = await coldAnswers();
    return { first, cold };
  }

  test('a snapshot of the format before (no scan columns) is not read: the papers are, and the new format is stored', async () => {
    const { first, cold } = await coldWith((s) => {
      const { scanText: _text, scanStarts: _starts, format: _format, ...before } = s;
      return before;
    });
    expect(cold.readPapers).toBe(true);
    expect(cold.out).toEqual(first.out);
    await vi.waitUntil(async () => (await stored())?.format === SEARCH_SNAPSHOT_FORMAT, { timeout: 5000 });
    expect((await coldAnswers()).readPapers).toBe(false);
  });

  test('damaged scan columns are not used: the papers are read and the snapshot stored again', async () => {
    // Offsets shifted by one: every match would be given to the paper before it.
    const { first, cold } = await coldWith((s) => ({ ...s, scanStarts: s.scanStarts.map((x, i) => (i % (s.ids.length + 1) ? x + 1 : x)) }));
    expect(cold.readPapers).toBe(true);
    expect(cold.out).toEqual(first.out);
    const intact = async () => {
      try {
        return scanColumnsOf((await stored())!).length === 5;
      } catch {
        return false;
      }
    };
    await vi.waitUntil(intact, { timeout: 5000 });
    expect((await coldAnswers()).readPapers).toBe(false);
  });

  test('a missing scan column or one of another length is damage', async () => {
    const snap = toSearchSnapshot(1, asRecords(corpus.slice(0, 20)), (p) => [p.title.split(' ')[0].toLowerCase()]);
    expect(scanColumnsOf(snap)).toHaveLength(5);
    expect(() => fromSearchSnapshot({ ...snap, scanText: snap.scanText.slice(1) })).toThrow(/damaged/);
    expect(() => fromSearchSnapshot({ ...snap, scanStarts: snap.scanStarts.slice(1) })).toThrow(/damaged/);
    expect(() => fromSearchSnapshot({ ...snap, scanText: snap.scanText.map((t, i) => (i ? t : t.slice(0, -1))) })).toThrow(/damaged/);
  });

  test('a cold worker loads its stored index only once searches pause: the scan answers the keystrokes', async () => {
    await coldAnswers();
    await vi.waitUntil(async () => !!(await db.derived.get(SEARCH_INDEX_KEY)), { timeout: 10_000 });
    const lib = new LibraryService(db);
    const reads = vi.spyOn(db.derived, 'get');
    const indexReads = () => reads.mock.calls.filter(([key]) => (key as unknown) === SEARCH_INDEX_KEY).length;
    await lib.prepareSearch();
    // Keystrokes 100 ms apart for a second: each is answered by the scan, and the index waits.
    for (const query of ['di', 'dif', 'diff', 'diffu', 'diffus', 'diffusi', 'diffusio', 'diffusion']) {
      expect((await lib.search({ query, limit: 5 })).provisional).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(indexReads()).toBe(0);
    await lib.searchIndex.indexed();
    expect(indexReads()).toBe(1);
    expect((await lib.search({ query: 'diffusion', limit: 5 })).provisional).toBeUndefined();
    reads.mockRestore();
  });
});
