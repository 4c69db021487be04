/**
 * The built library search index stored beside the search snapshot (lib/library/search-index-store.ts):
 * a cold start loads it instead of building, and answers exactly as a freshly built index does; a
 * stored index from another stamp, another format or damaged is rebuilt, never trusted.
 */
import MiniSearch from 'minisearch';
import { beforeEach, describe, expect, test, vi } from 'vitest';
import type { DerivedRecord, GlossDB } from '../../lib/db/schema';
import { SEARCH_INDEX_KEY, type SearchIndexRecord } from '../../lib/library/search-index-store';
import { SEARCH_SNAPSHOT_KEY } from '../../lib/library/search-snapshot';
import { LibraryService } from '../../lib/library/service';
import { INDEX_FORMAT, INDEX_OPTIONS, LibrarySearch } from '../../lib/search/library-search';
import { RelatedIndex } from '../../lib/search/related';
import type { PaperRecord } from '../../lib/core/types';
import { asRecords, loadCorpus } from '../corpus';
import { freshDb, importCorpus, paper } from './helpers';

const corpus = loadCorpus().slice(0, 300);
// Every kind of query the search understands: prefix, typos (an edit and a swap), phrases of
// several words, filters, negation, OR, diacritics.
const QUERIES = [
  'diffusion',
  'diff',
  'reinforcment learning',
  'langauge model',
  'graph neural',
  'tag:misc',
  'year:2026 attention',
  'transformer -vision',
  'robot OR speech',
  'author:wang',
  'naïve',
  'has:note',
];
let db: GlossDB;

beforeEach(async () => {
  db = freshDb();
  await importCorpus(db, corpus);
});

const storedIndex = async () => (await db.derived.get(SEARCH_INDEX_KEY)) as SearchIndexRecord | undefined;
const storedSnapshot = async () => (await db.derived.get(SEARCH_SNAPSHOT_KEY)) as { stamp: number } | undefined;

/** A cold service's ranked answers, and whether its index was loaded or built. */
async function coldAnswers() {
  const lib = new LibraryService(db);
  const loads = vi.spyOn(MiniSearch, 'loadJSAsync');
  const adds = vi.spyOn(MiniSearch.prototype, 'addAll');
  await lib.searchIndex.indexed();
  const out = [];
  for (const query of QUERIES) {
    const { total, hits } = await lib.search({ query, limit: 30 });
    out.push([query, total, hits.map((h) => [h.id, h.score.toFixed(6), [...h.terms].sort()])]);
  }
  const loaded = loads.mock.calls.length > 0 && adds.mock.calls.length === 0;
  const built = adds.mock.calls.length > 0;
  loads.mockRestore();
  adds.mockRestore();
  return { lib, out, loaded, built };
}

/** The first cold start builds, then stores the snapshot and the index. */
async function buildAndStore() {
  const first = await coldAnswers();
  expect(first.built).toBe(true);
  await vi.waitUntil(async () => (await storedIndex())?.stamp === (await storedSnapshot())?.stamp, { timeout: 10_000 });
  return first;
}

describe('stored search index', () => {
  test('a cold start loads it instead of building, and answers exactly as the built index did', async () => {
    const first = await buildAndStore();
    expect((await storedIndex())!.format).toBe(INDEX_FORMAT);
    const second = await coldAnswers();
    expect(second.loaded).toBe(true);
    expect(second.built).toBe(false);
    expect(second.out).toEqual(first.out);
    // The queries found something, or equality would prove little.
    expect(first.out.filter(([, total]) => (total as number) > 0).length).toBeGreaterThan(8);
  });

  test('a loaded index follows writes like a built one', async () => {
    await buildAndStore();
    const cold = await coldAnswers();
    expect(cold.loaded).toBe(true);
    await cold.lib.save({ paper: paper({ arxiv: '2699.00003' }, { title: 'Platypus retrieval', abstract: 'Platypus.' }) });
    expect((await cold.lib.search({ query: 'platypus', limit: 5 })).hits.map((h) => h.id)).toEqual(['arxiv:2699.00003']);
    await cold.lib.unsave({ id: 'arxiv:2699.00003' });
    expect((await cold.lib.search({ query: 'platypus', limit: 5 })).hits).toEqual([]);
  });

  test('an index let go after writes is stored again, and the next cold start loads it with them', async () => {
    await buildAndStore();
    const warm = await coldAnswers();
    expect(warm.loaded).toBe(true);
    await warm.lib.save({ paper: paper({ arxiv: '2699.00004' }, { title: 'Echidna pruning', abstract: 'Echidna.' }) });
    await warm.lib.setNote({ id: `arxiv:${corpus[4].id}`, note: 'numbat' });
    expect(await warm.lib.searchIndex.flushSnapshot()).toBe(true);
    const stale = (await storedIndex())!.stamp;
    expect((await storedSnapshot())!.stamp).toBeGreaterThan(stale);

    await warm.lib.searchIndex.letGo();
    expect(warm.lib.searchIndex.loaded).toBe(false);
    expect((await storedIndex())!.stamp).toBe((await storedSnapshot())!.stamp);
    const cold = await coldAnswers();
    expect(cold.loaded).toBe(true);
    expect((await cold.lib.search({ query: 'echidna', limit: 5 })).hits.map((h) => h.id)).toEqual(['arxiv:2699.00004']);
    expect((await cold.lib.search({ query: 'numbat', limit: 5 })).hits.map((h) => h.id)).toEqual([`arxiv:${corpus[4].id}`]);
  });

  test('an index that missed a commit is not stored when let go', async () => {
    await buildAndStore();
    const warm = await coldAnswers();
    const stored = (await storedIndex())!.stamp;
    await warm.lib.save({ paper: paper({ arxiv: '2699.00005' }, { title: 'Wallaby tokens' }) });
    // Another writer's commit never reaches this worker's index; this worker's next one does, and
    // the database's stamp is then that of its last commit.
    await new LibraryService(db).setNote({ id: `arxiv:${corpus[4].id}`, note: 'numbat' });
    await warm.lib.save({ paper: paper({ arxiv: '2699.00006' }, { title: 'Bilby tokens' }) });
    expect((await warm.lib.search({ query: 'numbat', limit: 5 })).hits).toEqual([]);
    await warm.lib.searchIndex.letGo();
    expect((await storedIndex())!.stamp).toBe(stored);
    const cold = await coldAnswers();
    expect(cold.loaded).toBe(false);
    expect((await cold.lib.search({ query: 'numbat', limit: 5 })).hits.map((h) => h.id)).toEqual([`arxiv:${corpus[4].id}`]);
  });

  test('a stale stored index (a later write moved the snapshot on) is rebuilt, not trusted', async () => {
    await buildAndStore();
    const stale = (await storedIndex())!;
    const writer = new LibraryService(db);
    // A note: the same papers, so only the stamp tells the stored index is stale.
    const noted = `arxiv:${corpus[3].id}`;
    await writer.setNote({ id: noted, note: 'quokka calibration' });
    // The snapshot follows the write; the stored index does not.
    expect(await writer.searchIndex.flushSnapshot()).toBe(true);
    expect((await storedSnapshot())!.stamp).toBeGreaterThan(stale.stamp);

    const cold = await coldAnswers();
    expect(cold.loaded).toBe(false);
    expect(cold.built).toBe(true);
    expect((await cold.lib.search({ query: 'quokka', limit: 5 })).hits.map((h) => h.id)).toEqual([noted]);
    // Rebuilt, it is stored again at the new stamp.
    await vi.waitUntil(async () => (await storedIndex())?.stamp === (await storedSnapshot())?.stamp, { timeout: 10_000 });

    // Negative control: the stale index, had it been trusted, would not know the paper.
    const trusted = MiniSearch.loadJS(JSON.parse(stale.json).minisearch, INDEX_OPTIONS);
    expect(trusted.has(noted)).toBe(true);
    expect(trusted.search('quokka')).toEqual([]);
  });

  test('a stored index of another format, or damaged, is rebuilt', async () => {
    const first = await buildAndStore();
    const good = (await storedIndex())!;
    await db.derived.put(<SearchIndexRecord & DerivedRecord>{ ...good, format: 'minisearch-7/older-fields' });
    const other = await coldAnswers();
    expect(other.loaded).toBe(false);
    expect(other.out).toEqual(first.out);

    // Right stamp and format, but not an index of these papers: refused once loaded, then built.
    const few = new LibrarySearch();
    few.load(asRecords(corpus.slice(0, 10)), () => []);
    await db.derived.put(<SearchIndexRecord & DerivedRecord>{ ...good, json: few.toJSON()! });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const wrong = await coldAnswers();
    expect(wrong.built).toBe(true);
    expect(wrong.out).toEqual(first.out);

    await db.derived.put(<SearchIndexRecord & DerivedRecord>{ ...good, json: '{"not": "an index"' });
    const damaged = await coldAnswers();
    expect(damaged.built).toBe(true);
    expect(damaged.out).toEqual(first.out);
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });
});

describe('LibrarySearch.restore', () => {
  const records: PaperRecord[] = asRecords(loadCorpus().slice(0, 600));
  const vectors = new RelatedIndex();
  const keywords = (p: PaperRecord) => vectors.vectorFor(p).map(([t]) => t);

  test('round-trips through toJSON: the same hits and scores, and later edits land the same', async () => {
    const built = new LibrarySearch();
    await built.build(records, keywords, 100);
    const json = built.toJSON()!;
    const restored = new LibrarySearch();
    expect(await restored.restore(records, Promise.resolve(json), keywords)).toBe(true);
    const edit = { ...records[5], note: 'capybara ablation' };
    for (const s of [built, restored]) {
      s.set(edit, keywords(edit));
      s.remove(records[6].id);
    }
    // Hits, scores and matched terms (in any order: MiniSearch lists them as it meets them).
    const answer = (s: LibrarySearch, q: string) => s.search(q).hits.map((h) => [h.id, h.score, [...h.terms].sort()]);
    for (const q of [...QUERIES, 'capybara', records[6].title]) expect(answer(restored, q)).toEqual(answer(built, q));
    expect(restored.search('capybara').hits.map((h) => h.id)).toEqual([records[5].id]);
  });

  test('while the stored index is read, a scan answers', async () => {
    const built = new LibrarySearch();
    built.load(records, keywords);
    let give!: (json: string) => void;
    const restored = new LibrarySearch();
    const done = restored.restore(records, new Promise<string>((resolve) => (give = resolve)), keywords);
    expect(restored.search('diffusion').provisional).toBe(true);
    give(built.toJSON()!);
    expect(await done).toBe(true);
    expect(restored.search('diffusion').hits.map((h) => h.id)).toEqual(built.search('diffusion').hits.map((h) => h.id));
  });
});
