/**
 * Google Scholar result pages.
 *
 * Pages it handles:
 * - https://scholar.google.com/scholar?q=…  (and country domains such as scholar.google.co.jp)
 *
 * Each result (`.gs_ri`) links out to the publisher. The link gives the identity: an arXiv or
 * DOI link when there is one, else the publisher's URL.
 */
import { normalizeUrl } from '../ids';
import { cleanText } from '../text';
import type { RecognizedEntry } from '../types';
import type { SiteAdapter } from './adapter';
import { absoluteUrl, textWithout } from './dom';
import { idsFromLink } from './generic/links';
import { makePaper } from './paper';

const SCHOLAR_HOSTS = ['com', 'co.uk', 'de', 'fr', 'co.jp', 'ca', 'com.au', 'es', 'it', 'com.br', 'co.in', 'nl', 'ch'];

export const scholar: SiteAdapter = {
  name: 'scholar',
  matches: SCHOLAR_HOSTS.map((tld) => `https://scholar.google.${tld}/scholar*`),
  handles: (url) => /^scholar\.google\.[a-z.]+$/.test(url.hostname) && url.pathname === '/scholar',
  recognize(doc, url) {
    const out: RecognizedEntry[] = [];
    for (const result of doc.querySelectorAll('.gs_ri')) {
      const heading = result.querySelector('.gs_rt');
      const link = absoluteUrl(heading?.querySelector('a[href]')?.getAttribute('href'), url);
      if (!heading || !link) continue; // [CITATION] entries without a link have no identity
      const byline = cleanText(result.querySelector('.gs_a')?.textContent);
      const [authorPart, venuePart = ''] = byline.split(/\s+-\s+/);
      const year = venuePart.match(/\b(19|20)\d{2}\b/)?.[0];
      const paper = makePaper({
        ids: idsFromLink(link) ?? { url: normalizeUrl(link) },
        title: textWithout(heading, '.gs_ctc, .gs_ctg2, .gs_ctu'),
        authors: authorPart.split(',').map((a) => a.replace(/…$/, '').trim()).filter((a) => a && a !== '…'),
        // Scholar shows a snippet, not the abstract.
        published: year,
        links: { abs: link },
        source: 'scholar',
      });
      if (paper) out.push({ paper, anchor: heading });
    }
    return out;
  },
};
