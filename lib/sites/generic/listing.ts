/**
 * Listings no adapter knows: every link whose target is a known paper URL (lib/sites/paper-urls.ts)
 * becomes an entry, and its row is the largest element around it that links to no other paper
 * (in a repeated list, the list item). The title is the row's readable link text for that
 * paper, else its title-like element when the row is small, else the identifier.
 *
 * Runs in the opt-in "any page" mode and on supported pages where nothing else was found (a
 * PMLR volume, a NeurIPS year, a proceedings index). One pass up the tree from each link, so a
 * page of 10,000 rows costs about as much as walking it once.
 */
import { canonicalId } from '../../core/ids';
import { cleanText } from '../../core/text';
import type { PaperIds, RecognizedEntry } from '../../core/types';
import { arxivLinks, makePaper } from '../paper';
import { idsFromPaperUrl } from '../paper-urls';

/** Words of link labels that are not titles: "[pdf]", "Download PDF", "abs", "Full text (HTML)". */
const LABEL_WORDS = new Set(
  'pdf abs abstract html bib bibtex paper code download link doi arxiv supp supplementary video slides poster project page cite preprint full text view read details review reviews openreview here version open access online publisher site'.split(
    ' ',
  ),
);

/** Link text that reads as a title: not a label made of LABEL_WORDS, a URL or an identifier. */
export function readableTitle(text: string): boolean {
  if (text.length < 5 || text.length > 600 || !/\s/.test(text) || /^https?:/i.test(text) || /^\S+:\S+$/.test(text)) return false;
  const words = text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return !words.every((w) => LABEL_WORDS.has(w) || /^v?\d+$/.test(w));
}

/** A title for a paper known only by an identifier (`arXiv:…`, `doi:…`, `PMLR v139/radford21a`). */
export function placeholderTitleFor(ids: PaperIds): string {
  if (ids.arxiv) return `arXiv:${ids.arxiv}`;
  if (ids.doi) return `doi:${ids.doi}`;
  if (ids.openreview) return `OpenReview ${ids.openreview}`;
  return canonicalId(ids) ?? 'paper';
}

const TITLE_LIKE = 'h1, h2, h3, h4, h5, h6, .title, [class*="title"], cite, strong, b';
/** Rows longer than this are page sections, not list items: their headings are not the paper's. */
const SMALL_ROW = 1_500;

export function recognizeListing(doc: Document, url: URL): RecognizedEntry[] {
  // Rows stop below the body (a saved fragment has none: then below the root element).
  const body = doc.body?.firstElementChild ? doc.body : doc.documentElement;
  if (!body) return [];
  const found: Array<{ a: Element; key: string; ids: PaperIds; href: string }> = [];
  for (const a of body.getElementsByTagName('a')) {
    const raw = a.getAttribute('href');
    if (!raw || raw.startsWith('#') || raw.length > 2000) continue;
    let href: string;
    try {
      href = new URL(raw, url).href;
    } catch {
      continue;
    }
    const ids = idsFromPaperUrl(href);
    const key = ids && canonicalId(ids);
    if (ids && key) found.push({ a, key, ids, href });
  }
  if (!found.length) return [];

  // Which paper each ancestor holds: its key, or null once it holds links to two papers.
  const owner = new Map<Element, string | null>();
  for (const { a, key } of found) {
    for (let el = a.parentElement; el && el !== body; el = el.parentElement) {
      const k = owner.get(el);
      if (k === undefined) owner.set(el, key);
      else if (k === key || k === null) break;
      else owner.set(el, null);
    }
  }

  const byKey = new Map<string, { row: Element; links: Array<{ a: Element; href: string }>; ids: PaperIds }>();
  for (const { a, key, ids, href } of found) {
    const known = byKey.get(key);
    if (known) {
      if (known.row.contains(a)) known.links.push({ a, href });
      continue;
    }
    let row: Element = a;
    while (row.parentElement && row.parentElement !== body && owner.get(row.parentElement) === key) row = row.parentElement;
    byKey.set(key, { row, links: [{ a, href }], ids });
  }

  const out: RecognizedEntry[] = [];
  for (const { row, links, ids } of byKey.values()) {
    let title: string | undefined;
    let anchor: Element = links[0].a;
    for (const { a } of links) {
      const text = cleanText(a.textContent);
      if (readableTitle(text)) {
        title = text;
        anchor = a;
        break;
      }
    }
    if (!title && row !== links[0].a && (row.textContent?.length ?? 0) <= SMALL_ROW) {
      for (const el of row.querySelectorAll(TITLE_LIKE)) {
        const text = cleanText(el.textContent);
        if (readableTitle(text)) {
          title = text;
          anchor = el;
          break;
        }
      }
    }
    const href = links[0].href;
    const paper = makePaper({
      ids,
      title: title ?? placeholderTitleFor(ids),
      links: ids.arxiv ? arxivLinks(ids.arxiv) : { abs: href },
      source: 'links',
    });
    if (paper) out.push({ paper, anchor });
  }
  return out;
}
