import fc from 'fast-check';
import { beforeEach, describe, expect, test } from 'vitest';
import type { GlossDB } from '../../lib/db/schema';
import { LibraryService } from '../../lib/library/service';
import { MAX_MESSAGE_BYTES } from '../../lib/rpc/protocol';
import { handleRequest } from '../../lib/rpc/server';
import { freshDb, paper } from './helpers';

const EXT = 'gloss-extension-id';
const me = { id: EXT };
let db: GlossDB;
let lib: LibraryService;

beforeEach(() => {
  db = freshDb();
  lib = new LibraryService(db);
});

const req = (method: string, args: unknown) => ({ gloss: 1, method, args });

describe('the background message handler', () => {
  test('answers a well-formed request', async () => {
    const p = paper({ arxiv: '2401.00001' });
    expect(await handleRequest(lib, req('save', { paper: p }), me, EXT)).toMatchObject({ ok: true, value: { saved: true } });
  });

  test('refuses messages from other extensions or pages', async () => {
    const p = paper({ arxiv: '2401.00001' });
    expect(await handleRequest(lib, req('save', { paper: p }), { id: 'someone-else' }, EXT)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await handleRequest(lib, req('save', { paper: p }), {}, EXT)).toMatchObject({ ok: false });
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
    const answer = await handleRequest(lib, message, me, EXT);
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await db.papers.count()).toBe(0);
  });

  test('names the argument that is wrong', async () => {
    const answer = await handleRequest(lib, req('save', { paper: { ...paper({ arxiv: '2401.00001' }), authors: [1] } }), me, EXT);
    expect(answer).toEqual({ ok: false, error: { code: 'invalid', message: 'args.paper.authors[0]: expected a string' } });
  });

  test('refuses oversized requests before looking at them', async () => {
    const note = 'x'.repeat(MAX_MESSAGE_BYTES + 1);
    const answer = await handleRequest(lib, req('setNote', { id: 'arxiv:2401.00001', note }), me, EXT);
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid', message: expect.stringMatching(/too large/) } });
  });

  test('property: arbitrary messages never throw and never write', { timeout: 60_000 }, async () => {
    const method = fc.constantFrom('lookup', 'save', 'unsave', 'setNote', 'setTags', 'list', 'get', 'toString', '__proto__');
    await fc.assert(
      fc.asyncProperty(method, fc.anything({ withNullPrototype: true, withBigInt: false }), async (m, args) => {
        const answer = await handleRequest(lib, req(m, args), me, EXT);
        expect(typeof answer.ok).toBe('boolean');
        if (m === 'save' || m === 'setNote' || m === 'setTags') expect(answer.ok).toBe(false);
      }),
      { seed: 20261129, numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
    expect(await db.papers.count()).toBe(0);
  });
});
