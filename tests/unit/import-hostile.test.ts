/**
 * Files crafted to get past import validation: keys that live on Object.prototype, objects
 * that would pollute it, time stamps no Date can show. Each is refused (or the key ignored)
 * and nothing is written.
 */
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { GlossDB } from '../../lib/db/schema';
import { ImportError, parseImport } from '../../lib/import';
import { validateItems } from '../../lib/import/validate';
import { LibraryService } from '../../lib/library/service';
import { freshDb } from './helpers';

let db: GlossDB;
let lib: LibraryService;

beforeEach(() => {
  db = freshDb();
  lib = new LibraryService(db, { now: () => Date.UTC(2025, 0, 1) });
});

afterEach(() => {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty('polluted');
});

const good = { id: 'arxiv:2401.00001', ids: { arxiv: '2401.00001' }, title: 'Good', authors: [], links: {}, source: 'x' };
const backup = (papers: unknown[]) =>
  `{"format": "gloss-backup", "version": 1, "papers": [${papers.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(',')}]}`;
// JSON.stringify cannot write an own "__proto__" key; a file can, and JSON.parse keeps it.
const withKey = (obj: object, key: string, value: unknown) => JSON.stringify(obj).replace(/^\{/, `{${JSON.stringify(key)}: ${JSON.stringify(value)}, `);

async function refused(text: string, message: string | RegExp) {
  expect(() => parseImport(text)).toThrow(ImportError);
  expect(() => parseImport(text)).toThrow(message);
  expect(await db.papers.count()).toBe(0);
}

describe('keys of Object.prototype in a file', () => {
  test('a file that is only {"__proto__": {"polluted": 1}} is refused', async () => {
    await refused('{"__proto__": {"polluted": 1}}', /not a Gloss backup, CSL-JSON or a PaperMemory export/);
  });

  test.each([
    ['__proto__', { polluted: 1 }],
    ['constructor', { prototype: { polluted: 1 } }],
    ['toString', 'x'],
    ['hasOwnProperty', 'x'],
  ])('a backup paper with a %s key is refused, naming the paper and the key', async (key, value) => {
    await refused(backup([withKey(good, key, value)]), `paper 1 (arxiv:2401.00001): ${key}: is not allowed`);
  });

  test('a prototype key inside ids or links is refused', async () => {
    await refused(
      backup([{ ...good, ids: JSON.parse(withKey(good.ids, '__proto__', { polluted: 1 })) }]),
      'paper 1 (arxiv:2401.00001): ids.__proto__: is not allowed',
    );
    await refused(backup([{ ...good, links: { toString: 'https://example.org' } }]), 'paper 1 (arxiv:2401.00001): links.toString: is not allowed');
  });

  test('an id that is an object with a "toString" key gets an error, not a TypeError', async () => {
    await refused(backup([{ ...good, id: { toString: 1 } }]), /^paper 1 \(object\): id: expected a string/);
    await refused('{"format": "gloss-backup", "version": {"toString": 1}, "papers": []}', /format version object/);
  });

  test('PaperMemory and CSL-JSON: prototype keys are ignored; the papers import without them', async () => {
    const memory = `{"__proto__": {"polluted": 1}, "constructor": {"polluted": 1}, "Arxiv-2401.00001": ${withKey(
      { title: 'Good', author: 'A B', addDate: '2024-05-01T00:00:00.000Z', note: '', tags: [] },
      '__proto__',
      { polluted: 1 },
    )}}`;
    // "constructor" would be one more PaperMemory entry (its key is data); with no title it is not one.
    await refused(memory, /not a Gloss backup, CSL-JSON or a PaperMemory export/);
    const ok = memory.replace('"constructor": {"polluted": 1}, ', '');
    expect(await lib.importItems({ items: parseImport(ok).items })).toMatchObject({ added: 1 });
    const csl = `[${withKey({ type: 'article', title: 'Csl', DOI: '10.1000/csl' }, '__proto__', { polluted: 1 })}]`;
    expect(await lib.importItems({ items: parseImport(csl).items })).toMatchObject({ added: 1 });
    for (const rec of await lib.all()) {
      expect(Object.keys(rec)).not.toContain('__proto__');
      expect(rec).not.toHaveProperty('polluted');
    }
  });

  test('the items imported are the validators\u2019 copies, not the readers\u2019 objects', () => {
    const paper = Object.assign(Object.create({ polluted: 1 }) as object, structuredClone(good));
    const tags = Object.assign(['a'], { extra: 1 });
    const [item] = validateItems([{ paper: paper as typeof good, tags, where: 'here' }]);
    expect(item.paper).not.toBe(paper);
    expect(item.paper).toEqual(good);
    expect(Object.getPrototypeOf(item.paper)).toBe(Object.prototype);
    expect('polluted' in item.paper).toBe(false);
    expect(item.tags).toEqual(['a']);
    expect(item.tags).not.toBe(tags);
    expect(item.tags).not.toHaveProperty('extra');
  });
});

describe('time stamps', () => {
  test.each([
    ['-1e300', -1e300],
    ['1e300', 1e300],
    ['before 1990', Date.UTC(1989, 11, 31)],
    ['a week ahead', Date.now() + 7 * 24 * 3600 * 1000],
    ['a fraction', Date.UTC(2024, 0, 1) + 0.5],
    ['text', '2024-01-01'],
  ])('savedAt %s is refused, naming the paper and the field', async (_, savedAt) => {
    await refused(
      backup([good, { ...good, id: 'arxiv:2401.00002', ids: { arxiv: '2401.00002' }, savedAt }]),
      /^paper 2 \(arxiv:2401.00002\): "savedAt" must be a time between 1990-01-01 and now/,
    );
  });

  test('updatedAt -1e300 is refused too', async () => {
    await refused(
      backup([{ ...good, savedAt: Date.UTC(2024, 0, 1), updatedAt: -1e300 }]),
      'paper 1 (arxiv:2401.00001): "updatedAt" must be a time between 1990-01-01 and now (found -1e+300)',
    );
  });

  test('a PaperMemory addDate from 1900 is refused, naming the paper', async () => {
    await refused(
      JSON.stringify({ 'Arxiv-2401.00001': { title: 'T', author: 'A B', addDate: '1900-01-01T00:00:00.000Z' } }),
      /^paper Arxiv-2401\.00001: "savedAt" must be a time/,
    );
  });

  test('times from 1990 up to now import, and keep their value', async () => {
    const savedAt = Date.UTC(1990, 0, 1);
    const items = parseImport(backup([{ ...good, savedAt, updatedAt: Date.now() }])).items;
    expect(items[0].savedAt).toBe(savedAt);
    await lib.importItems({ items });
    expect((await lib.get({ id: good.id }))!.savedAt).toBe(savedAt);
  });
});
