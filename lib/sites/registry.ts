import { aliasesOf } from '../core/ids';
import type { PaperMeta, RecognizedEntry } from '../core/types';
import { arxivLinks, makePaper } from './paper';
import type { RowReader, SiteAdapter } from './adapter';
import { acl } from './acl';
import { cvf } from './cvf';
import { recognizeMicrodata } from './generic/microdata';
import { ncbi } from './ncbi';
import { paperswithcode } from './paperswithcode';
import { neurips, pmlr } from './proceedings';
import { arxiv } from './arxiv';
import { recognizeCoins } from './generic/coins';
import { recognizeJsonLd } from './generic/json-ld';
import { idsFromLink, recognizeLinks } from './generic/links';
import { placeholderTitleFor } from './generic/listing';
import { recognizeMetaTags } from './generic/meta-tags';
import { huggingface } from './huggingface';
import { ieee } from './ieee';
import { openreview } from './openreview';
import { scholar } from './scholar';

/** Site adapters. Where one handles a page it wins; the generic ones fill gaps. */
export const adapters: SiteAdapter[] = [huggingface, arxiv, openreview, acl, ieee, scholar, cvf, neurips, pmlr, ncbi, paperswithcode];

type Generic = (doc: Document, url: URL) => RecognizedEntry[];

/** Formats many sites share; they run on every supported page after the site adapter. */
export const genericAdapters: Array<[string, Generic]> = [
  ['meta-tags', recognizeMetaTags],
  ['json-ld', recognizeJsonLd],
  ['coins', recognizeCoins],
  ['microdata', recognizeMicrodata],
];

/**
 * Sites whose paper pages the generic adapters read (Highwire/Dublin Core tags, JSON-LD):
 * proceedings and publishers. Content scripts run here and on the site adapters' pages only.
 */
export const genericSites: string[] = [
  'https://www.biorxiv.org/content/*',
  'https://www.medrxiv.org/content/*',
  'https://www.semanticscholar.org/paper/*',
  'https://dl.acm.org/doi/*',
  'https://link.springer.com/*',
  'https://www.sciencedirect.com/science/article/*',
  'https://journals.plos.org/*',
  'https://elifesciences.org/articles/*',
  'https://www.nature.com/articles/*',
  'https://www.alphaxiv.org/*',
  'https://dblp.org/*',
];

/** Whether a URL is on one of `genericSites` (match patterns: scheme, exact host, path prefix). */
function onGenericSite(url: URL): boolean {
  return genericSites.some((pattern) => {
    const m = pattern.match(/^(https?):\/\/([^/]+)(\/.*)$/);
    return !!m && url.protocol === `${m[1]}:` && url.hostname === m[2] && url.pathname.startsWith(m[3].replace(/\*$/, ''));
  });
}

/** Match patterns for the content script: exactly the sites Gloss supports by default. */
export const contentScriptMatches = [...adapters.flatMap((a) => a.matches), ...genericSites];

function guarded(name: string, href: string, run: () => RecognizedEntry[]): RecognizedEntry[] {
  try {
    return run();
  } catch (err) {
    console.warn(`[gloss] ${name} adapter failed on ${href}`, err);
    return [];
  }
}

/**
 * Adds entries whose paper is not already among `into` (by any identifier). `known`: the keys of
 * what `into` holds, kept by the caller across calls: built again from `into` on each call it was
 * ~5 passes over a 2,000-row listing's entries in one task.
 */
function addNew(into: RecognizedEntry[], more: RecognizedEntry[], known: Set<string>) {
  for (const e of more) {
    const keys = [e.paper.id, ...aliasesOf(e.paper.ids)];
    if (keys.some((k) => known.has(k))) continue;
    keys.forEach((k) => known.add(k));
    into.push(e);
  }
}

export interface RecognizeOptions {
  /** Also recognize plain links to arXiv / DOI / OpenReview papers (opt-in, any page). */
  links?: boolean;
}

/**
 * What the generic readers (and, where nothing else knew the page, links) add to a page's site
 * entries; `entries` (whose keys are `known`) is extended in place.
 */
function addPageLevel(
  doc: Document,
  url: URL,
  href: string,
  site: SiteAdapter | undefined,
  options: RecognizeOptions,
  entries: RecognizedEntry[],
  known: Set<string>,
) {
  for (const [name, run] of genericAdapters)
    addNew(
      entries,
      guarded(name, href, () => run(doc, url)),
      known,
    );
  // Links to papers: asked for on any page, and the fallback where nothing else knew the page
  // (a proceedings index, a lab's publication list on a supported host). Where an adapter read
  // the rows, the links in its sidebars and footers are not rows.
  if (options.links || (!entries.length && (site || onGenericSite(url))))
    addNew(
      entries,
      guarded('links', href, () => recognizeLinks(doc, url)),
      known,
    );
}

/**
 * Recognizes the papers on a page. Never throws: an adapter that fails on strange markup
 * yields nothing rather than breaking the page's marks.
 */
export function recognize(doc: Document, href: string, options: RecognizeOptions = {}): RecognizedEntry[] {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return [];
  }
  const entries: RecognizedEntry[] = [];
  const known = new Set<string>();
  const site = adapters.find((a) => a.handles(url));
  if (site)
    addNew(
      entries,
      guarded(site.name, href, () => site.recognize(doc, url)),
      known,
    );
  addPageLevel(doc, url, href, site, options, entries, known);
  return entries;
}

/** A listing read row by row (components/content/row-scan.ts), with what the rest of the page adds. */
export interface Listing {
  reader: RowReader;
  /**
   * The entries `recognize` gives for the page when its rows gave `rows` (in page order): those
   * rows, then the generic readers' papers the rows do not have.
   */
  withPage(doc: Document, rows: RecognizedEntry[]): RecognizedEntry[];
}

/**
 * The row reader for this page, where its site adapter has one (long listings); undefined where
 * the page is read whole. Not in the links mode, which reads links anywhere on the page.
 */
export function listingOf(doc: Document, href: string, options: RecognizeOptions = {}): Listing | undefined {
  if (options.links) return undefined;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  const site = adapters.find((a) => a.handles(url));
  const reader = site?.rows && guardedValue(site.name, href, () => site.rows!(doc, url));
  if (!site || !reader) return undefined;
  const safe: RowReader = {
    selector: reader.selector,
    rowOf: (el) => guardedValue(site.name, href, () => reader.rowOf(el)) ?? null,
    read: (row) => guardedValue(site.name, href, () => reader.read(row)) ?? null,
  };
  return {
    reader: safe,
    withPage(doc, rows) {
      const entries: RecognizedEntry[] = [];
      const known = new Set<string>();
      addNew(entries, rows, known);
      addPageLevel(doc, url, href, site, options, entries, known);
      return entries;
    },
  };
}

function guardedValue<T>(name: string, href: string, run: () => T): T | undefined {
  try {
    return run();
  } catch (err) {
    console.warn(`[gloss] ${name} adapter failed on ${href}`, err);
    return undefined;
  }
}

/** The name of the adapter that handles a URL (`generic` for publisher pages and links). */
export function siteOf(href: string): string {
  try {
    const url = new URL(href);
    return adapters.find((a) => a.handles(url))?.name ?? 'generic';
  } catch {
    return 'generic';
  }
}

/**
 * A paper from a URL alone (PDF tabs, links in context menus): any paper URL lib/sites/paper-urls.ts knows.
 * The title is what the caller knows (tab title, link text), else the identifier.
 */
export function paperFromUrl(href: string, title?: string): PaperMeta | undefined {
  const ids = idsFromLink(href);
  if (!ids) return undefined;
  const fallback = placeholderTitleFor(ids);
  const clean = title?.replace(/\s+/g, ' ').trim();
  return makePaper({
    ids,
    title: clean && clean.length > 3 && !/^https?:/.test(clean) ? clean : fallback,
    links: ids.arxiv
      ? arxivLinks(ids.arxiv)
      : ids.openreview
        ? { abs: `https://openreview.net/forum?id=${ids.openreview}` }
        : ids.doi
          ? { abs: `https://doi.org/${ids.doi}` }
          : { abs: href },
    source: 'url',
  });
}
