/**
 * PubMed and PubMed Central.
 *
 * Pages it handles:
 * - https://pubmed.ncbi.nlm.nih.gov/?term=…  results: `article.full-docsum`, title link
 *   `a.docsum-title[data-article-id]` (the PMID), `.full-authors` ("Lightbourne A, Foley S."),
 *   `.full-journal-citation` (with "doi: 10.…" when there is one); also the /trending/ and
 *   similar-articles lists, which use the same rows.
 * - https://pubmed.ncbi.nlm.nih.gov/37988744/  article (citation_* tags; PMID from the URL)
 * - https://www.ncbi.nlm.nih.gov/pmc/articles/PMC1280342/ and pmc.ncbi.nlm.nih.gov/articles/…
 *   (citation_* tags; PMCID from the URL, abstract from the page: the tags carry none)
 *
 * The DOI, when shown, is the id; PMID and PMCID are aliases.
 */
import { normalizeDoi, venueId } from '../core/ids';
import { cleanText } from '../core/text';
import type { RecognizedEntry } from '../core/types';
import type { SiteAdapter } from './adapter';
import { absoluteUrl, textWithout } from './dom';
import { recognizeMetaTags } from './generic/meta-tags';
import { makePaper } from './paper';

function recognizeResults(doc: Document, url: URL): RecognizedEntry[] {
  const out: RecognizedEntry[] = [];
  for (const item of doc.querySelectorAll('article.full-docsum, article.labs-full-docsum')) {
    const title = item.querySelector('a.docsum-title');
    const pmid = venueId('pmid', title?.getAttribute('data-article-id') ?? item.querySelector('.docsum-pmid')?.textContent);
    if (!title || !pmid) continue;
    const citation = cleanText(item.querySelector('.full-journal-citation')?.textContent);
    const doi = normalizeDoi(citation.match(/\bdoi:\s*(10\.\S+?)\.?(?:\s|$)/i)?.[1]);
    const authors = cleanText(item.querySelector('.full-authors')?.textContent).replace(/\.$/, '').split(/,\s*/).filter(Boolean);
    const paper = makePaper({
      ids: { doi, pmid },
      title: title.textContent,
      authors,
      published: cleanText(item.querySelector('.short-journal-citation')?.textContent).match(/\b(19|20)\d{2}\b/)?.[0],
      links: { abs: absoluteUrl(`/${pmid}/`, url) },
      source: 'pubmed',
    });
    if (paper) out.push({ paper, anchor: title });
  }
  return out;
}

function recognizeArticle(doc: Document, url: URL): RecognizedEntry[] {
  const [found] = recognizeMetaTags(doc, url);
  if (!found) return [];
  const pmcid = venueId('pmcid', url.pathname.match(/\/articles\/(PMC\d+)/i)?.[1]);
  const pmid = venueId('pmid', url.hostname === 'pubmed.ncbi.nlm.nih.gov' ? url.pathname.match(/^\/(\d+)\/?$/)?.[1] : undefined);
  const abstractEl = doc.querySelector('#abstract-1, section.abstract, div.abstract, #abstract, #eng-abstract');
  const abstract = found.paper.abstract ?? (textWithout(abstractEl, 'h2, h3, .title') || undefined);
  const page = url.href.replace(/[?#].*$/, '');
  const paper = makePaper({
    ...found.paper,
    ids: { ...found.paper.ids, ...(pmcid && { pmcid }), ...(pmid && { pmid }) },
    abstract,
    links: { abs: found.paper.links.abs ?? page, pdf: found.paper.links.pdf },
    source: url.hostname === 'pubmed.ncbi.nlm.nih.gov' ? 'pubmed' : 'pmc',
  });
  return paper ? [{ paper, anchor: found.anchor }] : [];
}

export const ncbi: SiteAdapter = {
  name: 'ncbi',
  matches: ['https://pubmed.ncbi.nlm.nih.gov/*', 'https://www.ncbi.nlm.nih.gov/pmc/articles/*', 'https://pmc.ncbi.nlm.nih.gov/articles/*'],
  handles: (url) =>
    url.hostname === 'pubmed.ncbi.nlm.nih.gov' ||
    url.hostname === 'pmc.ncbi.nlm.nih.gov' ||
    (url.hostname === 'www.ncbi.nlm.nih.gov' && url.pathname.startsWith('/pmc/')),
  recognize(doc, url) {
    const results = recognizeResults(doc, url);
    return results.length ? results : recognizeArticle(doc, url);
  },
};
