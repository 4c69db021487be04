/**
 * Reading status as a field of the record: set and cleared, searched (`status:`) and sorted,
 * kept through a JSON backup, exported as a `status:…` tag in RIS and CSL-JSON and read back
 * from CSL-JSON.
 */
import { beforeEach, expect, test } from 'vitest';
import { toBackup } from '../../lib/export/backup';
import { toCslJson } from '../../lib/export/csl';
import { toRis } from '../../lib/export/ris';
import { parseImport } from '../../lib/import';
import { LibraryService } from '../../lib/library/service';
import { argsValidators, panelValidators } from '../../lib/rpc/protocol';
import { freshDb, paper } from './helpers';

let lib: LibraryService;
let clock = 0;
const A = paper({ arxiv: '2401.00001' }, { title: 'Speculative Decoding at Scale' });
const B = paper({ arxiv: '2401.00002' }, { title: 'Acceptance Rates in Speculative Sampling' });
const C = paper({ arxiv: '2401.00003' }, { title: 'KV Cache Eviction' });

beforeEach(async () => {
  clock = 1_700_000_000_000;
  lib = new LibraryService(freshDb(), { now: () => clock++ });
  for (const p of [A, B, C]) await lib.save({ paper: p });
  await lib.searchIndex.indexed();
});

const ids = async (query: string, sort?: 'status') => (await lib.search({ query, sort })).hits.map((h) => h.paper.ids.arxiv);

test('set, change and clear; the date moves with each change', async () => {
  const set = await lib.setStatus({ id: A.id, status: 'to-read' });
  expect(set).toMatchObject({ status: 'to-read', statusAt: expect.any(Number) });
  const reading = await lib.setStatus({ id: A.id, status: 'reading' });
  expect(reading.statusAt! > set.statusAt!).toBe(true);
  const cleared = await lib.setStatus({ id: A.id, status: 'none' });
  expect(cleared.status).toBeUndefined();
  const rec = await lib.get({ id: A.id });
  expect(rec && 'status' in rec).toBe(false);
  expect(rec && 'statusAt' in rec).toBe(false);
});

test('setting a status on an unsaved paper saves it', async () => {
  const D = paper({ arxiv: '2401.00004' }, { title: 'A New One' });
  const s = await lib.setStatus({ id: D.id, status: 'to-read', paper: D });
  expect(s).toMatchObject({ saved: true, status: 'to-read' });
  expect((await lib.get({ id: D.id }))?.status).toBe('to-read');
});

test('status: filters, negates and sorts', async () => {
  await lib.setStatus({ id: A.id, status: 'read' });
  await lib.setStatus({ id: B.id, status: 'reading' });
  expect(await ids('status:read')).toEqual(['2401.00001']);
  expect(await ids('speculative status:reading')).toEqual(['2401.00002']);
  expect((await ids('-status:read')).sort()).toEqual(['2401.00002', '2401.00003']);
  expect(await ids('status:none')).toEqual(['2401.00003']);
  expect((await ids('status:read OR status:reading')).sort()).toEqual(['2401.00001', '2401.00002']);
  expect((await ids('has:status')).sort()).toEqual(['2401.00001', '2401.00002']);
  // Reading first, then to read, then read, then none.
  expect(await ids('', 'status')).toEqual(['2401.00002', '2401.00001', '2401.00003']);
});

test('kept through a JSON backup; a status:… tag in RIS and CSL-JSON, read back from CSL-JSON', async () => {
  await lib.setStatus({ id: A.id, status: 'read' });
  // Exports take their records from all(), as the library page does.
  const all = await lib.all();
  const backup = toBackup(all);
  const items = parseImport(backup).items;
  const a = items.find((i) => i.paper.id === A.id)!;
  expect(a).toMatchObject({ status: 'read', statusAt: expect.any(Number) });
  // Restored into a fresh library, the status is there.
  const other = new LibraryService(freshDb(), { now: () => clock++ });
  await other.importItems({ items });
  expect((await other.get({ id: A.id }))?.status).toBe('read');
  expect((await other.get({ id: B.id }))?.status).toBeUndefined();

  const rec = all.find((p) => p.id === A.id)!;
  expect(toRis([rec])).toContain('KW  - status:read');
  const csl = toCslJson([{ ...rec, tags: ['decoding'] }]);
  expect(JSON.parse(csl)[0].keyword).toBe('decoding, status:read');
  const back = parseImport(csl).items[0];
  expect(back.tags).toEqual(['decoding']);
  expect(back.status).toBe('read');
});

test('a backup with a status that is not one is refused with its place', () => {
  const bad = toBackup([
    { ...(A as object), aliases: [A.id], titleKey: 'x', note: '', tags: [], savedAt: clock, updatedAt: clock, status: 'skimmed' } as never,
  ]);
  expect(() => parseImport(bad)).toThrow(/"status" must be one of to-read, reading, read/);
});

test('the contract: status is one of four words, for pages and the panel', () => {
  expect(() => argsValidators.setStatus({ id: A.id, status: 'read' }, 'args')).not.toThrow();
  expect(() => argsValidators.setStatus({ id: A.id, status: 'done' }, 'args')).toThrow();
  expect(() => panelValidators.panelStatus({ token: 'a'.repeat(32), status: 'none' }, 'args')).not.toThrow();
  expect(() => panelValidators.panelStatus({ token: 'a'.repeat(32), status: 1 }, 'args')).toThrow();
});

test('messages end in one full stop, never ".."', async () => {
  const { sentence } = await import('../../lib/core/text');
  expect(sentence('line 3: unbalanced braces.')).toBe('line 3: unbalanced braces.');
  expect(sentence('line 3: unbalanced braces')).toBe('line 3: unbalanced braces.');
  expect(sentence('Is it a backup?')).toBe('Is it a backup?');
  expect(sentence('too big. ')).toBe('too big.');
});
