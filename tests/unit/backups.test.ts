import { beforeEach, describe, expect, test } from 'vitest';
import type { GlossDB } from '../../lib/db/schema';
import { Backups, KEEP } from '../../lib/library/backups';
import { backupPieces, toBackup } from '../../lib/export/backup';
import type { PaperRecord } from '../../lib/core/types';
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

describe('the backup text', () => {
  const library = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      ...paper({ arxiv: `2401.${String(i).padStart(5, '0')}` }, { title: `Paper ${i} “quoted” \\ ✓` }),
      note: i % 2 ? `line one\nline "two" \u2028 ${i}` : '',
      tags: i % 3 ? ['a', 'b'] : [],
      savedAt: i,
      updatedAt: i,
      version: 7,
      mtimes: { note: i },
    })) as unknown as PaperRecord[];
  const now = new Date(Date.UTC(2026, 0, 2));
  const whole = (papers: PaperRecord[]) =>
    `${JSON.stringify({ format: 'gloss-backup', version: 1, exportedAt: now.toISOString(), papers: papers.map(({ version: _v, mtimes: _m, ...p }) => p) }, null, 1)}\n`;

  test.each([0, 1, 2, 199, 200, 201, 400, 1001])('made in pieces, it is the text of one JSON.stringify (%i papers)', (n) => {
    const papers = library(n);
    expect([...backupPieces(papers, now)].join('')).toBe(whole(papers));
    expect(toBackup(papers, now)).toBe(whole(papers));
  });

  test('a large library is backed up between other work, not in one task', async () => {
    for (let i = 0; i < 3000; i += 500)
      await lib.importItems({
        items: library(3000)
          .slice(i, i + 500)
          .map((p, j) => ({ paper: p, note: p.note, tags: p.tags, where: `entry ${i + j}` })),
        mode: 'merge',
      });
    let pauses = 0;
    const counted = new Backups(
      db,
      lib,
      () => clock,
      async () => void pauses++,
    );
    const snap = await counted.snapshot();
    expect(snap.count).toBe(3000);
    // The pages' requests get in after each read of 2,000 papers and between every two pieces
    // of 200 papers written.
    expect(pauses).toBe(2 + (3000 / 200 + 1));
    expect(JSON.parse((await counted.text(snap.id))!).papers).toHaveLength(3000);
  });
});

test('backups stored as text before they were Blobs still list, read and restore', async () => {
  await lib.save({ paper: paper({ arxiv: '2401.00001' }), note: 'from an old backup' });
  const text = toBackup(await lib.all(), new Date(clock));
  await lib.unsave({ id: 'arxiv:2401.00001' });
  const id = (await db.backups.add({ at: clock, count: 1, reason: 'scheduled', data: text })) as number;
  expect((await backups.list()).find((b) => b.id === id)).toMatchObject({ count: 1, bytes: text.length });
  expect(await backups.text(id)).toBe(text);
  await backups.restore(id);
  expect((await lib.get({ id: 'arxiv:2401.00001' }))?.note).toBe('from an old backup');
  // The new ones are Blobs, read back as the same kind of text.
  const made = await backups.snapshot();
  expect((await db.backups.get(made.id))?.data).toBeInstanceOf(Blob);
  expect(JSON.parse((await backups.text(made.id))!).papers.map((p: PaperRecord) => p.note)).toEqual(['from an old backup']);
});

test('a backup larger than one message is read part by part, and is the same text', async () => {
  for (let i = 0; i < 40; i++) await lib.save({ paper: paper({ arxiv: `2401.${String(i).padStart(5, '0')}` }), note: `note ${i} ✓ “é”` });
  const { id } = await backups.snapshot();
  const whole = (await backups.text(id))!;
  const parts: string[] = [];
  for (let from = 0; from < whole.length;) {
    const part = (await backups.textPart(id, from, 1000))!;
    expect(part.total).toBe(whole.length);
    expect(part.text.length).toBeLessThanOrEqual(1000);
    parts.push(part.text);
    from += part.text.length;
  }
  expect(parts.length).toBeGreaterThan(5);
  expect(parts.join('')).toBe(whole);
  expect(await backups.textPart(id + 1, 0, 1000)).toBeUndefined();
});
