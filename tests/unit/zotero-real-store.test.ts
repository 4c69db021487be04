/**
 * The Zotero engine over the real store (LibraryService + SyncLocal on fake-indexeddb), two
 * machines and the stand-in: the same convergence the engine's own tests show on the in-memory
 * library, through the versions, tombstones and outbox of the store.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { LibraryService, NOTE_CONFLICT_SEPARATOR } from '../../lib/library/service';
import { SyncLocal } from '../../lib/library/sync-local';
import { createZoteroSync } from '../../lib/zotero';
import { ZoteroDB, ZoteroStore } from '../../lib/zotero/store';
import type { ZoteroStandin } from '../zotero-standin/server';
import { freshDb } from './helpers';
import { KEY, PREFIX, paper, startStandin } from './zotero-helpers';

let s: ZoteroStandin;
beforeEach(async () => {
  s = await startStandin();
});
afterEach(async () => {
  await s.stop();
});

let n = 0;
function machine() {
  const db = freshDb();
  const lib = new LibraryService(db);
  const local = new SyncLocal(db, lib.store);
  const store = new ZoteroStore(new ZoteroDB(`gloss-zotero-real-${Date.now()}-${n++}`));
  const sync = createZoteroSync({
    apiKey: KEY,
    library: { type: 'user', id: 7 },
    local,
    store,
    baseUrl: s.baseUrl,
    api: { retryBaseMs: 20, timeoutMs: 1_500 },
  });
  return { db, lib, local, sync };
}

const items = () => s.items(PREFIX).filter((o) => o.data.itemType !== 'note');
const notes = () => s.items(PREFIX).filter((o) => o.data.itemType === 'note');

describe('two real libraries, one Zotero library', () => {
  test('a paper saved with a note on one is saved, noted and tagged on the other; edits come back; nothing doubles', async () => {
    const a = machine();
    const b = machine();
    const p = paper({ arxiv: '2401.12345' }, 'Attention Is Still All You Need Apparently');
    await a.lib.save({ paper: p, note: 'Key idea: *sparse* attention.', tags: ['attention'] });
    await a.sync.syncOnce();
    expect(items()).toHaveLength(1);
    expect(notes()).toHaveLength(1);
    // Everything A had queued went out and was acknowledged.
    expect(await a.local.changes(await a.local.cursor('zotero'), 10)).toEqual([]);

    await b.sync.syncOnce();
    expect(await b.lib.get({ id: p.id })).toMatchObject({ note: 'Key idea: *sparse* attention.', tags: ['attention'] });
    expect((await b.lib.lookup({ papers: [p] }))[0].saved).toBe(true);
    // What sync wrote on B does not go back out.
    expect(await b.lib.store.outbox()).toEqual([]);

    await b.lib.setTags({ id: p.id, tags: ['attention', 'read'] });
    await b.sync.syncOnce();
    await a.sync.syncOnce();
    expect((await a.lib.get({ id: p.id }))!.tags).toEqual(['attention', 'read']);
    // Syncing again with nothing new changes nothing anywhere.
    await a.sync.syncOnce();
    await b.sync.syncOnce();
    expect(items()).toHaveLength(1);
    expect(notes()).toHaveLength(1);
  });

  test('a note edited on both machines keeps both texts on both', async () => {
    const a = machine();
    const b = machine();
    const p = paper({ arxiv: '2402.00001' }, 'A Paper Both Machines Annotate Today');
    await a.lib.save({ paper: p, note: 'Shared start.' });
    await a.sync.syncOnce();
    await b.sync.syncOnce();
    await a.lib.setNote({ id: p.id, note: 'Shared start. Written on A.' });
    await b.lib.setNote({ id: p.id, note: 'Written on B instead.' });
    await a.sync.syncOnce();
    const rb = await b.sync.syncOnce();
    expect(rb.conflicts).toEqual([p.id]);
    const both = (await b.lib.get({ id: p.id }))!.note;
    expect(both).toBe(`Written on B instead.${NOTE_CONFLICT_SEPARATOR}Shared start. Written on A.`);
    await a.sync.syncOnce();
    expect((await a.lib.get({ id: p.id }))!.note).toBe(both);
  });

  test('unsaved on one machine: unsaved on the other, with the note kept in its trash; the Zotero item stays', async () => {
    const a = machine();
    const b = machine();
    const p = paper({ doi: '10.1145/3442188.3445922' }, 'On the Dangers of Stochastic Parrots Revisited');
    await a.lib.save({ paper: p, note: 'worth citing' });
    await a.sync.syncOnce();
    await b.sync.syncOnce();
    await a.lib.unsave({ id: p.id });
    await a.sync.syncOnce();
    await b.sync.syncOnce();
    expect((await b.lib.lookup({ papers: [p] }))[0].saved).toBe(false);
    expect((await b.lib.trash({})).map((r) => [r.id, r.note])).toEqual([[p.id, 'worth citing']]);
    expect(items()).toHaveLength(1);
  });
});
