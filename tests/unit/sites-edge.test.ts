/**
 * Page kinds with no real capture in the fixtures yet, and the generic formats, on small
 * hand-written pages that follow the sites' published markup. Real pages stay the evidence
 * for the sites in sites.test.ts.
 */
import { describe, expect, test } from 'vitest';
import { documentFromHtml } from '../../scripts/lib/parse-html';
import { recognize } from '../../lib/sites/registry';

const html = (body: string, head = '') => documentFromHtml(`<!doctype html><html><head>${head}</head><body>${body}</body></html>`);

describe('arXiv page kinds', () => {
  test('an empty listing yields nothing', () => {
    const doc = html(`<dl id="articles"><h3>Mon, 27 Jul 2026 (showing 0 of 0 entries)</h3></dl><p>No updates for this time period.</p>`);
    expect(recognize(doc, 'https://arxiv.org/list/cs.CL/new')).toEqual([]);
  });

  test('/new listing entries carry their abstracts', () => {
    const doc = html(`<dl id="articles"><dt><a href="/abs/2607.00001" title="Abstract" id="2607.00001">arXiv:2607.00001</a></dt>
      <dd><div class="meta"><div class="list-title mathjax"><span class="descriptor">Title:</span> A Title </div>
      <div class="list-authors"><a href="#">A. Author</a>, <a href="#">B. Author</a></div>
      <p class="mathjax">An abstract that says something.</p></div></dd></dl>`);
    const [e] = recognize(doc, 'https://arxiv.org/list/cs.CL/new');
    expect(e.paper).toMatchObject({
      id: 'arxiv:2607.00001',
      title: 'A Title',
      authors: ['A. Author', 'B. Author'],
      abstract: 'An abstract that says something.',
    });
  });

  test('old-style ids in a monthly listing', () => {
    const doc = html(`<dl><dt><a href="/abs/hep-th/9901001" title="Abstract">arXiv:hep-th/9901001</a></dt>
      <dd><div class="list-title">Title: Strings</div><div class="list-authors"><a>E. Witten</a></div></dd></dl>`);
    expect(recognize(doc, 'https://arxiv.org/list/hep-th/9901')[0].paper.id).toBe('arxiv:hep-th/9901001');
  });

  test('/html/<id> (LaTeXML)', () => {
    const doc = html(`<article class="ltx_document"><h1 class="ltx_title ltx_title_document">Deep Things</h1>
      <div class="ltx_authors"><span class="ltx_creator ltx_role_author"><span class="ltx_personname">Ada Lovelace</span></span></div>
      <div class="ltx_abstract"><h6 class="ltx_title ltx_title_abstract">Abstract</h6><p class="ltx_p">We study deep things.</p></div></article>`);
    const [e] = recognize(doc, 'https://arxiv.org/html/2401.12345v2');
    expect(e.paper).toMatchObject({ id: 'arxiv:2401.12345', title: 'Deep Things', authors: ['Ada Lovelace'], abstract: 'We study deep things.' });
    expect(e.anchor?.tagName).toBe('H1');
  });

  test('/pdf/<id> gives an entry for the tab without an anchor', () => {
    const [e] = recognize(html(''), 'https://arxiv.org/pdf/2401.12345v3');
    expect(e.paper.id).toBe('arxiv:2401.12345');
    expect(e.anchor).toBeNull();
  });

  test('search results', () => {
    const doc =
      html(`<ol><li class="arxiv-result"><div class="is-marginless"><p class="list-title is-inline-block"><a href="https://arxiv.org/abs/2501.01234">arXiv:2501.01234</a></p></div>
      <p class="title is-5 mathjax">A <span class="search-hit">Great</span> Title</p>
      <p class="authors"><span class="search-hit">Authors:</span><a href="#">Jane Doe</a>, <a href="#">John Roe</a></p>
      <p class="abstract mathjax"><span class="abstract-short">Short…</span><span class="abstract-full">The full abstract. <a>△ Less</a></span></p></li></ol>`);
    const [e] = recognize(doc, 'https://arxiv.org/search/?query=great&searchtype=all');
    expect(e.paper).toMatchObject({ id: 'arxiv:2501.01234', title: 'A Great Title', authors: ['Jane Doe', 'John Roe'], abstract: 'The full abstract.' });
  });
});

describe('OpenReview', () => {
  test('forum page: the id comes from the URL, metadata from citation_* tags', () => {
    const doc = html(
      '<h2 class="citation_title">Graph Things</h2>',
      `<meta name="citation_title" content="Graph Things"><meta name="citation_author" content="Doe, Jane">
       <meta name="citation_online_date" content="2024/01/16"><meta name="citation_abstract" content="About graphs.">`,
    );
    const [e] = recognize(doc, 'https://openreview.net/forum?id=AbCdEf123');
    expect(e.paper).toMatchObject({
      id: 'openreview:AbCdEf123',
      title: 'Graph Things',
      authors: ['Jane Doe'],
      published: '2024-01-16',
      abstract: 'About graphs.',
      links: { abs: 'https://openreview.net/forum?id=AbCdEf123', pdf: 'https://openreview.net/pdf?id=AbCdEf123' },
    });
  });
});

describe('generic formats', () => {
  test('JSON-LD ScholarlyArticle with a DOI', () => {
    const ld = JSON.stringify({
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebPage' },
        {
          '@type': 'ScholarlyArticle',
          headline: 'Linked Data Paper',
          author: [{ '@type': 'Person', givenName: 'Ada', familyName: 'L' }],
          datePublished: '2020-05-01',
          identifier: 'https://doi.org/10.1234/ABC',
        },
      ],
    });
    const doc = html('<h1>Linked Data Paper</h1>', `<script type="application/ld+json">${ld}</script>`);
    const [e] = recognize(doc, 'https://www.nature.com/articles/x');
    expect(e.paper).toMatchObject({ id: 'doi:10.1234/abc', title: 'Linked Data Paper', authors: ['Ada L'], published: '2020-05-01' });
    expect(e.anchor?.tagName).toBe('H1');
  });

  test('COinS spans', () => {
    const t = 'ctx_ver=Z39.88-2004&rft.atitle=OpenURL+Paper&rft.au=Doe%2C+J&rft.date=2011&rft_id=info%3Adoi%2F10.5555%2FXYZ';
    const doc = html(`<p>Cite: <span class="Z3988" title="${t}"></span></p>`);
    const [e] = recognize(doc, 'https://link.springer.com/x');
    expect(e.paper).toMatchObject({ id: 'doi:10.5555/xyz', title: 'OpenURL Paper', published: '2011' });
  });

  test('the site adapter wins; a generic entry for the same paper is not added twice', () => {
    const doc = html(
      `<h1 class="title"><span class="descriptor">Title:</span>Same</h1>`,
      `<meta name="citation_title" content="Same"><meta name="citation_arxiv_id" content="2401.00001">`,
    );
    const entries = recognize(doc, 'https://arxiv.org/abs/2401.00001');
    expect(entries.map((e) => [e.paper.id, e.paper.source])).toEqual([['arxiv:2401.00001', 'arxiv']]);
  });

  test('plain links, only when asked for', () => {
    const doc = html(`<p>See <a href="https://arxiv.org/abs/1706.03762v7">Attention Is All You Need</a>,
      <a href="https://arxiv.org/pdf/1706.03762">pdf</a>, <a href="https://doi.org/10.1145/3442188.3445922">doi</a>,
      <a href="https://openreview.net/forum?id=XyZ12345">A Forum Paper on Things</a>, <a href="javascript:alert(1)">x</a></p>`);
    expect(recognize(doc, 'https://example.org/blog')).toEqual([]);
    const entries = recognize(doc, 'https://example.org/blog', { links: true });
    expect(entries.map((e) => [e.paper.id, e.paper.title])).toEqual([
      ['arxiv:1706.03762', 'Attention Is All You Need'],
      ['doi:10.1145/3442188.3445922', 'doi:10.1145/3442188.3445922'],
      ['openreview:XyZ12345', 'A Forum Paper on Things'],
    ]);
  });
});
