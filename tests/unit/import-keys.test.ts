/**
 * An import looks up only the papers whose keys the library holds (lib/library/import-keys.ts):
 * the keys are read once and kept current by every write, so nothing saved meanwhile is missed,
 * and a new paper needs no outbox read.
 */
import { beforeEach, expect, test, vi } from 'vitest';
import { aliasesOfPaper } from '../../lib/core/identity';
import { IMPORT_PART } from '../../lib/background/imports';
import { LibraryKeys } from '../../lib/library/import-keys';
import { findExisting } from '../../lib/library/import-lookup';
import { LibraryService } from '../../lib/library/service';
import { handleRequest, type Handlers } from '../../lib/rpc/server';
import { MAX_IMPORT_CHUNK } from '../../lib/rpc/protocol';
import { EXT, backgroundFor, freshDb, paper, senders } from './helpers';

let lib: LibraryService;
let handlers: Handlers;
beforeEach(() => {
  lib = new LibraryService(freshDb());
  handlers = backgroundFor(lib).handlers;
});

const arxiv = (i: number) => `2401.${String(i).padStart(5, '0')}`;
const items = (n: number, from = 0) => Array.from({ length: n }, (_, i) => ({ paper: paper({ arxiv: arxiv(from + i) }), where: `paper ${i + 1}` }));
const wantedOf = (papers: ReturnType<typeof paper>[]) => papers.map((p) => ({ aliases: aliasesOfPaper(p), paper: p }));

type Answer<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
const value = async <T>(method: string, args: unknown): Promise<T> => {
  const a = (await handleRequest(handlers, { gloss: 1, method, args }, senders.libraryPage, EXT)) as Answer<T>;
  if (!a.ok) throw new Error(a.error.message);
  return a.value;
};

test('into a library that holds none of its papers, an import reads nothing per paper; a held key is looked up as before', async () => {
  await lib.importItems({ items: items(300) });
  const where = vi.spyOn(lib.db.papers, 'where');
  const summary = await lib.importItems({ items: [...items(400, 1_000), ...items(2, 298)] });
  expect(summary).toMatchObject({ added: 400, unchanged: 2 });
  // The two held papers: one alias read each (direct hits by id need none); the 400 new: none.
  expect(where.mock.calls.length).toBeLessThanOrEqual(4);
  // Negative control: the same lookup without the keys reads per paper.
  where.mockClear();
  const fresh = items(200, 5_000).map((i) => i.paper);
  expect((await lib.db.transaction('r', lib.db.papers, () => findExisting(lib.db, wantedOf(fresh)))).every((r) => !r)).toBe(true);
  expect(where.mock.calls.length).toBeGreaterThanOrEqual(400);
});

test('a paper saved after the keys were read is found by the next lookup (the store tells the keys); a deaf copy of the keys misses it', async () => {
  await lib.importItems({ items: items(10) });
  const keys = new LibraryKeys(lib.db, lib.store);
  const deaf = new LibraryKeys(lib.db, { watchStored: () => () => {} });
  await Promise.all([keys.get(), deaf.get()]);
  // Saved by DOI only; the file has it with its arXiv id too (another canonical id).
  await lib.save({ paper: paper({ doi: '10.1234/saved-meanwhile' }, { title: 'Saved meanwhile' }) });
  const inFile = paper({ arxiv: '2402.00001', doi: '10.1234/saved-meanwhile' }, { title: 'Saved meanwhile' });
  const find = async (k: LibraryKeys) => (await lib.db.transaction('r', lib.db.papers, async () => findExisting(lib.db, wantedOf([inFile]), await k.get())))[0];
  expect((await find(keys))?.id).toBe('doi:10.1234/saved-meanwhile');
  expect(await find(deaf)).toBeUndefined();
  keys.release();
  deaf.release();
});

test('saved between two parts of an import, under an identifier and a title a later part has: merged, not doubled', async () => {
  const all = items(IMPORT_PART + 2);
  all.push({ paper: paper({ arxiv: '2402.00002', doi: '10.1234/by-doi' }), where: 'by doi' });
  all.push({ paper: paper({ arxiv: '2402.00003' }, { title: 'A preprint and its published version' }), where: 'by title' });
  let token: string | undefined;
  for (let i = 0; i < all.length; i += MAX_IMPORT_CHUNK)
    token = (await value<{ token: string }>('importStage', { token, items: all.slice(i, i + MAX_IMPORT_CHUNK) })).token;
  const first = await value<{ written: number }>('importStep', { token, mode: 'merge' });
  expect(first.written).toBe(IMPORT_PART);
  await lib.save({ paper: paper({ doi: '10.1234/by-doi' }), note: 'mine' });
  await lib.save({ paper: paper({ doi: '10.1234/published' }, { title: 'A preprint and its published version' }) });
  const last = await value<{ done: boolean; added: number; updated: number }>('importStep', { token, mode: 'merge' });
  expect(last).toMatchObject({ done: true, added: IMPORT_PART + 2, updated: 2 });
  expect(await lib.db.papers.count()).toBe(IMPORT_PART + 4);
  expect((await lib.db.papers.get('doi:10.1234/by-doi'))?.aliases).toContain('arxiv:2402.00002');
  expect((await lib.db.papers.get('doi:10.1234/published'))?.aliases).toContain('arxiv:2402.00003');
});

test('a new paper is written without reading its old record, tombstone or outbox entry; a removed one imported again is read, numbered on and keeps one entry', async () => {
  await lib.importItems({ items: items(5) });
  await lib.unsave({ id: `arxiv:${arxiv(0)}` });
  // The ids the outbox is read for.
  const asked: string[] = [];
  const where = lib.db.outbox.where.bind(lib.db.outbox);
  vi.spyOn(lib.db.outbox, 'where').mockImplementation(((index: string) => {
    const clause = where(index);
    const anyOf = clause.anyOf.bind(clause);
    clause.anyOf = ((keys: string[]) => (asked.push(...keys), anyOf(keys))) as typeof clause.anyOf;
    return clause;
  }) as typeof lib.db.outbox.where);
  const graveReads = vi.spyOn(lib.db.tombstones, 'bulkGet');
  const version = (await lib.db.tombstones.get(`arxiv:${arxiv(0)}`))!.version;
  await lib.importItems({ items: items(7) });
  // The store reads the old record and tombstone of the removed paper only, and numbers it on.
  expect(graveReads.mock.calls.map(([ids]) => ids)).toEqual([[`arxiv:${arxiv(0)}`]]);
  expect((await lib.db.papers.get(`arxiv:${arxiv(0)}`))?.version).toBe(version + 1);
  expect((await lib.db.papers.get(`arxiv:${arxiv(6)}`))?.version).toBe(1);
  // Read for the removed paper (its tombstone says it may have an entry); not for the 2 new ones.
  expect(asked).toEqual([`arxiv:${arxiv(0)}`]);
  const entries = await lib.store.outbox({ limit: 100 });
  expect(entries.map((e) => e.id).sort()).toEqual(
    items(7)
      .map((i) => i.paper.id)
      .sort(),
  );
  expect(entries.find((e) => e.id === `arxiv:${arxiv(0)}`)).not.toHaveProperty('deleted');
});
