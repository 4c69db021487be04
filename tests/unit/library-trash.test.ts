import { beforeEach, describe, expect, test } from 'vitest';
import type { GlossDB } from '../../lib/db/schema';
import { Backups } from '../../lib/library/backups';
import { LibraryService, TRASH_DAYS } from '../../lib/library/service';
import { argsValidators } from '../../lib/rpc/protocol';
import { freshDb, paper } from './helpers';

const DAY = 24 * 60 * 60 * 1000;

let db: GlossDB;
let lib: LibraryService;
let changes: string[][];
let clock: number;

beforeEach(() => {
  db = freshDb();
  changes = [];
  clock = 1_000_000;
  lib = new LibraryService(db, { now: () => clock });
  lib.store.subscribe((c) => changes.push(c.changes.map((x) => x.id)));
});

const searchIds = async (query: string) => (await lib.search({ query })).hits.map((h) => h.paper.id);

describe('trash', () => {
  test('unsave moves the paper, note and tags included, to the trash; it leaves the library and its indexes', async () => {
    const p = paper({ arxiv: '2401.00001' }, { title: 'Sparse attention for long documents' });
    await lib.save({ paper: p, note: 'precious thoughts', tags: ['reading'] });
    expect(await searchIds('sparse')).toEqual([p.id]);
    clock += 5;
    const removed = await lib.unsave({ id: p.id });
    expect(removed).toMatchObject({ id: p.id, note: 'precious thoughts', tags: ['reading'] });
    expect(await db.papers.count()).toBe(0);
    expect(await db.vectors.count()).toBe(0);
    expect(await searchIds('sparse')).toEqual([]);
    expect(await lib.trash()).toEqual([expect.objectContaining({ id: p.id, note: 'precious thoughts', tags: ['reading'], removedAt: 1_000_005 })]);
    expect((await lib.lookup({ papers: [p] }))[0].saved).toBe(false);
  });

  test('bulk delete moves every paper to the trash; the trash lists the latest removal first', async () => {
    const [a, b, c] = ['2401.00001', '2401.00002', '2401.00003'].map((arxiv) => paper({ arxiv }));
    for (const p of [a, b, c]) await lib.save({ paper: p, note: `note ${p.id}` });
    await lib.unsave({ id: a.id });
    clock += 1000;
    const { changed, removed } = await lib.bulk({ ids: [b.id, c.id], action: 'delete' });
    expect(changed).toBe(2);
    expect(removed.map((r) => r.note)).toEqual([`note ${b.id}`, `note ${c.id}`]);
    expect(await db.papers.count()).toBe(0);
    const trash = await lib.trash();
    expect(trash.map((r) => r.id).slice(-1)).toEqual([a.id]);
    expect(new Set(trash.slice(0, 2).map((r) => r.id))).toEqual(new Set([b.id, c.id]));
  });

  test('restore puts papers back as they were, searchable, and empties their trash entries', async () => {
    const p = paper({ arxiv: '2401.00001' }, { title: 'Sparse attention for long documents' });
    await lib.save({ paper: p, note: 'n', tags: ['t'] });
    const saved = await db.papers.get(p.id);
    await lib.bulk({ ids: [p.id], action: 'delete' });
    changes.length = 0;
    expect(await lib.restore({ ids: [p.id, 'arxiv:2401.09999'] })).toEqual({ restored: 1 });
    const back = await db.papers.get(p.id);
    expect({ ...back, version: 0, mtimes: {} }).toEqual({ ...saved, version: 0, mtimes: {} });
    // The removal was a version of its own (a tombstone), the restore the next one.
    expect(back!.version).toBe(saved!.version! + 2);
    expect(await db.trash.count()).toBe(0);
    expect(await searchIds('sparse')).toEqual([p.id]);
    expect(changes).toEqual([[p.id]]);
    // Restoring again finds nothing to restore.
    expect(await lib.restore({ ids: [p.id] })).toEqual({ restored: 0 });
  });

  test('a paper saved again meanwhile keeps its record; the removed note is appended and tags united', async () => {
    const p = paper({ arxiv: '2401.00001' });
    await lib.save({ paper: p, note: 'old thoughts', tags: ['a'] });
    await lib.unsave({ id: p.id });
    await lib.save({ paper: paper({ arxiv: '2401.00001', doi: '10.1000/x' }), note: 'new thoughts', tags: ['b'] });
    await lib.restore({ ids: [p.id] });
    const rec = await db.papers.get(p.id);
    expect(rec!.note).toBe('new thoughts\n\nold thoughts');
    expect(rec!.tags.sort()).toEqual(['a', 'b']);
    expect(rec!.aliases).toContain('doi:10.1000/x');
    expect(await db.papers.count()).toBe(1);
  });

  test('a removed note that is already in the current one is not repeated', async () => {
    const p = paper({ arxiv: '2401.00001' });
    await lib.save({ paper: p, note: 'same' });
    await lib.unsave({ id: p.id });
    await lib.save({ paper: p, note: 'same' });
    await lib.restore({ ids: [p.id] });
    expect((await db.papers.get(p.id))!.note).toBe('same');
  });

  test('removing a paper twice keeps the notes of both removals', async () => {
    const p = paper({ arxiv: '2401.00001' });
    await lib.save({ paper: p, note: 'first' });
    await lib.unsave({ id: p.id });
    await lib.save({ paper: p, note: 'second' });
    await lib.unsave({ id: p.id });
    expect((await lib.trash()).map((r) => r.note)).toEqual(['second\n\nfirst']);
  });

  test(`purgeTrash deletes the given papers forever, or without ids those removed over ${TRASH_DAYS} days ago`, async () => {
    const [a, b, c] = ['2401.00001', '2401.00002', '2401.00003'].map((arxiv) => paper({ arxiv }));
    for (const p of [a, b, c]) await lib.save({ paper: p });
    await lib.unsave({ id: a.id });
    clock += 10 * DAY;
    await lib.unsave({ id: b.id });
    await lib.unsave({ id: c.id });
    clock += (TRASH_DAYS - 5) * DAY;
    // a was removed 35 days ago, b and c 25 days ago.
    expect(await lib.purgeTrash({})).toEqual({ purged: 1 });
    expect((await lib.trash()).map((r) => r.id).sort()).toEqual([b.id, c.id]);
    expect(await lib.purgeTrash({ ids: [b.id, a.id] })).toEqual({ purged: 1 });
    expect((await lib.trash()).map((r) => r.id)).toEqual([c.id]);
    expect(await lib.restore({ ids: [b.id] })).toEqual({ restored: 0 });
  });

  test('the new methods validate their arguments', () => {
    expect(argsValidators.restore({ ids: ['arxiv:2401.00001'] }, 'args')).toEqual({ ids: ['arxiv:2401.00001'] });
    expect(() => argsValidators.restore({ ids: ['javascript:x'] }, 'args')).toThrow(/ids\[0\]/);
    expect(argsValidators.purgeTrash({}, 'args')).toEqual({});
    expect(() => argsValidators.purgeTrash({ ids: 'all' }, 'args')).toThrow(/expected an array/);
    expect(() => argsValidators.trash({ extra: 1 }, 'args')).toThrow(/not allowed/);
  });
});

describe('deleteAll', () => {
  test('deletes everything private: papers, vectors, trash, reading memory, derived data, backups, drafts; settings stay', async () => {
    const [a, b] = ['2401.00001', '2401.00002'].map((arxiv) => paper({ arxiv }));
    await lib.save({ paper: a, note: 'secret' });
    await lib.save({ paper: b });
    await lib.unsave({ id: b.id });
    await lib.saw({ papers: [a, b, paper({ arxiv: '2401.00003' })], page: 'https://example.org/list' });
    await lib.settled();
    await lib.relatedTo({ papers: [b] });
    expect(await lib.related.writeSnapshot()).toBe(true);
    await new Backups(db, lib, () => clock).snapshot('manual');
    await lib.putDraft({ id: a.id, text: 'half a thought', base: 'secret' });
    await db.kv.put({ key: 'theme', value: 'dark' });
    for (const t of [db.papers, db.vectors, db.trash, db.seen, db.visits, db.backups, db.drafts, db.tombstones, db.outbox])
      expect(await t.count(), t.name).toBeGreaterThan(0);
    expect(await db.derived.count()).toBeGreaterThan(1);

    expect(await lib.deleteAll({})).toEqual({ deleted: 1 });

    for (const t of [db.papers, db.vectors, db.trash, db.seen, db.visits, db.backups, db.drafts, db.tombstones, db.outbox])
      expect(await t.count(), t.name).toBe(0);
    // Only the vectors counter is left in `derived`, moved on so no snapshot taken before matches it.
    expect((await db.derived.toArray()).map((r) => r.key)).toEqual(['vectors-stamp']);
    expect(await db.kv.get('theme')).toEqual({ key: 'theme', value: 'dark' });
    expect(await lib.relatedTo({ papers: [b] })).toEqual([[]]);
    expect(await searchIds('paper')).toEqual([]);
  });
});
