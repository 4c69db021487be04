/**
 * Google Scholar.
 *
 * Pages it handles (scholar.google.com and its country domains):
 * - /scholar?q=…  results, in every era: `.gs_r` > `.gs_ri` with `h3.gs_rt` (the 2025 page
 *   marks each result `div.gs_r.gs_or.gs_scl[data-cid]`); the single-result page ("Showing the
 *   best result for this search"); /scholar?cites=… (papers citing one) has the same rows.
 * - /scholar?cluster=<id>  every version of one paper: one paper, marked once.
 * - /citations?user=…  profile pages: `tr.gsc_a_tr` rows, `a.gsc_a_at` title, two `.gs_gray`
 *   lines (authors, venue), year in `.gsc_a_y`, "cited by" link carrying the cluster id.
 *
 * Identity: Scholar's cluster id (what `cluster=` and `cites=` links carry; `data-cid` and
 * `related:<cid>:` hold it too, base64-encoded), so `[CITATION]` entries, which have no link,
 * are papers too. The result's link adds an arXiv id or DOI when it is one, and its URL.
 */
import { normalizeUrl, venueId } from '../core/ids';
import { cleanText } from '../core/text';
import type { PaperIds, RecognizedEntry } from '../core/types';
import type { SiteAdapter } from './adapter';
import { absoluteUrl, textWithout } from './dom';
import { idsFromLink } from './generic/links';
import { makePaper } from './paper';

const SCHOLAR_HOSTS = ['com', 'co.uk', 'de', 'fr', 'co.jp', 'ca', 'com.au', 'es', 'it', 'com.br', 'co.in', 'nl', 'ch'];

/**
 * The decimal cluster id from Scholar's short form (`data-cid="8kIZgzgPiqQJ"`): URL-safe base64
 * of the 64-bit id, little-endian, plus one byte.
 */
export function clusterFromCid(cid: string | null | undefined): string | undefined {
  if (!cid || !/^[\w-]{11,12}$/.test(cid)) return undefined;
  let bin: string;
  try {
    bin = atob(cid.replace(/-/g, '+').replace(/_/g, '/').padEnd(12, '='));
  } catch {
    return undefined;
  }
  if (bin.length < 8) return undefined;
  let n = 0n;
  for (let i = 7; i >= 0; i--) n = (n << 8n) | BigInt(bin.charCodeAt(i));
  return venueId('scholar', n.toString());
}

/** The cluster id of a result: `data-cid`, else its "All versions" / "Cited by" / "Related" links. */
function clusterOf(result: Element): string | undefined {
  const fromCid = clusterFromCid(result.closest('[data-cid]')?.getAttribute('data-cid'));
  if (fromCid) return fromCid;
  for (const a of result.querySelectorAll('a[href*="cluster="], a[href*="cites="], a[href*="related:"]')) {
    const href = a.getAttribute('href') ?? '';
    const n = href.match(/[?&](?:cluster|cites)=(\d+)/)?.[1];
    const id = n ? venueId('scholar', n) : clusterFromCid(href.match(/related:([\w-]{12}):/)?.[1]);
    if (id) return id;
  }
  return undefined;
}

/** "A Author, B Author - Venue, 2022 - publisher.com": authors and year. */
function byline(text: string): { authors: string[]; year?: string } {
  const [authorPart, ...rest] = cleanText(text).split(/\s+-\s+/);
  return {
    authors: authorPart
      .split(',')
      .map((a) => a.replace(/…$/, '').trim())
      .filter((a) => a && a !== '…'),
    year: rest.join(' ').match(/\b(19|20)\d{2}\b/)?.[0],
  };
}

function recognizeResults(doc: Document, url: URL): RecognizedEntry[] {
  // Every row of a cluster page is a version of the one paper the URL names.
  const pageCluster = venueId('scholar', url.searchParams.get('cluster'));
  const out: RecognizedEntry[] = [];
  for (const result of doc.querySelectorAll('.gs_ri')) {
    const heading = result.querySelector('.gs_rt');
    if (!heading) continue;
    const link = absoluteUrl(heading.querySelector('a[href]')?.getAttribute('href'), url);
    const scholar = pageCluster ?? clusterOf(result.parentElement ?? result);
    const fromLink: PaperIds = link ? (idsFromLink(link) ?? {}) : {};
    const { authors, year } = byline(result.querySelector('.gs_a')?.textContent ?? '');
    const paper = makePaper({
      ids: { ...fromLink, scholar, url: link && !fromLink.arxiv && !fromLink.doi ? normalizeUrl(link) : undefined },
      title: textWithout(heading, '.gs_ctc, .gs_ctg2, .gs_ctu'),
      authors,
      // Scholar shows a snippet, not the abstract.
      published: year,
      links: { abs: link ?? (scholar ? `https://scholar.google.com/scholar?cluster=${scholar}` : undefined) },
      source: 'scholar',
    });
    if (paper) out.push({ paper, anchor: heading });
  }
  return out;
}

function recognizeProfile(doc: Document, url: URL): RecognizedEntry[] {
  const out: RecognizedEntry[] = [];
  for (const row of doc.querySelectorAll('tr.gsc_a_tr')) {
    const title = row.querySelector('a.gsc_a_at');
    if (!title) continue;
    // Newer profile pages put the row's link in data-href behind href="javascript:void(0)".
    const view = absoluteUrl(title.getAttribute('data-href') ?? title.getAttribute('href'), url);
    const cites = row
      .querySelector('.gsc_a_c a[href*="cites="]')
      ?.getAttribute('href')
      ?.match(/cites=(\d+)/)?.[1];
    const [authorLine] = row.querySelectorAll('.gs_gray');
    const year = cleanText(row.querySelector('.gsc_a_y')?.textContent).match(/^(19|20)\d{2}$/)?.[0];
    const paper = makePaper({
      // Without citations a row has no cluster id; the profile's own link for it is the identity.
      ids: { scholar: venueId('scholar', cites?.split(',')[0]), url: view ? normalizeUrl(view) : undefined },
      title: title.textContent,
      authors: cleanText(authorLine?.textContent)
        .split(',')
        .map((a) => a.trim())
        .filter((a) => a && a !== '...' && a !== '…'),
      published: year,
      links: { abs: view },
      source: 'scholar',
    });
    if (paper) out.push({ paper, anchor: title });
  }
  return out;
}

export const scholar: SiteAdapter = {
  name: 'scholar',
  matches: SCHOLAR_HOSTS.flatMap((tld) => [`https://scholar.google.${tld}/scholar*`, `https://scholar.google.${tld}/citations*`]),
  handles: (url) => /^scholar\.google\.[a-z.]+$/.test(url.hostname) && (url.pathname === '/scholar' || url.pathname === '/citations'),
  recognize(doc, url) {
    return url.pathname === '/citations' ? recognizeProfile(doc, url) : recognizeResults(doc, url);
  },
};
