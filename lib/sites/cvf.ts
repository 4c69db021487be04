/**
 * CVF open access (CVPR, ICCV, WACV and their workshops).
 *
 * Pages it handles, on openaccess.thecvf.com and the older www.cv-foundation.org/openaccess
 * (which serves windows-1252; the browser has decoded it before any script reads the DOM):
 * - listings: /CVPR2020, /CVPR2023?day=all, /CVPR2016.py, workshop lists. Each paper is a
 *   `dt.ptitle` (title link to its page) then a `dd` of authors (one `form.authsearch` each)
 *   and a `dd` of links (pdf, supp, a hidden `div.bibref` BibTeX).
 * - paper pages: /content_CVPR_2020/html/<slug>.html: `#papertitle`, `#authors`, `#abstract`.
 *
 * The identity is the paper's slug (`He_Deep_Residual_Learning_CVPR_2016_paper`), the same on
 * both hosts; CVF shows no DOI or arXiv id. The page URL is kept too: a paper saved from a CVF
 * page by the generic tag reader before this adapter existed was stored under it.
 */
import { normalizeUrl } from '../core/ids';
import { cvfSlug } from './paper-urls';
import { cleanText } from '../core/text';
import type { RecognizedEntry } from '../core/types';
import type { RowReader, SiteAdapter } from './adapter';
import { absoluteUrl, readRows } from './dom';
import { makePaper } from './paper';

const HOSTS = new Set(['openaccess.thecvf.com', 'www.cv-foundation.org', 'cv-foundation.org']);

/**
 * A listing link as an absolute URL and in normal form. The listing's links are absolute on the
 * saved page and relative on the live one; parsing 1,466 of them twice costs more than the rest
 * of the row, so a plain absolute link without query or fragment is taken as it is.
 */
function linkUrls(href: string | null, base: URL): { abs: string; id: string | undefined } | undefined {
  if (href && /^https?:\/\/[\w.-]+\/[^\s?#]*$/.test(href)) return { abs: href, id: href.replace(/^https?:\/\/(?:www\.)?/, '').replace(/\/+$/, '') };
  const abs = absoluteUrl(href, base);
  return abs ? { abs, id: normalizeUrl(abs) } : undefined;
}

/** A listing row is its `dt.ptitle`; the one or two `dd`s after it (authors, links) belong to it. */
const listingRows = (url: URL): RowReader => ({
  selector: 'dt.ptitle',
  rowOf(el) {
    const dt = el.closest('dt.ptitle');
    if (dt) return dt;
    let prev = el.closest('dd')?.previousElementSibling;
    if (prev?.tagName === 'DD') prev = prev.previousElementSibling;
    return prev?.matches('dt.ptitle') ? prev : null;
  },
  read(dt) {
    const link = dt.getElementsByTagName('a')[0];
    const target = linkUrls(link?.getAttribute('href') ?? null, url);
    const slug = target && cvfSlug(target.abs);
    if (!slug) return null;
    const authorsDd = dt.nextElementSibling?.tagName === 'DD' ? dt.nextElementSibling : null;
    const linksDd = authorsDd?.nextElementSibling?.tagName === 'DD' ? authorsDd.nextElementSibling : null;
    // One text read per row: the names are the links' texts, separated by commas (CVF names
    // carry no commas); reading each link costs three times as much on a 1,466-row page.
    const authors = authorsDd ? (authorsDd.textContent ?? '').split(',') : [];
    let pdf: string | undefined;
    for (const a of linksDd?.getElementsByTagName('a') ?? []) {
      if (a.textContent === 'pdf') {
        pdf = absoluteUrl(a.getAttribute('href'), url);
        break;
      }
    }
    const paper = makePaper({
      ids: { cvf: slug, url: target.id },
      title: link.textContent,
      authors,
      published: slug.match(/_(\d{4})_paper$/)?.[1],
      links: { abs: target.abs, pdf },
      source: 'cvf',
    });
    return paper ? { paper, anchor: dt } : null;
  },
});

const isPaperPage = (doc: Document, url: URL) => /\/html\/[^/]+\.html$/.test(url.pathname) || !!doc.getElementById('papertitle');

function recognizePaper(doc: Document, url: URL): RecognizedEntry[] {
  const heading = doc.getElementById('papertitle');
  const slug = cvfSlug(url.href);
  if (!heading || !slug) return [];
  // "<b><i>A, B, C</i></b>; Proceedings of …, 2016, pp. 770-778"
  const byline = doc.getElementById('authors');
  const names = cleanText(byline?.querySelector('i')?.textContent ?? byline?.textContent?.split(';')[0]);
  let pdf: string | undefined;
  for (const a of doc.querySelectorAll('#content a[href]')) {
    if (cleanText(a.textContent) === 'pdf') {
      pdf = absoluteUrl(a.getAttribute('href'), url);
      break;
    }
  }
  const paper = makePaper({
    ids: { cvf: slug, url: normalizeUrl(url.href) },
    title: heading.textContent,
    authors: names ? names.split(/\s*,\s*/) : [],
    abstract: doc.getElementById('abstract')?.textContent,
    published: slug.match(/_(\d{4})_paper$/)?.[1],
    links: { abs: url.href.replace(/[?#].*$/, ''), pdf },
    source: 'cvf',
  });
  return paper ? [{ paper, anchor: heading }] : [];
}

export const cvf: SiteAdapter = {
  name: 'cvf',
  // https only, as every content script match (tests/unit/reliability.test.ts); the old host's
  // http:// pages are read when the extractor or a test passes them in.
  matches: ['https://openaccess.thecvf.com/*', 'https://www.cv-foundation.org/openaccess/*'],
  handles: (url) => HOSTS.has(url.hostname),
  rows: (doc, url) => (isPaperPage(doc, url) ? undefined : listingRows(url)),
  recognize(doc, url) {
    return isPaperPage(doc, url) ? recognizePaper(doc, url) : readRows(doc, listingRows(url));
  },
};
