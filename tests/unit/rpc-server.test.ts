import fc from 'fast-check';
import { beforeEach, describe, expect, test } from 'vitest';
import type { GlossDB } from '../../lib/db/schema';
import { LibraryService } from '../../lib/library/service';
import { MAX_MESSAGE_BYTES } from '../../lib/rpc/protocol';
import { handleRequest } from '../../lib/rpc/server';
import type { Handlers } from '../../lib/rpc/server';
import { EXT, backgroundFor, freshDb, paper, senders } from './helpers';

const me = senders.popup;
let db: GlossDB;
let lib: LibraryService;
let handlers: Handlers;

beforeEach(() => {
  db = freshDb();
  lib = new LibraryService(db);
  handlers = backgroundFor(lib).handlers;
});

const req = (method: string, args: unknown) => ({ gloss: 1, method, args });

describe('the background message handler', () => {
  test('answers a well-formed request', async () => {
    const p = paper({ arxiv: '2401.00001' });
    expect(await handleRequest(handlers, req('save', { paper: p }), me, EXT)).toMatchObject({ ok: true, value: { saved: true } });
  });

  test('refuses messages from other extensions or pages', async () => {
    const p = paper({ arxiv: '2401.00001' });
    expect(await handleRequest(handlers, req('save', { paper: p }), { ...me, id: 'someone-else' }, EXT)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await handleRequest(handlers, req('save', { paper: p }), {}, EXT)).toMatchObject({ ok: false });
    expect(await db.papers.count()).toBe(0);
  });

  test.each([
    ['not an object', 'save'],
    ['unknown method', { gloss: 1, method: 'dropDatabase', args: {} }],
    ['prototype key as method', { gloss: 1, method: 'constructor', args: {} }],
    ['extra top-level key', { gloss: 1, method: 'list', args: {}, sneaky: true }],
    ['missing paper', req('save', {})],
    ['unknown argument', req('list', { limit: 5, drop: true })],
    ['id not derived from ids', req('save', { paper: { ...paper({ arxiv: '2401.00001' }), id: 'arxiv:9999.99999' } })],
    ['versioned arXiv id', req('save', { paper: paper({ arxiv: '2401.00001v2' }) })],
    ['javascript: link', req('save', { paper: paper({ arxiv: '2401.00001' }, { links: { abs: 'javascript:alert(1)' } }) })],
    ['note of the wrong type', req('setNote', { id: 'arxiv:2401.00001', note: 42 })],
    ['empty title', req('save', { paper: paper({ arxiv: '2401.00001' }, { title: '' }) })],
    ['negative limit', req('list', { limit: -1 })],
  ])('refuses a malformed request (%s) and changes nothing', async (_, message) => {
    const answer = await handleRequest(handlers, message, me, EXT);
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await db.papers.count()).toBe(0);
  });

  test('names the argument that is wrong', async () => {
    const answer = await handleRequest(handlers, req('save', { paper: { ...paper({ arxiv: '2401.00001' }), authors: [1] } }), me, EXT);
    expect(answer).toEqual({ ok: false, error: { code: 'invalid', message: 'args.paper.authors[0]: expected a string' } });
  });

  test('refuses oversized requests before looking at them', async () => {
    const note = 'x'.repeat(MAX_MESSAGE_BYTES + 1);
    const answer = await handleRequest(handlers, req('setNote', { id: 'arxiv:2401.00001', note }), me, EXT);
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid', message: expect.stringMatching(/too large/) } });
  });

  test('property: arbitrary messages never throw and never write', { timeout: 60_000 }, async () => {
    const method = fc.constantFrom('lookup', 'save', 'unsave', 'setNote', 'setTags', 'list', 'get', 'toString', '__proto__');
    await fc.assert(
      fc.asyncProperty(method, fc.anything({ withNullPrototype: true, withBigInt: false }), async (m, args) => {
        const answer = await handleRequest(handlers, req(m, args), me, EXT);
        expect(typeof answer.ok).toBe('boolean');
        if (m === 'save' || m === 'setNote' || m === 'setTags') expect(answer.ok).toBe(false);
      }),
      { seed: 20261129, numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
    expect(await db.papers.count()).toBe(0);
  });
});

describe('capabilities by caller', () => {
  const saved = paper({ arxiv: '2401.00001' }, { title: 'A saved paper' });

  beforeEach(async () => {
    await lib.save({ paper: saved, note: 'my private note', tags: ['secret-tag'] });
  });

  test.each([
    ['list', {}],
    ['search', { query: 'private' }],
    ['prepareSearch', {}],
    ['get', { id: saved.id }],
    ['tags', {}],
    ['lookup', { papers: [saved] }],
    ['relatedTo', { papers: [saved] }],
    ['setNote', { id: saved.id, note: 'rewritten by a page' }],
    ['unsave', { id: saved.id }],
    ['save', { paper: saved }],
    ['deleteAll', {}],
    ['bulk', { ids: [saved.id], action: 'delete' }],
    ['clearSeen', {}],
    ['settings', {}],
    ['updateSettings', { change: { backupEvery: 'off' } }],
    ['importStage', { items: [] }],
    ['backupList', {}],
    ['getDraft', { id: saved.id }],
    ['putDraft', { id: saved.id, text: 'typed by a page', base: '' }],
    ['clearDraft', { id: saved.id }],
    ['panelState', { token: 'a'.repeat(32) }],
  ])('a content script may not call %s', async (method, args) => {
    const answer = await handleRequest(handlers, req(method, args), senders.contentScript(), EXT);
    expect(answer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(JSON.stringify(answer)).not.toMatch(/private|secret/);
    const rec = await lib.get({ id: saved.id });
    expect(rec?.note).toBe('my private note');
  });

  test('a content script gets flags for its papers, never text', async () => {
    const answer = await handleRequest(handlers, req('pageLookup', { papers: [saved, paper({ arxiv: '2401.00002' })] }), senders.contentScript(), EXT);
    expect(answer).toEqual({
      ok: true,
      value: [
        { saved: true, note: true, tags: true, seen: false, isNew: false, zotero: false },
        { saved: false, note: false, tags: false, seen: false, isNew: false, zotero: false },
      ],
    });
  });

  test('the popup may ask the worker to get search ready; it answers nothing but loads the index', async () => {
    expect(lib.searchIndex.loaded).toBe(false);
    expect(await handleRequest(handlers, req('prepareSearch', {}), me, EXT)).toEqual({ ok: true, value: null });
    expect(lib.searchIndex.loaded).toBe(true);
    expect(await handleRequest(handlers, req('prepareSearch', { query: 'x' }), me, EXT)).toMatchObject({ ok: false });
  });

  test('an extension page may not call the page or panel methods (they act for a tab)', async () => {
    expect(await handleRequest(handlers, req('pageLookup', { papers: [saved] }), me, EXT)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await handleRequest(handlers, req('panelState', { token: 'a'.repeat(32) }), me, EXT)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  test('a panel reads and writes only the paper it was opened for, in its own tab, with its token', async () => {
    const open = await handleRequest(handlers, req('openPanel', { paper: saved }), senders.contentScript(1), EXT);
    const { token } = (open as { value: { token: string } }).value;
    const state = await handleRequest(handlers, req('panelState', { token }), senders.panel(1), EXT);
    expect(state).toMatchObject({ ok: true, value: { paper: { id: saved.id }, state: { note: 'my private note', tags: ['secret-tag'] } } });
    // The same token from a frame in another tab, or a made-up token, opens nothing.
    expect(await handleRequest(handlers, req('panelState', { token }), senders.panel(2), EXT)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await handleRequest(handlers, req('panelState', { token: 'b'.repeat(32) }), senders.panel(1), EXT)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    // A panel cannot reach the rest of the library.
    for (const [m, a] of [
      ['list', {}],
      ['setNote', { id: saved.id, note: 'x' }],
      ['pageLookup', { papers: [saved] }],
    ] as const) {
      expect(await handleRequest(handlers, req(m, a), senders.panel(1), EXT)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(await handleRequest(handlers, req('panelNote', { token, note: 'edited in the panel' }), senders.panel(1), EXT)).toMatchObject({ ok: true });
    expect((await lib.get({ id: saved.id }))?.note).toBe('edited in the panel');
    // Closed: the token is spent.
    await handleRequest(handlers, req('panelClose', { token }), senders.panel(1), EXT);
    expect(await handleRequest(handlers, req('panelState', { token }), senders.panel(1), EXT)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  test('opening the panel with toggle saves or removes, and Undo puts it back with its note', async () => {
    const other = paper({ arxiv: '2401.00003' });
    const open = (p: typeof saved) => handleRequest(handlers, req('openPanel', { paper: p, toggle: true }), senders.contentScript(1), EXT);
    const { token } = ((await open(other)) as { value: { token: string } }).value;
    expect((await lib.get({ id: other.id }))?.id).toBe(other.id);
    await open(saved);
    expect(await lib.get({ id: saved.id })).toBeNull();
    const undone = await handleRequest(handlers, req('panelUndo', { token }), senders.panel(1), EXT);
    expect(undone).toMatchObject({ ok: true, value: { state: { saved: true, note: 'my private note' } } });
  });

  test('a sender that is not a tab, nor ours, is nobody', async () => {
    expect(await handleRequest(handlers, req('pageLookup', { papers: [] }), { id: EXT, url: 'https://example.com/' }, EXT)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(
      await handleRequest(handlers, req('panelState', { token: 'a'.repeat(32) }), { id: EXT, url: `chrome-extension://${EXT}/panel.html` }, EXT),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('the reading memory holds what was on screen, not what a page asked about', () => {
  test('a content script looking up papers records nothing; reporting them as seen does', async () => {
    const fished = [paper({ arxiv: '2401.00101' }), paper({ arxiv: '2401.00102' })];
    await handleRequest(handlers, req('pageLookup', { papers: fished, page: 'https://huggingface.co/papers' }), senders.contentScript(), EXT);
    await lib.settled();
    expect(await db.seen.count()).toBe(0);
    expect(await db.visits.count()).toBe(0);
    await handleRequest(handlers, req('pageSeen', { papers: fished.slice(0, 1), page: 'https://huggingface.co/papers' }), senders.contentScript(), EXT);
    await lib.settled();
    expect((await db.seen.toArray()).map((s) => s.id)).toEqual([fished[0].id]);
    // More rows of the same visit join it.
    await handleRequest(handlers, req('pageSeen', { papers: fished.slice(1), page: 'https://huggingface.co/papers' }), senders.contentScript(), EXT);
    await lib.settled();
    expect((await db.visits.get('https://huggingface.co/papers'))?.ids).toEqual(fished.map((p) => p.id));
  });
});

describe('a site the user turned Gloss off on', () => {
  test('is told nothing and recorded nowhere, whatever its content script asks', async () => {
    const { handlers: h, settings, tabs } = backgroundFor(lib);
    const saved = paper({ arxiv: '2401.00201' }, { title: 'Saved on purpose' });
    await lib.save({ paper: saved, note: 'private' });
    await settings.update({ disabledSites: ['huggingface'] });
    const hf = senders.contentScript(7);
    expect(await handleRequest(h, req('pageSettings', {}), hf, EXT)).toMatchObject({ ok: true, value: { enabled: false } });
    for (const [m, a] of [
      ['pageLookup', { papers: [saved], page: 'https://huggingface.co/papers' }],
      ['pageRelated', { papers: [saved] }],
      ['pageSeen', { papers: [saved], page: 'https://huggingface.co/papers' }],
      ['openPanel', { paper: saved }],
    ] as const) {
      expect(await handleRequest(h, req(m, a), hf, EXT)).toEqual({ ok: false, error: { code: 'forbidden', message: 'Gloss is turned off on this site.' } });
    }
    await lib.settled();
    expect(await db.seen.count()).toBe(0);
    // The tab is not known to show anything (a known tab would hear 'nothing changed', not 'ask again').
    expect(tabs.noticeFor(7, { changes: [] })).toBeNull();
    // Turned on again, the same requests are answered.
    await settings.update({ disabledSites: [] });
    expect(await handleRequest(h, req('pageLookup', { papers: [saved] }), hf, EXT)).toMatchObject({ ok: true, value: [{ saved: true }] });
  });
});
