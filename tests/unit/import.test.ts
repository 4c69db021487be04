import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import type { GlossDB } from '../../lib/db/schema';
import { toBackup } from '../../lib/export/backup';
import { toBibtex } from '../../lib/export/bibtex';
import { toCslJson } from '../../lib/export/csl';
import { ImportError, MAX_IMPORT_BYTES, parseImport } from '../../lib/import';
import { LibraryService } from '../../lib/library/service';
import { freshDb, paper } from './helpers';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/imports', name), 'utf8');
let db: GlossDB;
let lib: LibraryService;

beforeEach(() => {
  db = freshDb();
  // A real time: imports refuse save times before 1990 or in the future.
  lib = new LibraryService(db, { now: () => Date.UTC(2025, 0, 1) });
});

const importText = async (text: string, mode: 'merge' | 'replace' = 'merge') => lib.importItems({ items: parseImport(text).items, mode });

describe('PaperMemory exports (real files)', () => {
  test('memory.json: an arXiv paper and an OpenReview submission with notes and dates', async () => {
    const parsed = parseImport(fixture('papermemory/memory.json'));
    expect(parsed.format).toBe('papermemory');
    expect(parsed.items.map((i) => i.paper.id)).toEqual(['arxiv:1703.10593', 'openreview:EZNOb_uNpJk']);
    expect(parsed.items[0].paper.title).toBe('Unpaired Image-to-Image Translation using Cycle-Consistent Adversarial Networks');
    expect(parsed.items[0].paper.authors).toEqual(['Jun-Yan Zhu', 'Taesung Park', 'Phillip Isola', 'Alexei A. Efros']);
    expect(parsed.items[1].note).toBe('Under review @ ICLR  2022 (25/11/2021)');
    expect(parsed.items[0].savedAt).toBe(Date.parse('2021-11-25T19:05:43.515Z'));
    expect(await lib.importItems({ items: parsed.items })).toEqual({ added: 2, updated: 0, unchanged: 0, removed: 0 });
  });

  test('3-papers-memory.json with stringified values; twice is no duplicate', async () => {
    const text = fixture('papermemory/3-papers-memory.json');
    const parsed = parseImport(text);
    expect(parsed.items.map((i) => i.paper.id)).toEqual([
      'url:aclanthology.org/2020.acl-main.405',
      'arxiv:1703.10593',
      'url:jmlr.org/papers/volume13/bergstra12a/bergstra12a',
    ]);
    expect(parsed.items.map((i) => i.tags)).toEqual([[], [], []]);
    expect(await importText(text)).toMatchObject({ added: 3 });
    expect(await importText(text)).toEqual({ added: 0, updated: 0, unchanged: 3, removed: 0 });
    expect(await db.papers.count()).toBe(3);
  });

  test('the same arXiv paper in both PaperMemory files is one record whose notes are joined', async () => {
    await importText(fixture('papermemory/memory.json'));
    await importText(fixture('papermemory/3-papers-memory.json'));
    expect(await db.papers.count()).toBe(4);
    expect((await db.papers.get('arxiv:1703.10593'))!.note).toBe('Accepted @ ICCV 2017 -- [dblp.org]');
  });
});

describe('BibTeX (real publishers\u2019 and arXiv entries)', () => {
  const strings = (JSON.parse(fixture('papermemory/bibtexs.json')) as { strings: string[] }).strings;

  test('each real entry imports with its identifier', () => {
    const parsed = parseImport(strings.join('\n\n'));
    expect(parsed.format).toBe('bibtex');
    expect(parsed.items.map((i) => i.paper.id)).toEqual([
      'doi:10.1149/2.1051908jes',
      'arxiv:2101.02464', // PaperMemory's "arXiv preprint arXiv: Arxiv-2101.02464"
      'doi:10.24963/ijcai.2020/1',
      'doi:10.1109/iccv.2017.244',
    ]);
    expect(parsed.items[0].paper).toMatchObject({ id: 'doi:10.1149/2.1051908jes', authors: ['Sam Buteau', 'J. R. Dahn'], published: '2019' });
  });

  test('unbalanced braces: the entry is named by key and line and left out; the rest reads, nothing written yet', async () => {
    const broken =
      '@article{ok2020,\n  title = {Fine},\n  doi = {10.1000/ok}\n}\n\n@article{bad2021,\n  title = {Unbalanced {braces},\n  doi = {10.1000/bad}\n}\n';
    const parsed = parseImport(broken);
    expect(parsed.items.map((i) => i.paper.id)).toEqual(['doi:10.1000/ok']);
    expect(parsed.skipped).toEqual([{ where: 'entry bad2021, line 6', message: expect.stringMatching(/^the BibTeX is malformed/) }]);
    expect(await db.papers.count()).toBe(0);
    // A file with nothing readable is an error naming the place.
    expect(() => parseImport(broken.slice(broken.indexOf('@article{bad')))).toThrow(ImportError);
    expect(() => parseImport(broken.slice(broken.indexOf('@article{bad')))).toThrow(/^entry bad2021, line 1: the BibTeX is malformed/);
  });

  test('an entry with nothing but a title gets a stable bib: id; importing it twice adds nothing', async () => {
    const text = '@misc{nothing, title = {No ids here}, author = {Doe, Jane}, year = 2001}';
    expect(parseImport(text).items[0].paper.id).toBe('bib:2001-doe-no-ids-here');
    expect(await importText(text)).toMatchObject({ added: 1 });
    expect(await importText(text.replace('nothing', 'another-key'))).toMatchObject({ added: 0, unchanged: 1 });
  });
});

describe('round trips through Gloss\u2019s own exports', () => {
  const papers = [
    paper({ arxiv: '2401.00001' }, { title: 'MoE Models Meet LoRA', category: 'cs.LG', links: { abs: 'https://arxiv.org/abs/2401.00001' } }),
    paper({ doi: '10.1000/xyz' }, { title: 'A Journal Paper with & and 100%', links: { abs: 'https://example.org/xyz' } }),
  ];

  beforeEach(async () => {
    await lib.save({ paper: papers[0], note: 'First note.\n\nSecond paragraph.', tags: ['moe', 'to-read'] });
    await lib.save({ paper: papers[1], note: 'journal', tags: ['x'] });
  });

  test.each([
    ['backup', (r: Parameters<typeof toBackup>[0]) => toBackup(r)],
    ['BibTeX', (r: Parameters<typeof toBibtex>[0]) => toBibtex(r)],
    ['CSL-JSON', (r: Parameters<typeof toCslJson>[0]) => toCslJson(r)],
  ])('%s into a fresh library gives the same papers, notes and tags', async (_, write) => {
    const text = write(await lib.all());
    const other = new LibraryService(freshDb());
    expect(await other.importItems({ items: parseImport(text).items })).toMatchObject({ added: 2 });
    for (const p of papers) {
      const a = (await lib.get({ id: p.id }))!;
      const b = (await other.get({ id: p.id }))!;
      expect({ title: b.title, authors: b.authors, note: b.note, tags: [...b.tags].sort(), doi: b.ids.doi, arxiv: b.ids.arxiv }).toEqual({
        title: a.title,
        authors: a.authors,
        note: a.note,
        tags: [...a.tags].sort(),
        doi: a.ids.doi,
        arxiv: a.ids.arxiv,
      });
    }
    // Importing the file again changes nothing.
    expect(await other.importItems({ items: parseImport(text).items })).toMatchObject({ added: 0, updated: 0 });
  });

  test('replace mode leaves exactly the file\u2019s papers; dry run writes nothing', async () => {
    // Exports take their records from all(), which leaves out the local write count.
    const text = toBackup((await lib.all()).filter((p) => p.id === papers[0].id));
    expect(await lib.importItems({ items: parseImport(text).items, mode: 'replace', dryRun: true })).toEqual({
      added: 1,
      updated: 0,
      unchanged: 0,
      removed: 2,
    });
    expect(await db.papers.count()).toBe(2);
    await importText(text, 'replace');
    expect((await lib.all()).map((p) => p.id)).toEqual([papers[0].id]);
  });
});

describe('corrupt and hostile files change nothing and say where', () => {
  test.each([
    ['truncated JSON', '{"format": "gloss-backup", "version": 1, "papers": [{"id": "arxiv:2401.00001",', /^line 1: not valid JSON/],
    [
      'wrong types',
      JSON.stringify({
        format: 'gloss-backup',
        version: 1,
        papers: [{ id: 'arxiv:2401.00001', ids: { arxiv: '2401.00001' }, title: 'T', authors: 'not a list', links: {}, source: 'x' }],
      }),
      /^paper 1 \(arxiv:2401.00001\): authors: expected an array/,
    ],
    [
      'bad note type',
      JSON.stringify({ format: 'gloss-backup', version: 1, papers: [{ id: 'arxiv:2401.00001', note: 5 }] }),
      /^paper 1 \(arxiv:2401.00001\): "note" must be text/,
    ],
    ['newer backup', JSON.stringify({ format: 'gloss-backup', version: 99, papers: [] }), /newer Gloss/],
    ['unknown JSON', '{"hello": "world"}', /not a Gloss backup, CSL-JSON or a PaperMemory export/],
    ['empty', '   ', /empty/],
    ['plain text', 'just some words', /cannot read this file/],
    [
      'javascript: link',
      JSON.stringify({
        format: 'gloss-backup',
        version: 1,
        papers: [{ id: 'arxiv:2401.00001', ids: { arxiv: '2401.00001' }, title: 'T', authors: [], links: { abs: 'javascript:alert(1)' }, source: 'x' }],
      }),
      /: links\.abs: has an unexpected format/,
    ],
  ])('%s', async (_, text, message) => {
    expect(() => parseImport(text)).toThrow(message);
    expect(await db.papers.count()).toBe(0);
  });

  test('a file over the size limit is refused before it is parsed', () => {
    expect(() => parseImport(' '.repeat(MAX_IMPORT_BYTES + 1))).toThrow(/too large/);
  });

  test('a backup over the old 50 MB limit is read whole (the page no longer holds it; it is written in parts)', () => {
    const note = 'n'.repeat(95_000);
    const papers = Array.from({ length: 600 }, (_, i) => {
      const arxiv = `2401.${String(i).padStart(5, '0')}`;
      return { id: `arxiv:${arxiv}`, ids: { arxiv }, title: `Paper ${i}`, authors: [], links: {}, source: 'x', note: `${i} ${note}`, tags: [] };
    });
    const text = JSON.stringify({ format: 'gloss-backup', version: 1, papers });
    expect(text.length).toBeGreaterThan(54 * 1024 * 1024);
    const parsed = parseImport(text);
    expect(parsed.items).toHaveLength(600);
    expect(parsed.items[599].note).toBe(`599 ${note}`);
  });

  test('one bad entry among good ones: nothing imported', async () => {
    const good = { id: 'arxiv:2401.00001', ids: { arxiv: '2401.00001' }, title: 'Good', authors: [], links: {}, source: 'x' };
    const text = JSON.stringify({
      format: 'gloss-backup',
      version: 1,
      papers: [good, { ...good, id: 'arxiv:2401.00002', ids: { arxiv: '2401.00002' }, title: '' }],
    });
    expect(() => parseImport(text)).toThrow(/^paper 2 \(arxiv:2401.00002\): title: must be at least 1 characters/);
    expect(await db.papers.count()).toBe(0);
  });

  test('duplicate ids in one file become one paper', async () => {
    const p = { id: 'arxiv:2401.00001', ids: { arxiv: '2401.00001' }, title: 'Dup', authors: [], links: {}, source: 'x' };
    const text = JSON.stringify({
      format: 'gloss-backup',
      version: 1,
      papers: [
        { ...p, note: 'a', tags: ['x'] },
        { ...p, note: 'b', tags: ['y'] },
      ],
    });
    expect(await importText(text)).toMatchObject({ added: 1 });
    expect(await db.papers.get(p.id)).toMatchObject({ note: 'a\n\nb', tags: ['x', 'y'] });
  });
});
