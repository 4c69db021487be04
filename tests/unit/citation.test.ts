/**
 * Citation-grade metadata: venue, volume, issue, pages, publisher and type read from the real
 * captured pages, the year an arXiv id implies, and all of it written by every export.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseBib } from '@retorquere/bibtex-parser';
import { describe, expect, test } from 'vitest';
import { arxivDate, bibtexBlockFields, cleanCitation, normalizePages } from '../../lib/core/citation';
import { toBibtex } from '../../lib/export/bibtex';
import { toCslJson } from '../../lib/export/csl';
import { toRis } from '../../lib/export/ris';
import { normalizeTitle } from '../../lib/core/ids';
import { paperMeta } from '../../lib/rpc/protocol';
import { stripMarkup } from '../../lib/sites/ieee';
import { documentFromHtml } from '../../scripts/lib/parse-html';
import { recognize } from '../../lib/sites/registry';
import type { PaperMeta, PaperRecord } from '../../lib/core/types';

const dir = join(import.meta.dirname, '../fixtures/pages');
const html = (file: string) => readFileSync(join(dir, file), 'utf8');
const fromPage = (file: string, url: string, text = html(file)) => recognize(documentFromHtml(text), url).map((e) => e.paper);
const record = (p: PaperMeta, extra: Partial<PaperRecord> = {}): PaperRecord => ({
  ...p,
  aliases: [p.id],
  titleKey: normalizeTitle(p.title),
  note: '',
  tags: [],
  savedAt: 1,
  updatedAt: 1,
  ...extra,
});

const [acl] = fromPage('acl-anthology/acl_2021.naacl-main.208.html', 'https://aclanthology.org/2021.naacl-main.208/');
const [tim] = fromPage('ieee/10.1109_TIM.2024.3509573_landing.html', 'https://ieeexplore.ieee.org/document/10772053');
const [plos] = fromPage('other-publishers/plos_one_article.html', 'https://journals.plos.org/plosone/article?id=10.1371/journal.pone.0213978');
const [sd] = fromPage('other-publishers/sciencedirect_S146290112300117X.html', 'https://www.sciencedirect.com/science/article/pii/S146290112300117X');
const [springer] = fromPage('other-publishers/springer_s10924-010-0192-1.html', 'https://link.springer.com/article/10.1007/s10924-010-0192-1');
const arxivList = fromPage('arxiv-list/arxiv_list_cs.CL_recent_2026-07-27.html', 'https://arxiv.org/list/cs.CL/recent');

describe('venue from real pages', () => {
  test('ACL Anthology: proceedings from citation_conference_title, publisher from the Cite block', () => {
    expect(acl).toMatchObject({
      itemType: 'inproceedings',
      container:
        'Proceedings of the 2021 Conference of the North American Chapter of the Association for Computational Linguistics: Human Language Technologies',
      pages: '2627--2636',
      publisher: 'Association for Computational Linguistics',
    });
  });

  test('IEEE Transactions: a journal article with its volume and pages', () => {
    expect(tim).toMatchObject({
      itemType: 'article',
      container: 'IEEE Transactions on Instrumentation and Measurement',
      volume: '74',
      pages: '1--12',
      publisher: 'IEEE',
    });
  });

  test('PLOS, ScienceDirect (Highwire tags) and Springer (PRISM tags)', () => {
    expect(plos).toMatchObject({
      itemType: 'article',
      container: 'PLOS ONE',
      volume: '14',
      issue: '4',
      pages: 'e0213978',
      publisher: 'Public Library of Science',
    });
    expect(sd).toMatchObject({ itemType: 'article', container: 'Environmental Science & Policy', volume: '145', pages: '228--237', publisher: 'Elsevier' });
    expect(springer).toMatchObject({
      itemType: 'article',
      container: 'Journal of Polymers and the Environment',
      volume: '18',
      issue: '3',
      pages: '231--234',
      publisher: 'Springer US',
    });
  });

  test('every page paper passes the background validator with its new fields', () => {
    for (const p of [acl, tim, plos, sd, springer, ...arxivList]) expect(paperMeta(JSON.parse(JSON.stringify(p)), 'paper')).toEqual(p);
  });

  test('the validator bounds the new fields and refuses unknown types', () => {
    expect(() => paperMeta({ ...acl, container: 'x'.repeat(1001) }, 'p')).toThrow(/container/);
    expect(() => paperMeta({ ...acl, volume: 'x'.repeat(65) }, 'p')).toThrow(/volume/);
    expect(() => paperMeta({ ...acl, itemType: 'novel' }, 'p')).toThrow(/itemType/);
  });
});

describe('year from the arXiv id', () => {
  test('new- and old-style ids give year and month; nonsense gives nothing', () => {
    expect(arxivDate('2607.01234')).toBe('2026-07');
    expect(arxivDate('0704.0001')).toBe('2007-04');
    expect(arxivDate('hep-th/9901001')).toBe('1999-01');
    expect(arxivDate('math.AG/0601001')).toBe('2006-01');
    expect(arxivDate('2613.01234')).toBeUndefined();
    expect(arxivDate(undefined)).toBeUndefined();
  });

  test('every paper of the real /recent listing (which shows no dates) gets its month', () => {
    expect(arxivList.length).toBeGreaterThan(0);
    for (const p of arxivList) expect(p.published).toBe(arxivDate(p.ids.arxiv));
    expect(arxivList.every((p) => p.published?.startsWith('2026-07'))).toBe(true);
  });
});

describe('exports keep the venue', () => {
  const library = [acl, tim, plos, sd, springer].map((p) => record(p));
  test('BibTeX: @inproceedings with booktitle, @article with journal, volume, number, pages, publisher', () => {
    const { entries, errors } = parseBib(toBibtex(library), { sentenceCase: false });
    expect(errors).toEqual([]);
    expect(entries[0]).toMatchObject({
      type: 'inproceedings',
      fields: { booktitle: acl.container, pages: '2627–2636', publisher: [acl.publisher], month: '6' },
    });
    expect(entries[1]).toMatchObject({ type: 'article', fields: { journal: tim.container, volume: '74' } });
    expect(entries[2]).toMatchObject({ type: 'article', fields: { journal: 'PLOS ONE', volume: '14', number: '4' } });
    expect(entries[3].fields.journal).toBe('Environmental Science & Policy');
  });

  test('BibLaTeX: journaltitle and date, never year', () => {
    const bib = toBibtex(library, 'biblatex');
    const { entries, errors } = parseBib(bib, { sentenceCase: false });
    expect(errors).toEqual([]);
    expect(entries[1]).toMatchObject({ type: 'article', fields: { journaltitle: tim.container } });
    expect(bib).not.toMatch(/^\s*year =/m);
    expect(entries[0].fields.date).toBe(acl.published);
  });

  test('CSL-JSON and RIS carry container, volume, issue, pages', () => {
    const csl = JSON.parse(toCslJson(library));
    expect(csl[0]).toMatchObject({ type: 'paper-conference', 'container-title': acl.container, page: '2627-2636', publisher: acl.publisher });
    expect(csl[2]).toMatchObject({ type: 'article-journal', 'container-title': 'PLOS ONE', volume: '14', issue: '4' });
    const ris = toRis(library).split('\n\n');
    expect(ris[0]).toContain('TY  - CPAPER');
    expect(ris[0]).toContain(`T2  - ${acl.container}`);
    expect(ris[0]).toContain('SP  - 2627\nEP  - 2636');
    expect(ris[2]).toContain('JO  - PLOS ONE\nVL  - 14\nIS  - 4');
  });

  test('a paper known only from arXiv is a preprint with its year, not an @article without journal', () => {
    const bib = toBibtex([record(arxivList[0])]);
    expect(bib).toMatch(/^@misc\{/);
    expect(bib).toContain(`year = {2026}`);
    expect(bib).toContain(`howpublished = {arXiv:${arxivList[0].ids.arxiv}}`);
  });
});

describe('small readers', () => {
  test('pages normalized to BibTeX ranges', () => {
    expect(normalizePages('12', '34')).toBe('12--34');
    expect(normalizePages('12–34')).toBe('12--34');
    expect(normalizePages('e0213978')).toBe('e0213978');
    expect(normalizePages('5', '5')).toBe('5');
  });

  test('cleaning bounds every field and drops unknown types', () => {
    expect(cleanCitation({ itemType: 'novel', container: ` ${'x'.repeat(2000)} `, volume: '  ' })).toEqual({ container: 'x'.repeat(1000) });
  });

  test('a BibTeX block on a page: quoted, braced and bare values', () => {
    const { type, fields } = bibtexBlockFields('@InProceedings{k-1,\n title = "A {B} c",\n year = 2021, month = jun,\n booktitle = {Proc. of {X}}\n}');
    expect(type).toBe('inproceedings');
    expect(Object.fromEntries(fields)).toEqual({ title: 'A {B} c', year: '2021', month: 'jun', booktitle: 'Proc. of {X}' });
  });

  test('IEEE abstract markup is dropped, the words inside kept', () => {
    const text = html('ieee/10.1109_TIM.2024.3509573_landing.html').replace(
      '"abstract":"Recognizing',
      '"abstract":"<italic xmlns:mml=\\"http://www.w3.org/1998/Math/MathML\\" xmlns:xlink=\\"http://www.w3.org/1999/xlink\\">k</italic>-shot Recognizing',
    );
    const [p] = fromPage('ieee/x.html', 'https://ieeexplore.ieee.org/document/10772053', text);
    expect(p.abstract).toMatch(/^k-shot Recognizing/);
    expect(stripMarkup('a <sub>2</sub> <inline-formula><tex-math notation="LaTeX">x</tex-math></inline-formula> < b')).toBe('a 2 x < b');
  });
});

test('proceedings tagged as a journal (NeurIPS) are proceedings', () => {
  const head =
    '<meta name="citation_title" content="Attention is All you Need"><meta name="citation_author" content="Vaswani, Ashish"><meta name="citation_journal_title" content="Advances in Neural Information Processing Systems"><meta name="citation_volume" content="30"><meta name="citation_publication_date" content="2017">';
  const [p] = fromPage(
    'x.html',
    'https://proceedings.neurips.cc/paper_files/paper/2017/hash/3f5ee243547dee91fbd053c1c4a845aa-Abstract.html',
    `<html><head>${head}</head><body><h1>Attention is All you Need</h1></body></html>`,
  );
  expect(p).toMatchObject({ itemType: 'inproceedings', container: 'Advances in Neural Information Processing Systems', volume: '30' });
  expect(toBibtex([record(p)])).toMatch(/^@inproceedings\{[^]*booktitle = \{Advances in Neural Information Processing Systems\}/);
});
