/**
 * The popup on a page no content script runs on: it reads the page once (activeTab +
 * scripting) through the same recognizers, on real captured APS, HAL, NBER and USENIX pages
 * (tests/fixtures/pages/other-publishers/SOURCES.md), and every paper it finds is one the
 * background accepts. ScienceDirect's authors come from its author list (it has no tags for them).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { readTabPapers, type Scripting } from '../../lib/popup/read-tab';
import { paperMeta } from '../../lib/rpc/protocol';
import { documentFromHtml } from '../../scripts/lib/parse-html';
import { recognize } from '../../lib/sites/registry';

const html = (file: string) => readFileSync(join(import.meta.dirname, '../fixtures/pages/other-publishers', file), 'utf8');

/** A tab whose page is `page`: executeScript runs the function against that document. */
function tab(page: string): Scripting & { calls: number } {
  const fake = {
    calls: 0,
    async executeScript({ func }: { target: { tabId: number }; func: () => string }) {
      fake.calls++;
      const saved = (globalThis as { document?: unknown }).document;
      (globalThis as { document?: unknown }).document = documentFromHtml(page);
      try {
        return [{ result: func() }];
      } finally {
        (globalThis as { document?: unknown }).document = saved;
      }
    },
  };
  return fake;
}

describe('reading an unsupported page on demand', () => {
  test.each([
    [
      'aps_physrevx.12.041027.html',
      'https://journals.aps.org/prx/abstract/10.1103/PhysRevX.12.041027',
      { id: 'doi:10.1103/physrevx.12.041027', container: 'Physical Review X', volume: '12', issue: '4' },
    ],
    [
      'hal_hal_jpa_00235190.html',
      'https://hal.science/jpa-00235190',
      { id: 'doi:10.1051/jphysrad:01955001606044400', container: 'Journal de Physique et le Radium' },
    ],
    ['nber_w29971.html', 'https://www.nber.org/papers/w29971', { id: 'doi:10.3386/w29971', itemType: 'report' }],
    [
      'usenix_bulekov.html',
      'https://www.usenix.org/conference/usenixsecurity22/presentation/bulekov',
      { itemType: 'inproceedings', container: '31st USENIX Security Symposium (USENIX Security 22)' },
    ],
  ])('%s: one paper, with authors, that the background accepts', async (file, url, expected) => {
    const scripting = tab(html(file));
    const papers = await readTabPapers(scripting, 7, url, documentFromHtml);
    expect(scripting.calls).toBe(1);
    expect(papers).toHaveLength(1);
    expect(papers![0]).toMatchObject(expected);
    expect(papers![0].authors.length).toBeGreaterThan(0);
    expect(paperMeta(JSON.parse(JSON.stringify(papers![0])), 'paper')).toEqual(papers![0]);
  });

  test('a page the browser does not let Gloss read, or not a web page: null, so the popup falls back to the URL', async () => {
    const refused: Scripting = {
      executeScript: () => Promise.reject(new Error('Cannot access contents of the page. Extension manifest must request permission')),
    };
    expect(await readTabPapers(refused, 7, 'https://example.org/x', documentFromHtml)).toBeNull();
    expect(await readTabPapers(tab('<html></html>'), 7, 'chrome://settings', documentFromHtml)).toBeNull();
    expect(await readTabPapers(undefined, 7, 'https://example.org/x', documentFromHtml)).toBeNull();
    // A page with no paper is read and found empty (the popup then says what it looked for).
    expect(
      await readTabPapers(tab('<html><head><title>Blog</title></head><body><h1>Hello</h1></body></html>'), 7, 'https://blog.example.org/', documentFromHtml),
    ).toEqual([]);
  });
});

test('ScienceDirect: the authors from its author list (the page has no citation_author tags)', () => {
  const [paper] = recognize(
    documentFromHtml(html('sciencedirect_S146290112300117X.html')),
    'https://www.sciencedirect.com/science/article/pii/S146290112300117X',
  ).map((e) => e.paper);
  expect(paper.authors).toEqual(['Mahir Yazar', 'Abigail York']);
});

/**
 * Hand-written edge cases (no captured bioRxiv or Nature news page here yet): the markup is as
 * the issue reported it.
 */
describe('recognition defects from the issue', () => {
  const page = (head: string, body = '<h1>T</h1>') => documentFromHtml(`<html><head>${head}</head><body>${body}</body></html>`);

  test('bioRxiv: Dublin Core tags written with value= give the DOI, not a url: id', () => {
    const doc = page(
      '<meta name="citation_title" content="A preprint"><meta name="DC.Identifier" value="10.1101/2024.01.02.573123"><meta name="DC.Creator" value="Doe, Jane"><meta name="DC.Date" value="2024-01-03">',
    );
    const [p] = recognize(doc, 'https://www.biorxiv.org/content/10.1101/2024.01.02.573123v1').map((e) => e.paper);
    expect(p).toMatchObject({ id: 'doi:10.1101/2024.01.02.573123', published: '2024-01-03' });
  });

  test('a Nature news item is not a paper; a research article on the same site is', () => {
    const tags = (type: string) =>
      `<meta name="citation_title" content="Item"><meta name="citation_doi" content="10.1038/d41586-024-00001-1"><meta name="dc.type" content="${type}"><meta name="citation_journal_title" content="Nature">`;
    expect(recognize(page(tags('News')), 'https://www.nature.com/articles/d41586-024-00001-1')).toEqual([]);
    expect(recognize(page(tags('OriginalPaper')), 'https://www.nature.com/articles/s41586-024-00001-1')).toHaveLength(1);
  });
});
