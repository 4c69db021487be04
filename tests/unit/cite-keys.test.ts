/**
 * Stable citation keys: chosen once when a record is made, unique in the library, stored, and
 * the same in every export, whatever else is exported; records older than keys get theirs once.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import type { GlossDB } from '../../lib/db/schema';
import { citationKeys, toBibtex } from '../../lib/export/bibtex';
import { toCslJson } from '../../lib/export/csl';
import { toRis } from '../../lib/export/ris';
import { assignCiteKey, backfillCiteKeys, baseCiteKey, citeKeyProblem, freeKey } from '../../lib/export/cite-keys';
import { LibraryService } from '../../lib/library/service';
import { normalizeTitle } from '../../lib/core/ids';
import type { PaperRecord } from '../../lib/core/types';
import { freshDb, paper } from './helpers';

let db: GlossDB;
let lib: LibraryService;
let clock: number;

beforeEach(() => {
  db = freshDb();
  clock = 1_000;
  lib = new LibraryService(db, { now: () => clock++ });
});

/** Same first author, year and first title word; different papers (identity also goes by title). */
const TITLES: Record<string, string> = {
  '2001.00001': 'Deep Learning of Things',
  '2001.00002': 'Deep Nets for Stuff',
  '2001.00003': 'Deep Thoughts on Others',
};
const smith = (arxiv: string, title = TITLES[arxiv]) => paper({ arxiv }, { title, authors: ['John Smith'], published: '2020-05-01' });

describe('the pure rules', () => {
  test('readable base: family name, year, first significant title word', () => {
    expect(baseCiteKey({ authors: ['Ashish Vaswani'], title: 'Attention Is All You Need', published: '2017-06', ids: {} })).toBe('vaswani2017attention');
    expect(baseCiteKey({ authors: ['Zoë Müller'], title: 'On $\\mathcal{O}(n)$ Über-Things', published: undefined, ids: { arxiv: '2607.01234' } })).toBe(
      'muller2026uber',
    );
    expect(baseCiteKey({ authors: ['The ATLAS Collaboration'], title: 'Observation of a new particle', published: '2012', ids: {} })).toBe(
      'atlas2012observation',
    );
    expect(baseCiteKey({ authors: ['Ludwig van Beethoven'], title: 'A Symphony', published: '1824', ids: {} })).toBe('beethoven1824symphony');
  });

  test('suffixes a, b, …, z, aa in order of assignment; case-insensitive', () => {
    const taken = new Set<string>();
    const p = { authors: ['John Smith'], title: 'Deep nets', published: '2020', ids: {} };
    const keys = Array.from({ length: 29 }, () => assignCiteKey(p, taken));
    expect(keys.slice(0, 4)).toEqual(['smith2020deep', 'smith2020deepa', 'smith2020deepb', 'smith2020deepc']);
    expect(keys[26]).toBe('smith2020deepz');
    expect(keys[27]).toBe('smith2020deepaa');
    expect(new Set(keys).size).toBe(29);
    expect(freeKey('Smith2020Deep', new Set(['smith2020deep']))).toBe('Smith2020Deepa');
  });

  test('thousands of papers on one base all get distinct keys', () => {
    const taken = new Set<string>();
    const p = { authors: [], title: 'Paper', published: undefined, ids: {} };
    const keys = Array.from({ length: 3000 }, () => assignCiteKey(p, taken));
    expect(new Set(keys).size).toBe(3000);
    expect(keys[0]).toBe('anonpaper');
  });

  test('a preferred key (a BibTeX entry’s own) is kept when free and valid, else made free', () => {
    const taken = new Set(['le-scao-rush-2021-many']);
    const p = { authors: ['Teven Le Scao'], title: 'How many data points', published: '2021', ids: {} };
    expect(assignCiteKey(p, taken, 'DBLP:conf/naacl/ScaoR21')).toBe('DBLP:conf/naacl/ScaoR21');
    expect(assignCiteKey(p, taken, 'le-scao-rush-2021-many')).toBe('le-scao-rush-2021-manya');
    expect(assignCiteKey(p, taken, 'bad key {with} braces')).toBe('scao2021many');
  });

  test('backfill: in order saved, records with keys keep them and reserve them', () => {
    const rec = (id: string, savedAt: number, citeKey?: string): PaperRecord => ({
      ...smith(id),
      aliases: [],
      titleKey: '',
      note: '',
      tags: [],
      savedAt,
      updatedAt: 0,
      ...(citeKey && { citeKey }),
    });
    const out = backfillCiteKeys([rec('2001.00003', 3), rec('2001.00001', 1, 'smith2020deep'), rec('2001.00002', 2)]);
    expect(out.map((r) => [r.ids.arxiv, r.citeKey])).toEqual([
      ['2001.00002', 'smith2020deepa'],
      ['2001.00003', 'smith2020deepb'],
    ]);
  });

  test('typed keys: malformed or taken ones are refused with a reason', () => {
    expect(citeKeyProblem('ok:key-1', false)).toBeUndefined();
    expect(citeKeyProblem('has space', false)).toMatch(/letters, digits/);
    expect(citeKeyProblem('x}', false)).toMatch(/letters, digits/);
    expect(citeKeyProblem('taken', true)).toMatch(/already has the key taken/);
  });
});

describe('in the library', () => {
  test('three papers with one base get distinct keys at save time, and exports never change them', async () => {
    for (const id of ['2001.00001', '2001.00002', '2001.00003']) await lib.save({ paper: smith(id) });
    const all = await lib.all();
    const keyOf = new Map(all.map((r) => [r.ids.arxiv, r.citeKey]));
    expect(keyOf).toEqual(
      new Map([
        ['2001.00001', 'smith2020deep'],
        ['2001.00002', 'smith2020deepa'],
        ['2001.00003', 'smith2020deepb'],
      ]),
    );
    // The reported defect: a selection or one paper exported alone got the full export's or
    // the plain key depending on what else was in the file.
    const second = all.find((r) => r.ids.arxiv === '2001.00002')!;
    expect(citationKeys([second])).toEqual(['smith2020deepa']);
    expect(toBibtex([second])).toMatch(/^@misc\{smith2020deepa,/);
    expect(citationKeys([...all].reverse())).toEqual([...all].reverse().map((r) => r.citeKey));
    expect(JSON.parse(toCslJson([second]))[0].id).toBe('smith2020deepa');
    expect(toRis([second])).toContain('ID  - smith2020deepa');
  });

  test('saving the paper again (or from another page) keeps its key', async () => {
    await lib.save({ paper: smith('2001.00001') });
    await lib.save({ paper: smith('2001.00001', 'A Longer Title Altogether') });
    await lib.save({ paper: paper({ doi: '10.48550/arxiv.2001.00001' }, { title: 'Deep Learning of Things', authors: ['John Smith'] }) });
    await lib.save({ paper: paper({ doi: '10.1000/published' }, { title: 'Deep Learning of Things', authors: ['John Smith'] }) });
    expect((await lib.all()).map((r) => r.citeKey)).toEqual(['smith2020deep']);
  });

  test('a removed paper keeps its key reserved; restored, it has it still', async () => {
    await lib.save({ paper: smith('2001.00001') });
    await lib.unsave({ id: 'arxiv:2001.00001' });
    await lib.save({ paper: smith('2001.00002') });
    await lib.restore({ ids: ['arxiv:2001.00001'] });
    const keys = new Map((await lib.all()).map((r) => [r.id, r.citeKey]));
    expect(keys.get('arxiv:2001.00001')).toBe('smith2020deep');
    expect(keys.get('arxiv:2001.00002')).toBe('smith2020deepa');
  });

  test('records saved before keys existed get theirs once, in the order they were saved', async () => {
    const old = (id: string, savedAt: number): PaperRecord => {
      const p = smith(id);
      return { ...p, aliases: [p.id], titleKey: normalizeTitle(p.title), note: '', tags: [], savedAt, updatedAt: savedAt, version: 3 };
    };
    await db.papers.bulkPut([old('2001.00002', 20), old('2001.00001', 10)]);
    const fresh = new LibraryService(db, { now: () => clock++ });
    const first = await fresh.get({ id: 'arxiv:2001.00002' });
    expect(first!.citeKey).toBe('smith2020deepa');
    expect((await db.papers.get('arxiv:2001.00001'))!.citeKey).toBe('smith2020deep');
    expect((await db.papers.get('arxiv:2001.00001'))!.version).toBe(4);
    // Another worker life reads the stored keys; nothing is reassigned.
    const again = new LibraryService(db, { now: () => clock++ });
    await again.save({ paper: smith('2001.00003') });
    expect((await again.all()).map((r) => r.citeKey).sort()).toEqual(['smith2020deep', 'smith2020deepa', 'smith2020deepb']);
  });

  test('arXiv papers saved without a date get the month their id says, and a year search finds them', async () => {
    const p = smith('2607.01234', 'Deep Listings Without Dates');
    const { published: _, ...undated } = { ...p, aliases: [p.id], titleKey: normalizeTitle(p.title), note: '', tags: [], savedAt: 5, updatedAt: 5 };
    await db.papers.put(undated);
    const fresh = new LibraryService(db, { now: () => clock++ });
    expect((await fresh.get({ id: p.id }))!.published).toBe('2026-07');
    const { hits } = await fresh.search({ query: 'year:2026' });
    expect(hits.map((h) => h.paper.id)).toEqual([p.id]);
  });

  test('a page’s first lookup warms the keys, so the star that saves a new paper does not read the library', async () => {
    await lib.save({ paper: smith('2001.00001') });
    const fresh = new LibraryService(db, { now: () => clock++ });
    const loaded = () => (fresh.citeKeys as unknown as { taken?: Promise<Set<string>> }).taken !== undefined;
    await fresh.lookup({ papers: [smith('2001.00002')] });
    expect(loaded()).toBe(false);
    await new Promise((r) => setTimeout(r, 1_300));
    expect(loaded()).toBe(true);
    await fresh.save({ paper: smith('2001.00002') });
    expect((await fresh.get({ id: 'arxiv:2001.00002' }))!.citeKey).toBe('smith2020deepa');
  });

  test('the user can change a key; a taken or malformed one is refused and nothing changes', async () => {
    await lib.save({ paper: smith('2001.00001') });
    await lib.save({ paper: smith('2001.00002') });
    const rec = await lib.setCiteKey({ id: 'arxiv:2001.00002', key: 'smith2020things' });
    expect(rec.citeKey).toBe('smith2020things');
    await expect(lib.setCiteKey({ id: 'arxiv:2001.00002', key: 'SMITH2020deep' })).rejects.toThrow(/already has the key/);
    await expect(lib.setCiteKey({ id: 'arxiv:2001.00002', key: 'a b' })).rejects.toThrow(/letters, digits/);
    expect((await lib.get({ id: 'arxiv:2001.00002' }))!.citeKey).toBe('smith2020things');
    // The old key is free again for the next paper with that base.
    await lib.save({ paper: smith('2001.00003') });
    expect((await lib.get({ id: 'arxiv:2001.00003' }))!.citeKey).toBe('smith2020deepa');
  });

  test('imports keep a file’s own keys when free; a backup restores keys exactly; twice adds nothing', async () => {
    await lib.save({ paper: smith('2001.00001') });
    const items = [
      { paper: smith('2001.00002'), citeKey: 'Smith20', where: 'entry 1' },
      { paper: smith('2001.00003'), citeKey: 'smith2020deep', where: 'entry 2' },
    ];
    await lib.importItems({ items });
    const keys = () => lib.all().then((all) => Object.fromEntries(all.map((r) => [r.ids.arxiv, r.citeKey])));
    expect(await keys()).toEqual({ '2001.00001': 'smith2020deep', '2001.00002': 'Smith20', '2001.00003': 'smith2020deepa' });
    expect(await lib.importItems({ items })).toMatchObject({ added: 0, updated: 0, unchanged: 2 });
    const backup = (await lib.all()).map(({ aliases: _a, titleKey: _t, note, tags, savedAt, updatedAt: _u, citeKey, ...p }) => ({
      paper: p,
      note,
      tags,
      savedAt,
      citeKey,
      where: p.id,
    }));
    await lib.importItems({ items: backup, mode: 'replace' });
    expect(await keys()).toEqual({ '2001.00001': 'smith2020deep', '2001.00002': 'Smith20', '2001.00003': 'smith2020deepa' });
  });

  test('a dry run reserves nothing', async () => {
    await lib.importItems({ items: [{ paper: smith('2001.00001'), where: 'x' }], dryRun: true });
    await lib.save({ paper: smith('2001.00002') });
    expect((await lib.all())[0].citeKey).toBe('smith2020deep');
  });
});
