/** A large import is written in parts: progress, lookups between parts, stop, a failure half way. */
import { beforeEach, expect, test, vi } from 'vitest';
import { LibraryService } from '../../lib/library/service';
import { handleRequest, type Handlers } from '../../lib/rpc/server';
import { IMPORT_PART } from '../../lib/background/imports';
import { MAX_IMPORT_CHUNK } from '../../lib/rpc/protocol';
import { EXT, backgroundFor, freshDb, paper, senders } from './helpers';

let lib: LibraryService;
let handlers: Handlers;
beforeEach(() => {
  lib = new LibraryService(freshDb());
  handlers = backgroundFor(lib).handlers;
});

type Answer<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };
const ask = <T = unknown>(method: string, args: unknown) => handleRequest(handlers, { gloss: 1, method, args }, senders.libraryPage, EXT) as Promise<Answer<T>>;
const value = async <T>(answer: Promise<Answer<T>>): Promise<T> => {
  const a = await answer;
  if (!a.ok) throw new Error(a.error.message);
  return a.value;
};
const arxiv = (i: number) => `2401.${String(i).padStart(5, '0')}`;
const items = (n: number) => Array.from({ length: n }, (_, i) => ({ paper: paper({ arxiv: arxiv(i) }), note: `note ${i}`, where: `paper ${i + 1}` }));
type Progress = { written: number; total: number; done: boolean; added: number; updated: number; unchanged: number; removed: number };

async function stage(all: Array<{ paper: ReturnType<typeof paper>; note?: string; where: string }>) {
  let token: string | undefined;
  for (let i = 0; i < all.length; i += MAX_IMPORT_CHUNK)
    token = (await value(ask<{ token: string }>('importStage', { token, items: all.slice(i, i + MAX_IMPORT_CHUNK) }))).token;
  return token!;
}

test('each step writes one part in its own transaction; between parts the library answers with what is written', async () => {
  const n = 2 * IMPORT_PART + 500;
  const token = await stage(items(n));
  const seen: number[] = [];
  let last: Progress;
  do {
    last = await value(ask<Progress>('importStep', { token, mode: 'merge' }));
    // A lookup between parts is answered (no transaction holds the papers) and sees whole parts.
    seen.push(await lib.db.papers.count());
    expect(last.written).toBe(seen.at(-1));
  } while (!last.done);
  expect(seen).toEqual([IMPORT_PART, 2 * IMPORT_PART, n]);
  expect(last).toMatchObject({ written: n, total: n, added: n, updated: 0, unchanged: 0 });
  expect((await lib.db.papers.get(`arxiv:${arxiv(n - 1)}`))?.note).toBe(`note ${n - 1}`);
  // The last part spent the token.
  expect(await ask('importStep', { token, mode: 'merge' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
});

test('a paper twice in one file, in different parts, is one paper, counted as the preview counts it', async () => {
  const all = items(IMPORT_PART + 200);
  // The last item is the first paper again, with a note the first copy lacked: it merges into it.
  all.push({ paper: paper({ arxiv: arxiv(0) }), note: 'second copy', where: 'last' });
  const token = await stage(all);
  const preview = await value(ask<Progress>('importCommit', { token, mode: 'merge', dryRun: true }));
  let last: Progress;
  do last = await value(ask<Progress>('importStep', { token, mode: 'merge' }));
  while (!last.done);
  expect(await lib.db.papers.count()).toBe(IMPORT_PART + 200);
  expect({ added: last.added, updated: last.updated, unchanged: last.unchanged }).toEqual({
    added: preview.added,
    updated: preview.updated,
    unchanged: preview.unchanged,
  });
  expect(last.added).toBe(IMPORT_PART + 200);
  // Negative control: counted per part without the import's memory, the merge would be an update.
  const parts = new LibraryService(freshDb());
  await parts.importItems({ items: all.slice(0, IMPORT_PART) });
  expect(await parts.importItems({ items: all.slice(IMPORT_PART) })).toMatchObject({ added: 200, updated: 1 });
});

test('Stop between parts keeps the written parts whole and drops the rest', async () => {
  const n = 3 * IMPORT_PART;
  const token = await stage(items(n));
  await value(ask('importStep', { token, mode: 'merge' }));
  const stopped = await value(ask<Progress>('importCancel', { token }));
  expect(stopped).toMatchObject({ written: IMPORT_PART, total: n, added: IMPORT_PART, done: false });
  expect(await lib.db.papers.count()).toBe(IMPORT_PART);
  expect(await ask('importStep', { token, mode: 'merge' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  // The library is usable and consistent: every written paper has its note and its vectors.
  expect(await lib.db.vectors.count()).toBe(IMPORT_PART);
  expect((await lib.db.papers.get(`arxiv:${arxiv(IMPORT_PART - 1)}`))?.note).toBe(`note ${IMPORT_PART - 1}`);
  expect(await lib.db.papers.get(`arxiv:${arxiv(IMPORT_PART)}`)).toBeUndefined();
});

test('a failure half way rolls back its part and says how much was imported before it', async () => {
  const n = 3 * IMPORT_PART;
  const token = await stage(items(n));
  await value(ask('importStep', { token, mode: 'merge' }));
  // The second part fails inside its transaction, after its papers were put.
  const spy = vi.spyOn(lib.db.vectors, 'bulkPut').mockImplementationOnce(() => Promise.reject(new Error('disk full')) as never);
  const failed = await ask('importStep', { token, mode: 'merge' });
  spy.mockRestore();
  expect(failed).toMatchObject({ ok: false });
  const message = (failed as { error: { message: string } }).error.message;
  expect(message).toContain('disk full');
  expect(message).toContain('(in papers 1,001–2,000, paper 1001 on)');
  expect(message).toContain('1,000 papers of 3,000 were imported before it (1000 new, 0 updated); the rest were not.');
  // The failed part left nothing: only the first part is in the library, papers and vectors alike.
  expect(await lib.db.papers.count()).toBe(IMPORT_PART);
  expect(await lib.db.vectors.count()).toBe(IMPORT_PART);
  expect(await ask('importStep', { token, mode: 'merge' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  // Negative control: the same write with bulkPut intact goes through.
  const again = await stage(items(n));
  let last: Progress;
  do last = await value(ask<Progress>('importStep', { token: again, mode: 'merge' }));
  while (!last.done);
  expect(await lib.db.papers.count()).toBe(n);
});

test('replace in parts: a backup first, the library removed with the first part, the rest merged after', async () => {
  await lib.importItems({ items: [{ paper: paper({ arxiv: '2312.00001' }), note: 'mine', where: 'x' }] });
  const n = IMPORT_PART + 10;
  const token = await stage(items(n));
  const first = await value(ask<Progress & { backup?: { count: number } }>('importStep', { token, mode: 'replace' }));
  expect(first).toMatchObject({ removed: 1, written: IMPORT_PART, backup: { count: 1 } });
  expect(await lib.db.papers.get('arxiv:2312.00001')).toBeUndefined();
  // A step in the other mode is refused: the import is a replace.
  expect(await ask('importStep', { token, mode: 'merge' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
  const last = await value(ask<Progress>('importStep', { token, mode: 'replace' }));
  expect(last).toMatchObject({ done: true, removed: 1, added: n, written: n });
  expect(await lib.db.papers.count()).toBe(n);
});

test('two steps at once are refused rather than writing one part twice', async () => {
  const token = await stage(items(2 * IMPORT_PART));
  const [a, b] = await Promise.all([ask('importStep', { token, mode: 'merge' }), ask('importStep', { token, mode: 'merge' })]);
  expect([a.ok, b.ok].sort()).toEqual([false, true]);
  expect(await lib.db.papers.count()).toBe(IMPORT_PART);
});

test('indexes, pages and tabs hear of an import once, with its last part, or when it stops early', async () => {
  const heard: Array<{ reset?: boolean; changes: number }> = [];
  lib.store.subscribe((c) => void heard.push({ reset: c.reset, changes: c.changes.length }));
  const token = await stage(items(3 * IMPORT_PART));
  for (let i = 0; i < 2; i++) await value(ask('importStep', { token, mode: 'merge' }));
  // Two parts written, nothing announced yet: an open tab's related index is not reloaded per part.
  expect(heard).toEqual([]);
  await value(ask('importStep', { token, mode: 'merge' }));
  expect(heard).toEqual([{ reset: true, changes: IMPORT_PART }]);

  // Stopped after one part: the stop announces what was written.
  heard.length = 0;
  const stopped = await stage(items(2 * IMPORT_PART).map((it, i) => ({ ...it, paper: paper({ arxiv: `2402.${String(i).padStart(5, '0')}` }) })));
  await value(ask('importStep', { token: stopped, mode: 'merge' }));
  expect(heard).toEqual([]);
  await value(ask('importCancel', { token: stopped }));
  expect(heard).toEqual([{ reset: true, changes: 0 }]);
});

test('two entries of one paper by title (preprint and published) are one paper whether they fall in one part or two', async () => {
  const title = 'Sparse Attention Routing for Long-Context Evaluation';
  const preprint = { paper: paper({ arxiv: '2403.00001' }, { title, authors: ['Ada Lovelace'] }), where: 'first' };
  const published = { paper: paper({ doi: '10.1000/sparse' }, { title, authors: ['A. Lovelace', 'Alan Turing'] }), where: 'last' };
  const other = { paper: paper({ doi: '10.1000/other' }, { title, authors: ['Grace Hopper'] }), where: 'other' };
  const fill = items(IMPORT_PART - 1);
  const all = [preprint, ...fill, published, other];
  // One shot (the preview) and in parts (the preprint in part 1, the published version in part 2).
  const oneShot = new LibraryService(freshDb());
  expect(await oneShot.importItems({ items: all })).toMatchObject({ added: IMPORT_PART + 1 });
  const token = await stage(all);
  let last: Progress;
  do last = await value(ask<Progress>('importStep', { token, mode: 'merge' }));
  while (!last.done);
  expect(last.added).toBe(IMPORT_PART + 1);
  expect(await lib.db.papers.count()).toBe(IMPORT_PART + 1);
  expect((await lib.db.papers.get('arxiv:2403.00001'))?.aliases).toContain('doi:10.1000/sparse');
  // Negative control: no author in common (Grace Hopper) is another paper, in both.
  expect(await lib.db.papers.where('aliases').equals('doi:10.1000/other').count()).toBe(1);
  expect(await oneShot.db.papers.where('aliases').equals('doi:10.1000/other').count()).toBe(1);
});
