/**
 * The library search while its index is built in the background (a cold worker's first search):
 * a scan answers, marked provisional; writes made meanwhile reach both the scan and the index.
 */
import { describe, expect, test } from 'vitest';
import { LibrarySearch } from '../../lib/search/library-search';
import { RelatedIndex } from '../../lib/search/related';
import type { PaperRecord } from '../../lib/core/types';
import { RelatedEngine } from '../../lib/library/related-engine';
import { SearchEngine } from '../../lib/library/search-engine';
import { LibraryService } from '../../lib/library/service';
import { asRecords, loadCorpus } from '../corpus';
import { freshDb, paper } from './helpers';

const records: PaperRecord[] = asRecords(loadCorpus().slice(0, 900)).map((p, i) => ({
  ...p,
  note: i % 7 === 0 ? 'Read for the reading group.' : '',
  tags: i % 5 === 0 ? ['to-read'] : [],
}));

const vectors = new RelatedIndex();
const keywords = (p: PaperRecord) => vectors.vectorFor(p).map(([t]) => t);
const startsWord = (text: string, word: string) => new RegExp(`(?<![\\p{L}\\p{N}])${word}`, 'iu').test(text);
const text = (p: PaperRecord) => [p.title, p.abstract, p.note, p.tags.join(' '), p.authors.join(' ')].join(' ');

describe('library search during the background build', () => {
  test('answers by a scan, marked provisional, with the same filters; then by the index', async () => {
    const search = new LibrarySearch();
    const built = search.build(records, keywords, 100);
    expect(search.indexed).toBe(false);

    const scan = search.search('diffusion', { limit: 1000 });
    expect(scan.provisional).toBe(true);
    const expected = records.filter((p) => startsWord(text(p), 'diffusion')).map((p) => p.id);
    expect(expected.length).toBeGreaterThan(10);
    expect(new Set(scan.hits.map((h) => h.id))).toEqual(new Set(expected));
    // A title hit outranks a paper that has the word only in its abstract.
    const first = records.find((p) => p.id === scan.hits[0].id)!;
    expect(startsWord(first.title, 'diffusion')).toBe(true);

    const filtered = search.search('diffusion tag:to-read', { limit: 1000 });
    expect(filtered.hits.map((h) => h.id).sort()).toEqual(expected.filter((id) => records.find((p) => p.id === id)!.tags.includes('to-read')).sort());
    expect(search.search('diffusion model', { limit: 1000 }).hits.every((h) => startsWord(text(records.find((p) => p.id === h.id)!), 'model'))).toBe(true);

    await built;
    expect(search.indexed).toBe(true);
    const ranked = search.search('diffusion', { limit: 1000 });
    expect(ranked.provisional).toBeUndefined();
    expect(ranked.hits.length).toBeGreaterThan(0);
  });

  test('saves, edits and deletions made during the build are in the scan at once and in the index after', async () => {
    const search = new LibrarySearch();
    const built = search.build(records, keywords, 100);
    const added: PaperRecord = { ...records[0], id: 'arxiv:2699.00001', ids: { arxiv: '2699.00001' }, aliases: ['arxiv:2699.00001'], title: 'Quokka networks' };
    const edited: PaperRecord = { ...records[850], note: 'Compare with the wombat baseline.' };
    const removed = records[851];
    search.set(added, keywords(added));
    search.set(edited, keywords(edited));
    search.remove(removed.id);

    expect(search.search('quokka').hits.map((h) => h.id)).toEqual([added.id]);
    expect(search.search('wombat').hits.map((h) => h.id)).toEqual([edited.id]);
    expect(search.search(removed.title).hits.map((h) => h.id)).not.toContain(removed.id);

    await built;
    expect(search.search('quokka')).toMatchObject({ hits: [{ id: added.id }] });
    expect(search.search('wombat')).toMatchObject({ hits: [{ id: edited.id }] });
    expect(search.search(removed.title).hits.map((h) => h.id)).not.toContain(removed.id);
    expect(search.size).toBe(records.length);
  });
});

describe('search index lifetime in the worker', () => {
  test('an index nobody searches is let go, and the next search builds it again', async () => {
    const db = freshDb();
    const lib = new LibraryService(db);
    await lib.save({ paper: paper({ arxiv: '2401.00001' }, { title: 'Quokka networks' }) });
    const related = new RelatedEngine(db);
    const engine = new SearchEngine(db, (p) => related.vectorsFor(p).v.map(([t]) => t), 300);
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    expect((await engine.search('quokka', {})).hits.map((h) => h.id)).toEqual(['arxiv:2401.00001']);
    expect(engine.loaded).toBe(true);
    await sleep(200);
    await engine.search('quok', {});
    await sleep(150);
    expect(engine.loaded).toBe(true); // each search restarts the wait: 350 ms since the first
    await sleep(400);
    expect(engine.loaded).toBe(false);
    expect((await engine.search('quokka', {})).hits.map((h) => h.id)).toEqual(['arxiv:2401.00001']);
  });
});
