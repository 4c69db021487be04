/**
 * Reading a tab no content script runs on (any site outside the supported list), once, when
 * the user opens the popup there: `activeTab` grants the popup that tab for this gesture only,
 * and `scripting` runs one function in it that returns the page's HTML. The HTML is parsed here,
 * in the popup (DOMParser runs no scripts), by the same recognizers the content scripts use, so
 * the page's meta tags, JSON-LD and COinS are read exactly as on a supported site. Nothing stays
 * in the page, and the papers found go through the background's validators like any other.
 */
import { recognize } from '../sites/registry';
import type { PaperMeta } from '../core/types';

/** Pages larger than this are read up to here: a paper's tags are in its head. */
export const MAX_PAGE_HTML = 5_000_000;

/** The part of `browser.scripting` used here. */
export interface Scripting {
  executeScript(injection: { target: { tabId: number }; func: () => string }): Promise<Array<{ result?: unknown }>>;
}

/** What the popup looks for on a page, said when it finds nothing. */
export const LOOKED_FOR = 'scholarly meta tags (citation_*, Dublin Core, PRISM), schema.org ScholarlyArticle data, COinS, and arXiv, DOI or OpenReview links';

/**
 * The papers on the tab's page, or null when the browser does not let Gloss read it (no
 * activeTab grant, a browser page, the Web Store).
 */
export async function readTabPapers(
  scripting: Scripting | undefined,
  tabId: number,
  url: string,
  parse: (html: string) => Document = (html) => new DOMParser().parseFromString(html, 'text/html'),
): Promise<PaperMeta[] | null> {
  if (!scripting || !/^https?:\/\//i.test(url)) return null;
  let html: unknown;
  try {
    // Runs in the page's isolated world: the page's own scripts cannot see or answer it.
    const [answer] = await scripting.executeScript({ target: { tabId }, func: () => document.documentElement.outerHTML });
    html = answer?.result;
  } catch {
    return null;
  }
  if (typeof html !== 'string') return null;
  return recognize(parse(html.slice(0, MAX_PAGE_HTML)), url).map((e) => e.paper);
}
