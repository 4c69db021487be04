/**
 * Papers with Code lists (search results, trending, latest, a task's papers): `div.paper-card`
 * rows, title `h1 > a[href^="/paper/"]`, date `.item-date-pub`, a one-sentence excerpt (not the
 * abstract). The site names each arXiv paper's thumbnail by its arXiv id
 * (`thumbnails/paper/1909.11211.jpg`); that is the id when present, else the paper's page.
 * (paperswithcode.com has redirected to Hugging Face since mid-2025; saved and archived copies
 * remain.)
 */
import { normalizeUrl, parseArxivId } from '../core/ids';
import { isoDate } from '../core/text';
import type { RecognizedEntry } from '../core/types';
import type { SiteAdapter } from './adapter';
import { absoluteUrl } from './dom';
import { arxivLinks, makePaper } from './paper';

function recognizeCards(doc: Document, url: URL): RecognizedEntry[] {
  const out: RecognizedEntry[] = [];
  for (const card of doc.querySelectorAll('.paper-card')) {
    const title = card.querySelector('h1 a[href*="/paper/"], h2 a[href*="/paper/"]');
    const page = absoluteUrl(title?.getAttribute('href'), url);
    if (!title || !page) continue;
    const thumb = card.querySelector('.item-image')?.getAttribute('style') ?? '';
    const arxiv = parseArxivId(thumb.match(/thumbnails\/paper\/([\w.]+?)\.(?:jpe?g|png|gif|webp)/)?.[1]);
    const date = card.querySelector('.item-date-pub')?.textContent;
    const paper = makePaper({
      ids: { arxiv, url: normalizeUrl(page) },
      title: title.textContent,
      // "14 May 2020" read at noon UTC: the day stays the day in every time zone.
      published: date ? isoDate(`${date.trim()} 12:00 UTC`) : undefined,
      links: arxiv ? { ...arxivLinks(arxiv), code: `${page}#code` } : { abs: page },
      source: 'paperswithcode',
    });
    if (paper) out.push({ paper, anchor: title.parentElement });
  }
  return out;
}

export const paperswithcode: SiteAdapter = {
  name: 'paperswithcode',
  matches: ['https://paperswithcode.com/*'],
  handles: (url) => url.hostname === 'paperswithcode.com' || url.hostname === 'www.paperswithcode.com',
  recognize: (doc, url) => recognizeCards(doc, url),
};
