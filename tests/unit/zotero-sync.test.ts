import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { NOTE_CONFLICT_SEPARATOR } from '../../lib/library/service';
import { createZoteroSync, ZoteroError } from '../../lib/zotero';
import { GLOSS_EXTRA_LINE } from '../../lib/zotero/map';
import { htmlToNote, isGlossNote } from '../../lib/zotero/note-html';
import type { ZoteroStandin } from '../zotero-standin/server';
import { PREFIX, machine, paper, startStandin } from './zotero-helpers';

let s: ZoteroStandin;
beforeEach(async () => {
  s = await startStandin();
});
afterEach(async () => {
  await s.stop();
});

const items = () => s.items(PREFIX).filter((o) => o.data.itemType !== 'note');
const notes = () => s.items(PREFIX).filter((o) => o.data.itemType === 'note');
const byTitle = (title: string) => items().find((o) => o.data.title === title)!;

describe('connect', () => {
  test('checks the key and names the account', async () => {
    const m = machine(s);
    expect(await m.sync.connect()).toMatchObject({ userID: 7, username: 'ada', canRead: true, canWrite: true, canNotes: true });
  });

  test('an unknown key is an error a person can act on', async () => {
    const bad = createZoteroSync({ apiKey: 'ZZZZZZZZZZZZZZZZZZZZZZZZ', library: { type: 'user', id: 7 }, local: machine(s).local, baseUrl: s.baseUrl });
    await expect(bad.connect()).rejects.toMatchObject({ kind: 'invalid-key' });
  });

  test('a read-only key says it cannot write', async () => {
    s.addKey('ReadOnlyKeyReadOnlyKey12', { userID: 7, username: 'ada', access: { user: { library: true, notes: true, write: false } } });
    const ro = createZoteroSync({ apiKey: 'ReadOnlyKeyReadOnlyKey12', library: { type: 'user', id: 7 }, local: machine(s).local, baseUrl: s.baseUrl });
    expect(await ro.connect()).toMatchObject({ canRead: true, canWrite: false });
  });
});

describe('two machines, one Zotero library', () => {
  test('saves, notes and tags on one machine reach the other, and edits come back', async () => {
    const a = machine(s);
    const b = machine(s);
    const arx = a.local.save(paper({ arxiv: '2401.12345' }, 'Attention Is Still All You Need Apparently'), {
      note: 'Key idea: *sparse* attention.\n\n- fast\n- small',
      tags: ['attention', 'to-read'],
    });
    const doi = a.local.save(paper({ doi: '10.1145/3442188.3445922' }, 'On the Dangers of Stochastic Parrots Revisited'), { tags: ['ethics'] });
    const r1 = await a.sync.syncOnce();
    expect(r1.created).toBe(3); // two items, one note (the second paper has none)

    const pre = byTitle('Attention Is Still All You Need Apparently').data;
    expect(pre).toMatchObject({
      itemType: 'preprint',
      archiveID: 'arXiv:2401.12345',
      DOI: '10.48550/arxiv.2401.12345',
      url: 'https://arxiv.org/abs/2401.12345',
      repository: 'arXiv',
      date: '2024-01-15',
    });
    expect(pre.creators).toEqual([
      { creatorType: 'author', firstName: 'Ada', lastName: 'Lovelace' },
      { creatorType: 'author', firstName: 'Alan', lastName: 'Turing' },
    ]);
    expect(String(pre.extra)).toContain(GLOSS_EXTRA_LINE);
    expect(byTitle('On the Dangers of Stochastic Parrots Revisited').data).toMatchObject({ itemType: 'journalArticle', DOI: '10.1145/3442188.3445922' });
    expect(notes()).toHaveLength(1);
    expect(notes()[0].data.parentItem).toBe(byTitle('Attention Is Still All You Need Apparently').key);
    expect(isGlossNote(String(notes()[0].data.note))).toBe(true);

    await b.sync.syncOnce();
    const onB = b.local.saved();
    expect(onB.map((p) => p.id).sort()).toEqual([arx.id, doi.id].sort());
    expect(b.local.papers.get(arx.id)).toMatchObject({ note: 'Key idea: *sparse* attention.\n\n- fast\n- small', tags: ['attention', 'to-read'] });
    expect(b.local.papers.get(doi.id)!.tags).toEqual(['ethics']);
    // Writes from sync never enter B's outbox (they would echo back).
    expect(b.local.outbox).toHaveLength(0);

    b.local.editNote(doi.id, 'Written on B.');
    b.local.setTags(arx.id, ['attention', 'read']);
    await b.sync.syncOnce();
    await a.sync.syncOnce();
    expect(a.local.papers.get(doi.id)!.note).toBe('Written on B.');
    expect(a.local.papers.get(arx.id)!.tags).toEqual(['attention', 'read']);
    expect(notes()).toHaveLength(2);

    // Unsave on A: by default the Zotero item stays, without the Gloss line; B unsaves too,
    // keeping the note in its tombstone.
    a.local.unsave(doi.id);
    await a.sync.syncOnce();
    const kept = byTitle('On the Dangers of Stochastic Parrots Revisited');
    expect(kept).toBeDefined();
    expect(String(kept.data.extra)).not.toContain(GLOSS_EXTRA_LINE);
    await b.sync.syncOnce();
    expect(b.local.papers.get(doi.id)!.deleted).toBeTruthy();
    expect(b.local.papers.get(doi.id)!.note).toBe('Written on B.');

    // Quiet when nothing changed: one more round writes nothing.
    const before = s.log.filter((r) => r.method !== 'GET').length;
    await a.sync.syncOnce();
    await b.sync.syncOnce();
    expect(s.log.filter((r) => r.method !== 'GET').length).toBe(before);
    expect(items()).toHaveLength(2);
  });

  test('a note edited on both sides keeps both texts on both machines and says so', async () => {
    const a = machine(s);
    const b = machine(s);
    const p = a.local.save(paper({ arxiv: '2402.00001' }, 'A Paper Both Machines Annotate Today'), { note: 'Shared start.' });
    await a.sync.syncOnce();
    await b.sync.syncOnce();
    a.local.editNote(p.id, 'Shared start. Written on A.');
    b.local.editNote(p.id, 'Written on B instead.');
    await a.sync.syncOnce();
    const rb = await b.sync.syncOnce();
    expect(rb.conflicts).toEqual([p.id]);
    expect(b.local.conflicts.has(p.id)).toBe(true);
    const both = b.local.papers.get(p.id)!.note;
    expect(both).toBe(`Written on B instead.${NOTE_CONFLICT_SEPARATOR}Shared start. Written on A.`);
    await a.sync.syncOnce();
    expect(a.local.papers.get(p.id)!.note).toBe(both);
    expect(htmlToNote(String(notes()[0].data.note))).toBe(both);
    expect(notes()).toHaveLength(1);
  });

  test('an unsave does not delete in Zotero unless the setting says so', async () => {
    const a = machine(s, { deleteInZotero: true });
    const p = a.local.save(paper({ doi: '10.1000/delete-me' }, 'A Paper To Be Deleted From Zotero'), { note: 'bye' });
    await a.sync.syncOnce();
    expect(items()).toHaveLength(1);
    a.local.unsave(p.id);
    await a.sync.syncOnce();
    expect(s.items(PREFIX)).toHaveLength(0); // item and its child note
  });

  test('an item deleted in Zotero never deletes the Gloss paper or its note', async () => {
    const a = machine(s);
    const p = a.local.save(paper({ arxiv: '2403.00002' }, 'Deleted In Zotero But Not In Gloss'), { note: 'Precious note.' });
    await a.sync.syncOnce();
    s.deleteItem(PREFIX, byTitle('Deleted In Zotero But Not In Gloss').key);
    const r = await a.sync.syncOnce();
    expect(r.removedInZotero).toEqual([p.id]);
    expect(a.local.papers.get(p.id)).toMatchObject({ note: 'Precious note.' });
    expect(a.local.papers.get(p.id)!.deleted).toBeUndefined();
    expect((await a.sync.status()).removedInZotero).toEqual([p.id]);
    expect(await a.sync.mirror.lookup([p.id])).toBeUndefined();
  });

  test('a paper already in Zotero is linked, not doubled: tags unite, the note is added', async () => {
    s.seed(PREFIX, [
      {
        itemType: 'journalArticle',
        title: 'Already Curated In Zotero By Hand',
        DOI: '10.5555/curated',
        creators: [{ creatorType: 'author', firstName: 'Grace', lastName: 'Hopper' }],
        tags: [{ tag: 'zotero-tag' }, { tag: 'Auto Subject', type: 1 }],
      },
    ]);
    const a = machine(s);
    await a.sync.syncOnce();
    expect(a.local.saved()).toHaveLength(0); // not a Gloss item: only in the mirror
    expect(await a.sync.mirror.lookup(['doi:10.5555/curated'])).toMatchObject({ title: 'Already Curated In Zotero By Hand', gloss: false });
    const p = a.local.save(paper({ doi: '10.5555/curated' }, 'already curated in zotero by hand'), { note: 'Mine.', tags: ['gloss-tag'] });
    await a.sync.syncOnce();
    expect(items()).toHaveLength(1);
    const it = items()[0].data;
    expect(String(it.extra)).toContain(GLOSS_EXTRA_LINE);
    expect(it.tags).toEqual([{ tag: 'gloss-tag' }, { tag: 'zotero-tag' }, { tag: 'Auto Subject', type: 1 }]);
    expect(a.local.papers.get(p.id)).toMatchObject({
      title: 'Already Curated In Zotero By Hand',
      authors: ['Grace Hopper'],
      tags: ['gloss-tag', 'zotero-tag'],
    });
    expect(notes()).toHaveLength(1);
  });
});

describe('pulling a library that changes while it is read', () => {
  test('items edited, added or deleted between pages are neither skipped nor lost', async () => {
    const keys = s.seed(
      PREFIX,
      Array.from({ length: 250 }, (_, i) => ({ itemType: 'journalArticle', title: `Paged Item Number ${i} With A Long Title`, DOI: `10.1234/paged.${i}` })),
    );
    const a = machine(s);
    let pages = 0;
    s.faults.push({
      times: 1,
      match: (r) => {
        if (r.method !== 'GET' || r.path !== `${PREFIX}/items` || ++pages !== 2) return false;
        // Another client, between page 1 and page 2.
        s.editItem(PREFIX, keys[10], { title: 'Edited After Page One Was Read Already' });
        s.editItem(PREFIX, keys[200], { title: 'Edited Before Its Page Was Read' });
        s.deleteItem(PREFIX, keys[150]);
        s.seed(PREFIX, [{ itemType: 'preprint', title: 'Added While The Pull Ran Its Course', archiveID: 'arXiv:2409.00001' }]);
        return false;
      },
    });
    // Nothing that existed when the pull began is skipped, however the listing moved.
    await a.sync.syncOnce();
    const m = a.sync.mirror;
    expect(await m.count()).toBe(249);
    expect(await m.lookup(['doi:10.1234/paged.10'])).toMatchObject({ title: 'Edited After Page One Was Read Already' });
    expect(await m.lookup(['doi:10.1234/paged.200'])).toMatchObject({ title: 'Edited Before Its Page Was Read' });
    expect(await m.lookup(['doi:10.1234/paged.150'])).toBeUndefined();
    for (const i of [0, 49, 50, 99, 100, 149, 151, 249]) expect(await m.lookup([`doi:10.1234/paged.${i}`])).toBeDefined();
    // What was added after the key list was taken comes with the next pull, from the list's version.
    const mark = s.log.length;
    await a.sync.syncOnce();
    expect(s.log.slice(mark).find((l) => l.path === `${PREFIX}/items`)!.query).toMatchObject({ since: '1', format: 'versions' });
    expect(await m.lookup(['arxiv:2409.00001'])).toBeDefined();
    expect(await m.count()).toBe(250);
  });
});

describe('odd data from Zotero', () => {
  test('malformed items neither stop a sync nor reach the library half-read', async () => {
    s.seed(PREFIX, [
      { itemType: 'journalArticle', title: 'Creators Is A String Here, Oddly Enough', creators: 'nobody', DOI: '10.1234/odd.1', extra: GLOSS_EXTRA_LINE },
      { itemType: 'preprint', title: '', extra: GLOSS_EXTRA_LINE },
      { itemType: 'book', title: 'A Book With A Huge Note Attached To It', ISBN: '123', extra: GLOSS_EXTRA_LINE, tags: [{ tag: 'x'.repeat(500) }] },
      { itemType: 'note', note: '<p>A standalone note, no parent.</p>' },
    ]);
    const book = items().find((i) => i.data.itemType === 'book')!.key;
    s.seed(PREFIX, [{ itemType: 'note', parentItem: book, note: `<h1>Gloss note</h1><p>${'long text '.repeat(20_000)}</p>` }]);
    const a = machine(s);
    await a.sync.syncOnce();
    const saved = a.local.saved();
    expect(saved.map((p) => p.title).sort()).toEqual(['A Book With A Huge Note Attached To It', 'Creators Is A String Here, Oddly Enough']);
    expect(saved.find((p) => p.title.startsWith('Creators'))!.authors).toEqual([]);
    const bookPaper = saved.find((p) => p.title.startsWith('A Book'))!;
    expect(bookPaper.id).toBe(`zotero:${book}`);
    expect(bookPaper.note.length).toBeGreaterThan(100_000);
    expect(bookPaper.tags[0].length).toBeLessThanOrEqual(64);
    expect(await a.store.count()).toBe(3);
  });
});

describe('identity', () => {
  test('a published version in Zotero links to the preprint saved in Gloss by title and authors; a namesake does not', async () => {
    s.seed(PREFIX, [
      {
        itemType: 'journalArticle',
        title: 'Scaling Laws For Everything Under The Sun',
        DOI: '10.1234/published',
        creators: [{ creatorType: 'author', firstName: 'Ada', lastName: 'Lovelace' }],
        tags: [{ tag: 'published' }],
      },
      {
        itemType: 'journalArticle',
        title: 'A Namesake Title That Two Papers Share',
        DOI: '10.1234/other',
        creators: [{ creatorType: 'author', firstName: 'Someone', lastName: 'Else' }],
      },
    ]);
    const a = machine(s);
    await a.sync.syncOnce();
    const pre = a.local.save(paper({ arxiv: '2408.00001' }, 'Scaling laws for everything under the sun'), { note: 'preprint note' });
    const other = a.local.save(paper({ arxiv: '2408.00002' }, 'A namesake title that two papers share'));
    await a.sync.syncOnce();
    const published = items().find((i) => i.data.DOI === '10.1234/published')!;
    expect(String(published.data.extra)).toContain(GLOSS_EXTRA_LINE);
    expect((await a.store.linkByPaper(pre.id))!.itemKey).toBe(published.key);
    // Different authors: a new item for the arXiv paper, the namesake left alone.
    expect(String(items().find((i) => i.data.DOI === '10.1234/other')!.data.extra ?? '')).not.toContain(GLOSS_EXTRA_LINE);
    expect((await a.store.linkByPaper(other.id))!.itemKey).not.toBe(items().find((i) => i.data.DOI === '10.1234/other')!.key);
    expect(items()).toHaveLength(3);
  });
});

describe('notes and settings', () => {
  test('a note edited in Zotero arrives as text only; other child notes are not Gloss’s', async () => {
    const a = machine(s);
    const p = a.local.save(paper({ arxiv: '2407.00001' }, 'Notes Edited On The Zotero Side'), { note: 'Before.' });
    await a.sync.syncOnce();
    const parent = byTitle('Notes Edited On The Zotero Side').key;
    const glossNote = notes()[0];
    s.editItem(PREFIX, glossNote.key, {
      note: '<div data-schema-version="9"><h1>Gloss note</h1><p>After, with <strong>bold</strong> <img src=x onerror="alert(1)"><script>steal()</script><a href="javascript:x()">link</a></p></div>',
    });
    s.seed(PREFIX, [{ itemType: 'note', parentItem: parent, note: '<p>A different note, written in Zotero.</p>' }]);
    await a.sync.syncOnce();
    expect(a.local.papers.get(p.id)!.note).toBe('After, with **bold** link');
    expect(notes()).toHaveLength(2);
  });

  test('a Gloss note listed before its parent (another batch) still reaches the paper, without a request per paper', async () => {
    s.seed(
      PREFIX,
      Array.from({ length: 49 }, (_, i) => ({ itemType: 'journalArticle', title: `Filler Item ${i} For The First Batch`, DOI: `10.1234/fill.${i}` })),
    );
    // One version for both; by key, the note ('2…') sorts before its parent ('Z…') and ends batch 1.
    s.seed(PREFIX, [
      { key: 'ZZZZZZZZ', itemType: 'preprint', title: 'Saved In Gloss On Another Machine', archiveID: 'arXiv:2410.00001', extra: GLOSS_EXTRA_LINE },
      { key: '22222222', itemType: 'note', parentItem: 'ZZZZZZZZ', note: '<div data-gloss-note="1"><h1>Gloss note</h1><p>Written elsewhere.</p></div>' },
    ]);
    const b = machine(s);
    await b.sync.syncOnce();
    expect(b.local.papers.get('arxiv:2410.00001')).toMatchObject({ note: 'Written elsewhere.' });
    expect((await b.store.linkByPaper('arxiv:2410.00001'))!.noteKey).toBe('22222222');
    expect(s.log.filter((l) => l.path.endsWith('/children'))).toHaveLength(0);
  });

  test('connecting a library with papers already saved writes them all once; "Gloss only" adds nothing new', async () => {
    const a = machine(s);
    // Saved before Zotero was connected: their outbox entries went elsewhere long ago.
    const old = a.local.save(paper({ arxiv: '2411.00001' }, 'Saved Long Before Zotero Was Connected'), { note: 'old note' });
    await a.local.ack('zotero', 1_000);
    await a.sync.syncOnce();
    expect(byTitle('Saved Long Before Zotero Was Connected')).toBeDefined();
    expect(notes()).toHaveLength(1);
    expect(await a.store.linkByPaper(old.id)).toBeDefined();

    const b = machine(s, { saveToZotero: false });
    await b.sync.syncOnce();
    b.local.save(paper({ arxiv: '2411.00002' }, 'Kept In Gloss Only On This Machine'));
    b.local.editNote(old.id, 'edited on B');
    await b.sync.syncOnce();
    expect(items()).toHaveLength(1);
    expect(htmlToNote(String(notes()[0].data.note))).toBe('edited on B');
  });

  test('new items go into the chosen collection', async () => {
    s.seed(PREFIX, [], [{ key: 'GLOSS234', name: 'From Gloss' }]);
    const a = machine(s, { collectionKey: 'GLOSS234' });
    a.local.save(paper({ arxiv: '2407.00002' }, 'Filed Into The Chosen Collection'));
    await a.sync.syncOnce();
    expect(byTitle('Filed Into The Chosen Collection').data.collections).toEqual(['GLOSS234']);
    expect(await a.sync.mirror.lookup(['arxiv:2407.00002'])).toMatchObject({ collections: [{ key: 'GLOSS234', name: 'From Gloss' }], gloss: true });
  });

  test('a group library syncs the same way under its own prefix', async () => {
    s.addKey('GroupKeyGroupKeyGroupKey', { userID: 7, username: 'ada', access: { groups: { '42': { library: true, write: true } } } });
    const a = createZoteroSync({ apiKey: 'GroupKeyGroupKeyGroupKey', library: { type: 'group', id: 42 }, local: machine(s).local, baseUrl: s.baseUrl });
    expect(await a.connect()).toMatchObject({ canRead: true, canWrite: true, groups: ['42'] });
    const m = machine(s);
    const g = createZoteroSync({ apiKey: 'GroupKeyGroupKeyGroupKey', library: { type: 'group', id: 42 }, local: m.local, store: m.store, baseUrl: s.baseUrl });
    m.local.save(paper({ doi: '10.1234/group' }, 'A Paper Shared With The Group'));
    await g.syncOnce();
    expect(s.items('/groups/42')).toHaveLength(1);
    expect(s.items(PREFIX)).toHaveLength(0);
    // The personal library is not readable with this key.
    const u = createZoteroSync({ apiKey: 'GroupKeyGroupKeyGroupKey', library: { type: 'user', id: 7 }, local: m.local, baseUrl: s.baseUrl });
    await expect(u.connect()).rejects.toMatchObject({ kind: 'no-access' });
  });

  test('status: pending changes before a sync, none after', async () => {
    const a = machine(s);
    a.local.save(paper({ arxiv: '2407.00003' }, 'Waiting In The Outbox For A While'));
    expect(await a.sync.status()).toMatchObject({ pending: 1, libraryVersion: 0, mirrorItems: 0, running: false });
    expect(await a.sync.waiting()).toBe(true);
    await a.sync.syncOnce();
    expect(await a.sync.waiting()).toBe(false);
    const st = await a.sync.status();
    expect(st).toMatchObject({ pending: 0, mirrorItems: 1 });
    expect(st.lastSync).toBeGreaterThan(0);
    // Its own write is read back (and found unchanged) by the next pull, which moves the version on.
    expect(st.libraryVersion).toBe(0);
    await a.sync.syncOnce();
    expect((await a.sync.status()).libraryVersion).toBe(1);
  });
});

describe('Zotero changing under a write (412)', () => {
  test('pull, merge field by field, push again: both changes survive', async () => {
    const a = machine(s);
    const p = a.local.save(paper({ arxiv: '2404.00003' }, 'Racing Edits On One Zotero Item'), { tags: ['x'] });
    await a.sync.syncOnce();
    const key = byTitle('Racing Edits On One Zotero Item').key;
    a.local.setTags(p.id, ['x', 'y']);
    // Someone edits the title in Zotero just before Gloss's write arrives.
    let raced = false;
    s.faults.push({
      times: 1_000,
      match: (r) => {
        if (r.method === 'POST' && !raced) {
          raced = true;
          s.editItem(PREFIX, key, { title: 'Racing Edits, Retitled In Zotero' });
        }
        return false;
      },
    });
    const r = await a.sync.syncOnce();
    expect(r.rounds).toBe(2);
    expect(s.log.some((l) => l.method === 'POST' && l.status === 200)).toBe(true);
    const it = items()[0].data;
    expect(it.title).toBe('Racing Edits, Retitled In Zotero');
    expect(it.tags).toEqual([{ tag: 'x' }, { tag: 'y' }]);
    expect(a.local.papers.get(p.id)).toMatchObject({ title: 'Racing Edits, Retitled In Zotero', tags: ['x', 'y'] });
  });
});

describe('faults', () => {
  test('429 with Retry-After, Backoff, 500 and a timeout: the sync gets through, nothing doubled', async () => {
    const a = machine(s);
    for (let i = 0; i < 3; i++) a.local.save(paper({ arxiv: `2405.0000${i}` }, `Fault Tolerant Paper Number ${i}`), { note: `note ${i}` });
    s.faults.push(
      { match: (r) => r.path.endsWith('/collections'), status: 429, retryAfter: 0.3, times: 1 },
      { match: (r) => r.path.endsWith('/items') && r.method === 'GET', status: 500, backoff: 0.3, times: 1 },
      { match: (r) => r.path.endsWith('/deleted'), delayMs: 2_500, status: 200, passThrough: true, times: 1 },
      // The create is done, then the answer is lost: retried with the same token, refused, found by key.
      { match: (r) => r.method === 'POST', status: 500, afterHandling: true, times: 1 },
    );
    const t0 = Date.now();
    await a.sync.syncOnce();
    const log = s.log.map((l) => `${l.method} ${l.path.replace(PREFIX, '')} ${l.status}`);
    expect(log.filter((l) => l.startsWith('GET /collections'))).toEqual(['GET /collections 429', 'GET /collections 200']);
    expect(log).toContain('GET /items 500');
    expect(log.filter((l) => l.startsWith('GET /deleted')).length).toBe(2); // the first timed out
    expect(items()).toHaveLength(3);
    expect(notes()).toHaveLength(3);
    const posts = s.log.filter((l) => l.method === 'POST');
    // Every create carries a token; the retry of the lost answer carried the same one.
    expect(posts.every((p) => /^[0-9a-f]{32}$/.test(p.headers['zotero-write-token'] ?? ''))).toBe(true);
    expect(posts.map((p) => p.status)).toEqual([500, 412]);
    expect(posts[0].headers['zotero-write-token']).toBe(posts[1].headers['zotero-write-token']);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(600); // Retry-After 0.3 s, then Backoff 0.3 s
    for (const p of a.local.saved()) expect(await a.store.linkByPaper(p.id)).toBeDefined();
  });

  test('Backoff holds every request back for its seconds', async () => {
    const a = machine(s);
    s.faults.push({ match: (r) => r.path.endsWith('/collections'), backoff: 0.5, passThrough: true, status: 200, times: 1 });
    await a.sync.syncOnce();
    const t = s.log.map((l) => l);
    expect(t.length).toBeGreaterThan(1);
    // Requests carry no timestamps; measure with a second sync under a new Backoff instead.
    s.faults.push({ match: (r) => r.path.endsWith('/collections'), backoff: 0.5, passThrough: true, status: 200, times: 1 });
    const t0 = Date.now();
    await a.sync.syncOnce();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(480);
  });

  test('storage full is an error the status names', async () => {
    s.seed(PREFIX, [{ itemType: 'preprint', title: 'Anything At All To Store Here' }]);
    const a = machine(s);
    a.store.putItems = async () => {
      throw Object.assign(new Error('quota'), { name: 'AbortError', inner: new DOMException('full', 'QuotaExceededError') });
    };
    await expect(a.sync.syncOnce()).rejects.toBeTruthy();
    expect((await a.sync.status()).lastError).toMatchObject({ kind: 'storage-full' });
  });

  test('a server that keeps failing ends in an error the status shows', async () => {
    const a = machine(s);
    s.faults.push({ status: 500, times: 100 });
    await expect(a.sync.syncOnce()).rejects.toBeInstanceOf(ZoteroError);
    expect((await a.sync.status()).lastError).toMatchObject({ kind: 'server' });
  });
});

describe('a sync stopped mid-way resumes with nothing lost or doubled', () => {
  test('stopped while creates are in flight', async () => {
    const a = machine(s);
    const saved = Array.from({ length: 120 }, (_, i) =>
      a.local.save(paper({ arxiv: `2406.${String(i).padStart(5, '0')}` }, `Interrupted Paper Number ${i} Of Many`), { note: `Note ${i}`, tags: ['bulk'] }),
    );
    const ctl = new AbortController();
    let posts = 0;
    s.faults.push({
      times: 1,
      delayMs: 300,
      passThrough: true,
      match: (r) => {
        if (r.method !== 'POST' || ++posts !== 3) return false;
        // The worker dies while Zotero is still processing this write.
        setTimeout(() => ctl.abort(), 50);
        return true;
      },
    });
    await expect(a.sync.syncOnce({ signal: ctl.signal })).rejects.toMatchObject({ kind: 'aborted' });
    await new Promise((r) => setTimeout(r, 400)); // Zotero finishes the write nobody waits for
    expect((await a.store.pendingCreates()).length).toBe(1);
    const again = a.restart();
    expect(await again.sync.waiting()).toBe(true);
    await again.sync.syncOnce();
    expect(items()).toHaveLength(120);
    expect(notes()).toHaveLength(120);
    expect(new Set(items().map((i) => i.data.title)).size).toBe(120);
    for (const p of saved) expect(await a.store.linkByPaper(p.id)).toBeDefined();
    expect(await a.store.pendingCreates()).toHaveLength(0);
    expect((await again.sync.status()).pending).toBe(0);
    // Each batch at most 50 objects.
    expect(Math.max(...s.log.filter((l) => l.method === 'POST').map((l) => l.objects ?? 0))).toBeLessThanOrEqual(50);

    // And a second machine stopped in the middle of its first pull picks up where it was.
    const b = machine(s);
    const ctlB = new AbortController();
    let gets = 0;
    s.faults.push({
      times: 1,
      match: (r) => {
        // The versions listing, three batches of 50 keys, then the stop during the next ones.
        if (r.method === 'GET' && r.path === `${PREFIX}/items` && ++gets === 5) ctlB.abort();
        return false;
      },
    });
    await expect(b.sync.syncOnce({ signal: ctlB.signal })).rejects.toMatchObject({ kind: 'aborted' });
    expect((await b.sync.status()).pulling).toEqual({ done: 150, total: 240 });
    const mark = s.log.length;
    await b.restart().sync.syncOnce();
    const resumed = s.log.slice(mark).filter((l) => l.path === `${PREFIX}/items`);
    // No new listing; only the 90 keys not read yet (two batches), each key read once.
    expect(resumed.map((l) => l.query.itemKey?.split(',').length)).toEqual([50, 40]);
    expect(b.local.saved()).toHaveLength(120);
    expect(b.local.saved().every((p) => /^Note \d+$/.test(p.note))).toBe(true);
    // A first pull finds each note in its own key list (before or after its parent): no request per paper.
    expect(s.log.filter((l) => l.path.endsWith('/children'))).toHaveLength(0);
  });
});
