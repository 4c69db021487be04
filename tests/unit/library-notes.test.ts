import { beforeEach, describe, expect, test } from 'vitest';
import type { GlossDB } from '../../lib/db/schema';
import { LibraryService, MAX_DRAFTS, NOTE_CONFLICT_SEPARATOR } from '../../lib/library/service';
import { MAX_NOTE_LENGTH, argsValidators } from '../../lib/rpc/protocol';
import { freshDb, paper } from './helpers';

let db: GlossDB;
let lib: LibraryService;
let clock: number;

beforeEach(() => {
  db = freshDb();
  clock = 1_000;
  lib = new LibraryService(db, { now: () => clock++ });
});

describe('notes written in two windows at once', () => {
  test('two editors from the same base: both texts survive, the stored one first, and the second is told', async () => {
    const p = paper({ arxiv: '2401.00001' });
    await lib.save({ paper: p, note: 'start' });
    const first = await lib.setNote({ id: p.id, note: 'start, edited in window A', base: 'start' });
    expect(first.conflict).toBeUndefined();
    const second = await lib.setNote({ id: p.id, note: 'start, edited in window B', base: 'start' });
    expect(second.conflict).toBe(true);
    expect(second.note).toBe(`start, edited in window A${NOTE_CONFLICT_SEPARATOR}start, edited in window B`);
    expect((await db.papers.get(p.id))!.note).toBe(second.note);
  });

  test('a sequential edit from the note just stored is not a conflict', async () => {
    const p = paper({ arxiv: '2401.00001' });
    await lib.save({ paper: p, note: 'one' });
    const a = await lib.setNote({ id: p.id, note: 'one two', base: 'one' });
    const b = await lib.setNote({ id: p.id, note: 'one two three', base: a.note });
    expect(b.conflict).toBeUndefined();
    expect(b.note).toBe('one two three');
  });

  test('the same text sent twice (a retried call) is not a conflict', async () => {
    const p = paper({ arxiv: '2401.00001' });
    await lib.save({ paper: p, note: 'one' });
    await lib.setNote({ id: p.id, note: 'one two', base: 'one' });
    const again = await lib.setNote({ id: p.id, note: 'one two', base: 'one' });
    expect(again).toMatchObject({ note: 'one two' });
    expect(again.conflict).toBeUndefined();
  });

  test('without a base the note is replaced, as before', async () => {
    const p = paper({ arxiv: '2401.00001' });
    await lib.save({ paper: p, note: 'one' });
    expect(await lib.setNote({ id: p.id, note: 'other' })).toMatchObject({ note: 'other' });
  });

  test('every write of a record moves its version on; records from before versions count as 0', async () => {
    const p = paper({ arxiv: '2401.00001' });
    expect((await lib.save({ paper: p })).version).toBe(1);
    expect((await lib.setNote({ id: p.id, note: 'n' })).version).toBe(2);
    expect((await lib.setTags({ id: p.id, tags: ['t'] })).version).toBe(3);
    await lib.bulk({ ids: [p.id], action: 'tag', tags: ['u'] });
    expect((await db.papers.get(p.id))!.version).toBe(4);
    await lib.importItems({ items: [{ paper: p, note: 'imported', where: 'x' }] });
    expect((await db.papers.get(p.id))!.version).toBe(5);
    expect((await lib.save({ paper: p })).version).toBe(6);
    const { version: _, ...old } = (await db.papers.get(p.id))!;
    await db.papers.put(old);
    expect((await lib.lookup({ papers: [p] }))[0].version).toBe(0);
    expect((await lib.setNote({ id: p.id, note: 'm' })).version).toBe(1);
    // Exports and backups leave the local count out.
    expect((await lib.all())[0]).not.toHaveProperty('version');
  });

  test('setNote accepts a base of note length and no longer', () => {
    const args = { id: 'arxiv:2401.00001', note: 'x', base: 'y' };
    expect(argsValidators.setNote(args, 'args')).toEqual(args);
    expect(() => argsValidators.setNote({ ...args, base: 'y'.repeat(MAX_NOTE_LENGTH + 1) }, 'args')).toThrow(/args\.base/);
  });
});

describe('a page only fills what the saved record lacks', () => {
  test('re-saving from another page changes neither title, authors nor links, but fills a missing abstract', async () => {
    const p = paper(
      { arxiv: '2401.00001' },
      { title: 'The real title', authors: ['Ada Lovelace'], abstract: undefined, links: { code: 'https://github.com/real/code' } },
    );
    await lib.save({ paper: p, note: 'mine' });
    await lib.save({
      paper: paper(
        { arxiv: '2401.00001', doi: '10.1000/other' },
        {
          title: 'A title a page made up',
          authors: ['Mallory'],
          abstract: 'Now with an abstract.',
          published: '1999',
          category: 'cs.CR',
          links: { code: 'https://evil.example/code', pdf: 'https://arxiv.org/pdf/2401.00001' },
        },
      ),
    });
    const rec = (await db.papers.get(p.id))!;
    expect(rec).toMatchObject({
      title: 'The real title',
      titleKey: 'the real title',
      authors: ['Ada Lovelace'],
      abstract: 'Now with an abstract.',
      published: '2026-06-26',
      category: 'cs.CR',
      note: 'mine',
      links: { code: 'https://github.com/real/code', pdf: 'https://arxiv.org/pdf/2401.00001' },
      ids: { arxiv: '2401.00001', doi: '10.1000/other' },
    });
    expect(rec.aliases).toContain('doi:10.1000/other');
  });

  test('a title that is only the identifier (a paper saved from its URL) counts as empty', async () => {
    await lib.save({ paper: paper({ arxiv: '2401.00001' }, { title: 'arXiv:2401.00001', authors: [] }) });
    await lib.save({ paper: paper({ arxiv: '2401.00001' }, { title: 'The real title' }) });
    expect(await db.papers.get('arxiv:2401.00001')).toMatchObject({ title: 'The real title', authors: ['Ada Lovelace', 'Alan Turing'] });
  });
});

describe('note drafts', () => {
  const a = paper({ arxiv: '2401.00001' }, { title: 'Saved paper' });
  const b = paper({ arxiv: '2401.00002' });

  test('put, get, list newest first with the saved title, clear', async () => {
    await lib.save({ paper: a });
    expect(await lib.getDraft({ id: a.id })).toBeNull();
    await lib.putDraft({ id: a.id, text: 'half', base: '' });
    await lib.putDraft({ id: b.id, text: 'unsaved paper note', base: '' });
    await lib.putDraft({ id: a.id, text: 'half a thought', base: '' });
    expect(await lib.getDraft({ id: a.id })).toMatchObject({ id: a.id, text: 'half a thought', base: '' });
    expect((await lib.drafts({})).map(({ id, text, title }) => ({ id, text, title }))).toEqual([
      { id: a.id, text: 'half a thought', title: 'Saved paper' },
      { id: b.id, text: 'unsaved paper note', title: '' },
    ]);
    expect(await lib.clearDraft({ id: b.id })).toEqual({ cleared: true });
    expect(await lib.clearDraft({ id: b.id })).toEqual({ cleared: false });
    expect((await lib.drafts({})).map((d) => d.id)).toEqual([a.id]);
  });

  test('a stored note clears the draft with its text; a draft with other text stays', async () => {
    await lib.save({ paper: a, note: 'base' });
    await lib.putDraft({ id: a.id, text: 'base and more', base: 'base' });
    await lib.setNote({ id: a.id, note: 'base and', base: 'base' });
    expect(await lib.getDraft({ id: a.id })).toMatchObject({ text: 'base and more' });
    await lib.setNote({ id: a.id, note: 'base and more', base: 'base and' });
    expect(await lib.getDraft({ id: a.id })).toBeNull();
  });

  test("a draft saved beside another window's text is cleared too: its text is stored", async () => {
    await lib.save({ paper: a, note: 'base' });
    await lib.setNote({ id: a.id, note: 'from window A', base: 'base' });
    await lib.putDraft({ id: a.id, text: 'from window B', base: 'base' });
    const state = await lib.setNote({ id: a.id, note: 'from window B', base: 'base' });
    expect(state.conflict).toBe(true);
    expect(await lib.getDraft({ id: a.id })).toBeNull();
  });

  test(`at most ${MAX_DRAFTS} drafts are kept, the oldest go first`, async () => {
    for (let i = 0; i < MAX_DRAFTS + 5; i++) await lib.putDraft({ id: `url:https://example.org/${i}`, text: 't', base: '' });
    expect(await db.drafts.count()).toBe(MAX_DRAFTS);
    expect(await lib.getDraft({ id: 'url:https://example.org/4' })).toBeNull();
    expect(await lib.getDraft({ id: `url:https://example.org/${MAX_DRAFTS + 4}` })).not.toBeNull();
  });

  test('draft arguments are validated', () => {
    expect(argsValidators.putDraft({ id: a.id, text: 't', base: '' }, 'args')).toEqual({ id: a.id, text: 't', base: '' });
    expect(() => argsValidators.putDraft({ id: a.id, text: 'x'.repeat(MAX_NOTE_LENGTH + 1), base: '' }, 'args')).toThrow(/args\.text/);
    expect(() => argsValidators.putDraft({ id: a.id, text: 't' }, 'args')).toThrow(/args\.base/);
    expect(() => argsValidators.getDraft({ id: 'nope' }, 'args')).toThrow(/args\.id/);
    expect(argsValidators.drafts({}, 'args')).toEqual({});
  });
});
