/**
 * The store as the seam for sync: versions, per-field modification times, tombstones, an outbox
 * that a consumer reads and acknowledges, and changes announced only after they commit.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import type { GlossDB } from '../../lib/db/schema';
import { LibraryService } from '../../lib/library/service';
import { changedFields, type Commit } from '../../lib/library/store';
import { freshDb, paper } from './helpers';

let db: GlossDB;
let lib: LibraryService;
let clock: number;
let commits: Commit[];

beforeEach(() => {
  db = freshDb();
  clock = 1_000;
  lib = new LibraryService(db, { now: () => clock });
  commits = [];
  lib.store.subscribe((c) => commits.push(c));
});

const p = paper({ arxiv: '2401.00001' });

describe('versions and modification times', () => {
  test('each write is one version on; only the fields it changed get its time', async () => {
    await lib.save({ paper: p, tags: ['a'] });
    const saved = (await db.papers.get(p.id))!;
    expect(saved.version).toBe(1);
    expect(saved.mtimes).toMatchObject({ title: 1_000, authors: 1_000, note: 1_000, tags: 1_000 });
    clock = 2_000;
    await lib.setNote({ id: p.id, note: 'read §3' });
    clock = 3_000;
    await lib.setTags({ id: p.id, tags: ['a', 'b'] });
    const rec = (await db.papers.get(p.id))!;
    expect(rec.version).toBe(3);
    expect(rec.mtimes).toMatchObject({ title: 1_000, note: 2_000, tags: 3_000 });
    expect(Object.keys(rec.mtimes!)).not.toContain('updatedAt');
    expect(commits.map((c) => c.changes.map((x) => [x.id, x.version, x.fields]))).toEqual([
      [[p.id, 1, expect.arrayContaining(['title', 'note', 'tags'])]],
      [[p.id, 2, ['note']]],
      [[p.id, 3, ['tags']]],
    ]);
  });

  test('changedFields sees nested changes and ignores bookkeeping', () => {
    const rec = { ...p, aliases: [p.id], titleKey: 'x', note: '', tags: [], savedAt: 1, updatedAt: 1 };
    expect(changedFields(rec, { ...rec, updatedAt: 9, version: 4, aliases: ['y'] })).toEqual([]);
    expect(changedFields(rec, { ...rec, links: { abs: 'https://arxiv.org/abs/2401.00001' } })).toEqual(['links']);
    expect(changedFields(undefined, rec)).toContain('title');
  });
});

describe('tombstones', () => {
  test('a removed paper leaves a tombstone one version on; saved again, it carries on from there', async () => {
    await lib.save({ paper: p });
    await lib.setNote({ id: p.id, note: 'n' });
    await lib.unsave({ id: p.id });
    expect(await lib.store.tombstone(p.id)).toMatchObject({ id: p.id, version: 3 });
    // Found by any identifier of the paper.
    expect(await lib.store.tombstone('doi:10.48550/arxiv.2401.00001')).toMatchObject({ id: p.id });
    expect(commits.at(-1)!.changes).toEqual([{ id: p.id, version: 3, fields: [], record: null, aliases: expect.arrayContaining([p.id]) }]);
    await lib.restore({ ids: [p.id] });
    expect((await db.papers.get(p.id))!.version).toBe(4);
    expect(await lib.store.tombstone(p.id)).toBeUndefined();
  });
});

describe('the outbox', () => {
  test('holds one entry per changed paper, with every field changed since it was last acknowledged', async () => {
    const q = paper({ arxiv: '2401.00002' });
    await lib.save({ paper: p });
    await lib.save({ paper: q });
    await lib.setNote({ id: p.id, note: 'n' });
    const entries = await lib.store.outbox();
    expect(entries.map((e) => e.id)).toEqual([q.id, p.id]);
    expect(entries[1]).toMatchObject({ version: 2, fields: expect.arrayContaining(['title', 'note']) });
    // A consumer sent both; meanwhile q changed again: that newer entry stays.
    const through = entries.at(-1)!.seq!;
    await lib.setTags({ id: q.id, tags: ['x'] });
    expect(await lib.store.ackOutbox({ through })).toEqual({ acknowledged: 1 });
    // q's entry was re-queued before the acknowledgement: it keeps the fields of both changes
    // (sending a field twice is harmless, missing one is not).
    expect(await lib.store.outbox()).toEqual([expect.objectContaining({ id: q.id, version: 2, fields: expect.arrayContaining(['tags', 'title']) })]);
  });

  test('a deletion is queued as such, and read in pages after a cursor', async () => {
    for (let i = 1; i <= 5; i++) await lib.save({ paper: paper({ arxiv: `2401.0000${i}` }) });
    await lib.unsave({ id: 'arxiv:2401.00003' });
    const all = await lib.store.outbox();
    expect(all.at(-1)).toMatchObject({ id: 'arxiv:2401.00003', deleted: true });
    const first = await lib.store.outbox({ limit: 2 });
    const rest = await lib.store.outbox({ after: first.at(-1)!.seq });
    expect([...first, ...rest]).toEqual(all);
  });

  test('writes applied from a sync keep their times and do not go back out', async () => {
    await lib.save({ paper: p });
    await lib.store.ackOutbox({ through: Number.MAX_SAFE_INTEGER });
    const rec = (await db.papers.get(p.id))!;
    await lib.store.write((w) => w.put([{ ...rec, note: 'from another machine', mtimes: { ...rec.mtimes, note: 500 } }]), { origin: 'sync' });
    const after = (await db.papers.get(p.id))!;
    expect(after).toMatchObject({ note: 'from another machine', version: 2 });
    expect(after.mtimes!.note).toBe(500);
    expect(await lib.store.outbox()).toEqual([]);
    expect(commits.at(-1)!.origin).toBe('sync');
  });
});

describe('committed changes only', () => {
  test('a write that fails is rolled back whole, and nobody hears of it', async () => {
    await lib.save({ paper: p });
    const before = commits.length;
    await expect(
      lib.store.write(async (w) => {
        await w.put([{ ...(await db.papers.get(p.id))!, note: 'lost' }]);
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect((await db.papers.get(p.id))!.note).toBe('');
    expect(commits.length).toBe(before);
    expect((await lib.store.outbox()).map((e) => e.version)).toEqual([1]);
  });

  test('the indexes follow the feed: a note is searchable once its write committed', async () => {
    await lib.save({ paper: p });
    expect((await lib.search({ query: 'quokka' })).total).toBe(0);
    await lib.setNote({ id: p.id, note: 'quokka' });
    expect((await lib.search({ query: 'quokka' })).hits.map((h) => h.id)).toEqual([p.id]);
  });

  test('a subscriber that throws does not keep the others from the change', async () => {
    lib.store.subscribe(() => {
      throw new Error('broken subscriber');
    });
    const after: string[] = [];
    lib.store.subscribe((c) => after.push(...c.changes.map((x) => x.id)));
    await lib.save({ paper: p });
    expect(after).toEqual([p.id]);
  });
});
