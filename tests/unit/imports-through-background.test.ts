/** Imports and backups reach the database only through the background's contract. */
import { beforeEach, expect, test } from 'vitest';
import { LibraryService } from '../../lib/library/service';
import { MAX_IMPORT_CHUNK } from '../../lib/rpc/protocol';
import { handleRequest } from '../../lib/rpc/server';
import type { Handlers } from '../../lib/rpc/server';
import { EXT, backgroundFor, freshDb, paper, senders } from './helpers';

let lib: LibraryService;
let handlers: Handlers;
beforeEach(() => {
  lib = new LibraryService(freshDb());
  handlers = backgroundFor(lib).handlers;
});

const ask = (method: string, args: unknown, sender: object = senders.libraryPage) => handleRequest(handlers, { gloss: 1, method, args }, sender, EXT);
const items = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => ({ paper: paper({ arxiv: `2401.${String(from + i).padStart(5, '0')}` }), note: `note ${i}`, where: `entry ${i + 1}` }));

test('a file larger than one message is staged in chunks and written all at once; a preview writes nothing', async () => {
  const all = items(MAX_IMPORT_CHUNK + 10);
  const first = (await ask('importStage', { items: all.slice(0, MAX_IMPORT_CHUNK) })) as { ok: true; value: { token: string } };
  const { token } = first.value;
  expect(await ask('importStage', { token, items: all.slice(MAX_IMPORT_CHUNK) })).toMatchObject({ ok: true, value: { staged: all.length } });
  expect(await ask('importCommit', { token, mode: 'merge', dryRun: true })).toMatchObject({ ok: true, value: { added: all.length } });
  expect(await lib.db.papers.count()).toBe(0);
  expect(await ask('importCommit', { token, mode: 'merge' })).toMatchObject({ ok: true, value: { added: all.length } });
  expect(await lib.db.papers.count()).toBe(all.length);
  // The token is spent.
  expect(await ask('importCommit', { token, mode: 'merge' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
});

test('items are checked again where they are written: one bad item refuses the chunk', async () => {
  const bad = [...items(2), { paper: { ...paper({ arxiv: '2401.00009' }), links: { abs: 'javascript:alert(1)' } }, where: 'entry 3' }];
  expect(await ask('importStage', { items: bad })).toMatchObject({ ok: false, error: { code: 'invalid' } });
  expect(await ask('importStage', { items: [{ ...items(1)[0], __proto__: { polluted: 1 }, constructor: 1 }] })).toMatchObject({
    ok: false,
    error: { code: 'invalid' },
  });
});

test('neither a content script nor a panel can import, back up or restore', async () => {
  for (const sender of [senders.contentScript(), senders.panel()]) {
    for (const [m, a] of [
      ['importStage', { items: items(1) }],
      ['importStep', { token: crypto.randomUUID(), mode: 'merge' }],
      ['importCancel', { token: crypto.randomUUID() }],
      ['backupList', {}],
      ['backupSnapshot', {}],
      ['backupText', { id: 1 }],
      ['backupRestore', { id: 1 }],
    ] as const) {
      expect(await ask(m, a, sender), `${m} from ${sender.url}`).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  }
});

test('backups through the contract: snapshot, list, read, restore', async () => {
  await lib.save({ paper: paper({ arxiv: '2401.00001' }), note: 'kept' });
  const snap = (await ask('backupSnapshot', {})) as { ok: true; value: { id: number; count: number } };
  expect(snap.value.count).toBe(1);
  expect(await ask('backupList', {})).toMatchObject({ ok: true, value: [{ id: snap.value.id }] });
  expect(await ask('backupText', { id: snap.value.id })).toMatchObject({ ok: true, value: { text: expect.stringContaining('kept') } });
  // From a character on: the rest of the text, and how long the whole is.
  const whole = ((await ask('backupText', { id: snap.value.id })) as { value: { text: string; total: number } }).value;
  expect(whole.total).toBe(whole.text.length);
  expect(await ask('backupText', { id: snap.value.id, from: 10 })).toEqual({ ok: true, value: { text: whole.text.slice(10), total: whole.total } });
  expect(await ask('backupText', { id: snap.value.id + 1 })).toEqual({ ok: true, value: null });
  await lib.setNote({ id: 'arxiv:2401.00001', note: 'changed' });
  await ask('backupRestore', { id: snap.value.id });
  expect((await lib.get({ id: 'arxiv:2401.00001' }))?.note).toBe('kept');
});
