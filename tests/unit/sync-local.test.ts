/** The local side of sync over the real store (fake-indexeddb): what lib/zotero's engine relies on. */
import { beforeEach, describe, expect, test } from 'vitest';
import type { GlossDB } from '../../lib/db/schema';
import { LibraryService } from '../../lib/library/service';
import { SyncLocal } from '../../lib/library/sync-local';
import { normalizeTitle } from '../../lib/core/ids';
import { freshDb, paper } from './helpers';

let db: GlossDB;
let lib: LibraryService;
let local: SyncLocal;
let clock: number;
const p = paper({ arxiv: '2401.00001' }, { title: 'Sparse attention for long documents, revisited' });

beforeEach(() => {
  db = freshDb();
  clock = 1_000;
  lib = new LibraryService(db, { now: () => clock });
  local = new SyncLocal(db, lib.store, () => clock);
});

describe('SyncLocal', () => {
  test('the outbox read with a cursor per consumer; acknowledged entries go', async () => {
    await lib.save({ paper: p });
    await lib.save({ paper: paper({ arxiv: '2401.00002' }) });
    expect(await local.cursor('zotero')).toBe(0);
    const entries = await local.changes(0, 10);
    expect(entries.map((e) => e.id)).toEqual([p.id, 'arxiv:2401.00002']);
    await local.ack('zotero', entries[0].seq);
    expect(await local.cursor('zotero')).toBe(entries[0].seq);
    expect((await local.changes(0, 10)).map((e) => e.id)).toEqual(['arxiv:2401.00002']);
  });

  test('a removed paper reads as a tombstone with its note and tags, found by any identity', async () => {
    await lib.save({ paper: p, note: 'keep me', tags: ['t'] });
    clock = 5_000;
    await lib.unsave({ id: p.id });
    const dead = (await local.get(p.id))!;
    expect(dead).toMatchObject({ id: p.id, deleted: 5_000, version: 2, note: 'keep me', tags: ['t'] });
    expect(dead.mtimes!.saved).toBe(5_000);
    expect((await local.findByIdentity(['doi:10.48550/arxiv.2401.00001']))!.id).toBe(p.id);
    await lib.save({ paper: p });
    expect((await local.findByIdentity([`title:${normalizeTitle(p.title)}`]))!).toMatchObject({ id: p.id, version: 3 });
  });

  test('a write from sync applies only at the version it was computed from, and never enters the outbox', async () => {
    await lib.save({ paper: p });
    const [entry] = await local.changes(0, 10);
    await local.ack('zotero', entry.seq);
    expect(await local.applyFromSync({ id: p.id, expectedVersion: 7, note: 'stale' })).toBeNull();
    const after = await local.applyFromSync({ id: p.id, expectedVersion: 1, note: 'from Zotero', tags: ['z'] });
    expect(after).toMatchObject({ note: 'from Zotero', tags: ['z'], version: 2 });
    expect(await local.changes(0, 10)).toEqual([]);
    // The library and its search follow like any other write.
    expect((await lib.search({ query: 'zotero' })).hits.map((h) => h.id)).toEqual([p.id]);
    // Deleted there: a tombstone here, the note kept in the trash.
    expect(await local.applyFromSync({ id: p.id, expectedVersion: 2, deleted: true })).toMatchObject({ deleted: clock, note: 'from Zotero' });
    expect(await db.papers.count()).toBe(0);
    expect((await db.trash.get(p.id))!.note).toBe('from Zotero');
    // Saved again there: back from the trash, one version on.
    expect(await local.applyFromSync({ id: p.id, expectedVersion: 3, deleted: false })).toMatchObject({ note: 'from Zotero', version: 4 });
    expect(await local.changes(0, 10)).toEqual([]);
  });

  test('a paper new to this library is created from the metadata sync brings; a create races nothing', async () => {
    const q = paper({ doi: '10.1000/xyz' }, { title: 'A paper only in Zotero' });
    const made = await local.applyFromSync({
      id: q.id,
      expectedVersion: undefined,
      paper: { title: q.title, authors: q.authors, abstract: undefined, published: '2024', ids: q.ids },
      note: 'n',
    });
    expect(made).toMatchObject({ id: q.id, title: q.title, note: 'n', version: 1 });
    expect((await lib.lookup({ papers: [q] }))[0].saved).toBe(true);
    // A second create for the same id is refused: it exists now.
    expect(
      await local.applyFromSync({ id: q.id, expectedVersion: undefined, paper: { title: 'x', authors: [], abstract: undefined, published: undefined } }),
    ).toBeNull();
  });
});
