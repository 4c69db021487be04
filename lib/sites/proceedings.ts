/**
 * Machine-learning proceedings whose paper pages carry citation_* tags but whose identity is
 * in the URL, and whose abstract is only in the page.
 *
 * - NeurIPS: proceedings.neurips.cc and papers.nips.cc, `/paper_files/paper/2017/hash/<hash>-
 *   Abstract.html` (and the older `/paper/2017/hash/…`): the 32-hex hash is the paper on both
 *   hosts. The abstract is the `section` under an "Abstract" heading (the page nests a `p` in
 *   `p.paper-abstract`, so the text lands after it).
 * - PMLR: proceedings.mlr.press/v139/radford21a.html: `v139/radford21a`, abstract `#abstract`.
 *   (PMLR's `description` tag is a teaser of title and authors, not the abstract.)
 *
 * Their listing pages (a NeurIPS year, a PMLR volume) link every paper by these URLs; the
 * generic listing reader (generic/listing.ts) marks them.
 */
import { cleanText } from '../core/text';
import type { PaperIds, RecognizedEntry } from '../core/types';
import type { SiteAdapter } from './adapter';
import { textWithout } from './dom';
import { recognizeListing } from './generic/listing';
import { recognizeMetaTags } from './generic/meta-tags';
import { makePaper } from './paper';
import { neuripsHash, pmlrId } from './paper-urls';

function sectionAfterHeading(doc: Document, heading: string): string | undefined {
  for (const h of doc.querySelectorAll('h2, h3, h4')) {
    if (cleanText(h.textContent).toLowerCase() !== heading) continue;
    return textWithout(h.parentElement, 'h2, h3, h4') || undefined;
  }
  return undefined;
}

function paperPage(doc: Document, url: URL, ids: PaperIds, abstract: string | undefined, source: string): RecognizedEntry[] {
  const [found] = recognizeMetaTags(doc, url);
  if (!found) return [];
  // The tags' venue, volume and pages stay; these sites publish proceedings, whatever the tags call them.
  const { itemType, container, volume, issue, pages, publisher } = found.paper;
  const citation = { itemType, container, volume, issue, pages, publisher, conference: true };
  const paper = makePaper({ ...found.paper, ids: { ...found.paper.ids, ...ids }, abstract: abstract ?? found.paper.abstract, source, citation });
  return paper ? [{ paper, anchor: found.anchor }] : [];
}

export const neurips: SiteAdapter = {
  name: 'neurips',
  matches: ['https://proceedings.neurips.cc/*', 'https://papers.nips.cc/*'],
  handles: (url) => url.hostname === 'proceedings.neurips.cc' || url.hostname === 'papers.nips.cc',
  recognize(doc, url) {
    const hash = neuripsHash(url.pathname);
    if (!hash) return recognizeListing(doc, url);
    return paperPage(doc, url, { neurips: hash }, sectionAfterHeading(doc, 'abstract'), 'neurips');
  },
};

export const pmlr: SiteAdapter = {
  name: 'pmlr',
  matches: ['https://proceedings.mlr.press/*'],
  handles: (url) => url.hostname === 'proceedings.mlr.press',
  recognize(doc, url) {
    const id = pmlrId(url.href);
    if (!id) return recognizeListing(doc, url);
    return paperPage(doc, url, { pmlr: id }, cleanText(doc.getElementById('abstract')?.textContent) || undefined, 'pmlr');
  },
};
