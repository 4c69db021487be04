/**
 * BibTeX import at LaTeX's standard, on a file with what real ones hold (tests/fixtures/imports/
 * bibtex/tricky.bib): math and TeX logos kept, accents composed, `and others`, a corporate
 * author, a suffix, books without identifiers, and one broken entry reported by key and line.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import { toBibtex } from '../../lib/export/bibtex';
import { parseImport } from '../../lib/import';
import { LibraryService } from '../../lib/library/service';
import { freshDb } from './helpers';

const tricky = readFileSync(join(import.meta.dirname, '../fixtures/imports/bibtex/tricky.bib'), 'utf8');
let lib: LibraryService;
beforeEach(() => {
  lib = new LibraryService(freshDb(), { now: () => Date.UTC(2026, 0, 1) });
});

describe('a tricky BibTeX file', () => {
  const parsed = parseImport(tricky);
  const byKey = Object.fromEntries(parsed.items.map((i) => [i.citeKey, i]));

  test('the broken entry is reported by key and line; the six others are read', () => {
    expect(parsed.skipped).toEqual([{ where: 'entry broken2020, line 54', message: expect.stringMatching(/malformed/) }]);
    expect(parsed.items.map((i) => i.citeKey)).toEqual([
      'vaswani2017attention',
      'muller2021sorting',
      'atlas2012observation',
      'knuth1984texbook',
      'lamport1994latex',
      'qwen2024',
    ]);
  });

  test('math stays LaTeX; TeX logos are their words; no "unhandled macro"', () => {
    expect(byKey.muller2021sorting.paper.title).toBe('Sorting in $\\mathcal{O}(n^2)$ Time over $\\mathbb{R}^n$ with TeX and $\\alpha$-Nets');
    expect(byKey.knuth1984texbook.paper.title).toBe('The TeXbook');
    expect(byKey.lamport1994latex.paper.title).toBe('LaTeX: A Document Preparation System');
  });

  test('names are stored composed (NFC), with suffixes, "others" and organizations kept', () => {
    const authors = byKey.muller2021sorting.paper.authors;
    expect(authors).toEqual(['Zoë Müller', 'María García', 'Martin King Jr.']);
    for (const a of authors) expect(a).toBe(a.normalize('NFC'));
    expect(byKey.vaswani2017attention.paper.authors.at(-1)).toBe('others');
    expect(byKey.atlas2012observation.paper.authors).toEqual(['The ATLAS Collaboration']);
  });

  test('venue, volume, issue, pages, month and type come in', () => {
    expect(byKey.vaswani2017attention.paper).toMatchObject({
      itemType: 'inproceedings',
      container: 'Advances in Neural Information Processing Systems',
      volume: '30',
      pages: '5998--6008',
      published: '2017',
    });
    expect(byKey.muller2021sorting.paper).toMatchObject({
      itemType: 'article',
      container: 'Journal of Obscure Results',
      volume: '12',
      issue: '3',
      pages: '1--20',
      published: '2021-03',
    });
    expect(byKey.knuth1984texbook.paper).toMatchObject({ itemType: 'book', publisher: 'Addison-Wesley' });
    expect(byKey.qwen2024.paper).toMatchObject({ itemType: 'preprint', category: 'cs.CL' });
  });

  test('books without identifiers: an ISBN id, or one from year, author and title; twice adds nothing', async () => {
    expect(byKey.knuth1984texbook.paper.id).toBe('bib:isbn0201134470');
    expect(byKey.lamport1994latex.paper.id).toBe('bib:1994-lamport-latex-a-document-preparation-system');
    expect(await lib.importItems({ items: parsed.items })).toMatchObject({ added: 6 });
    expect(await lib.importItems({ items: parseImport(tricky).items })).toMatchObject({ added: 0, updated: 0, unchanged: 6 });
  });

  test('a search for a name typed on a keyboard finds the imported paper', async () => {
    await lib.importItems({ items: parsed.items });
    const { hits } = await lib.search({ query: 'Müller' });
    expect(hits.map((h) => h.paper.id)).toContain('doi:10.1000/jor.2021.12');
  });

  test('exported back, the file keeps its keys, math, "others" and the whole organization', async () => {
    await lib.importItems({ items: parsed.items });
    const bib = toBibtex(await lib.all());
    expect(bib).toContain('@inproceedings{vaswani2017attention,');
    expect(bib).toContain('author = {Vaswani, Ashish and Shazeer, Noam and Parmar, Niki and others}');
    expect(bib).toContain('author = {{The ATLAS Collaboration}}');
    expect(bib).toContain('author = {M{\\"u}ller, Zo{\\"e} and Garc{\\\'i}a, Mar{\\\'i}a and King, Jr., Martin}');
    expect(bib).toContain('{$\\mathcal{O}(n^2)$}');
    expect(bib).toContain('{$\\alpha$}');
    expect(bib).toContain('{Qwen2.5-7B}');
    expect(bib).not.toMatch(/[^\x00-\x7f]/);
  });
});
