import { beforeEach, describe, expect, test } from 'vitest';
import type { GlossDB } from '../../lib/db/schema';
import { Backups, KEEP } from '../../lib/library/backups';
import { LibraryService } from '../../lib/library/service';
import { freshDb, paper } from './helpers';

let db: GlossDB;
let lib: LibraryService;
let backups: Backups;
let clock: number;

beforeEach(() => {
  // A real time: a restore refuses save times before 1990 or in the future.
  clock = Date.UTC(2025, 0, 1);
  db = freshDb();
  lib = new LibraryService(db, { now: () => clock });
  backups = new Backups(db, lib, () => clock);
});

describe('local backups', () => {
  test('a snapshot restores the library exactly, notes and tags included', async () => {
    await lib.save({ paper: paper({ arxiv: '2401.00001' }), note: 'keep me', tags: ['a'] });
    await lib.save({ paper: paper({ doi: '10.1000/xyz' }), note: 'me too', tags: ['b', 'c'] });
    const before = await lib.all();
    const snap = await backups.snapshot('scheduled');
    expect(snap).toMatchObject({ count: 2, reason: 'scheduled' });
    clock += 1000;
    // Things go wrong: a note is overwritten, a paper deleted, another added.
    await lib.setNote({ id: 'arxiv:2401.00001', note: 'oops' });
    await lib.unsave({ id: 'doi:10.1000/xyz' });
    await lib.save({ paper: paper({ arxiv: '2401.99999' }) });
    await backups.restore(snap.id);
    const after = await lib.all();
    const strip = (ps: typeof before) => ps.map(({ updatedAt: _u, ...p }) => p).sort((a, b) => a.id.localeCompare(b.id));
    expect(strip(after)).toEqual(strip(before));
    // The library as it was before the restore was kept too.
    expect((await backups.list()).map((b) => b.reason)).toEqual(['before-restore', 'scheduled']);
  });

  test(`keeps the newest ${KEEP}`, async () => {
    for (let i = 0; i < KEEP + 3; i++) {
      clock += 1000;
      await backups.snapshot();
    }
    const list = await backups.list();
    expect(list).toHaveLength(KEEP);
    expect(list[0].at).toBe(clock);
  });

  test('due after the period since the last snapshot', async () => {
    expect(await backups.due(1000)).toBe(true);
    await backups.snapshot();
    expect(await backups.due(1000)).toBe(false);
    clock += 1000;
    expect(await backups.due(1000)).toBe(true);
  });
});
