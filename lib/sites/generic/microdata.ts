/**
 * schema.org `ScholarlyArticle` items in microdata (`itemscope itemtype=…/ScholarlyArticle`,
 * as dblp marks every entry of its lists) and RDFa Lite (`typeof="ScholarlyArticle"`). The
 * identity comes from the item's links to known paper URLs (dblp: the DOI / arXiv "ee" links
 * and the record's own export links), else a dblp record key in the item's `id`.
 */
import { normalizeDoi, venueId } from '../../core/ids';
import { cleanText, looseDate } from '../../core/text';
import type { PaperIds, RecognizedEntry } from '../../core/types';
import { absoluteUrl } from '../dom';
import { arxivLinks, makePaper } from '../paper';
import { idsFromPaperUrl } from '../paper-urls';

const ITEMS = '[itemscope][itemtype*="schema.org/ScholarlyArticle"], [typeof~="ScholarlyArticle"], [typeof~="schema:ScholarlyArticle"]';
const PROPS = (name: string) => `[itemprop~="${name}"], [property~="${name}"], [property~="schema:${name}"]`;

/** Properties of this item, not of an item nested in it (an author's name is not the title). */
function ownProps(item: Element, name: string): Element[] {
  return [...item.querySelectorAll(PROPS(name))].filter((el) => el.parentElement?.closest('[itemscope], [typeof]') === item);
}

function propValue(el: Element | undefined): string {
  if (!el) return '';
  return cleanText(el.getAttribute('content') ?? el.getAttribute('datetime') ?? el.textContent);
}

export function recognizeMicrodata(doc: Document, url: URL): RecognizedEntry[] {
  const out: RecognizedEntry[] = [];
  for (const item of doc.querySelectorAll(ITEMS)) {
    const ids: PaperIds = {};
    let firstLink: string | undefined;
    for (const a of item.querySelectorAll('a[href], link[href]')) {
      const href = absoluteUrl(a.getAttribute('href'), url);
      const found = href && idsFromPaperUrl(href);
      if (!found) continue;
      firstLink ??= href;
      for (const [k, v] of Object.entries(found) as Array<[keyof PaperIds, string]>) ids[k] ??= v;
    }
    ids.doi ??= normalizeDoi(propValue(ownProps(item, 'identifier')[0]) || undefined);
    const key = item.getAttribute('id');
    if (!ids.url && /(^|\.)dblp\.(org|uni-trier\.de)$/.test(url.hostname) && key && /^[\w-]+(\/[\w-]+){1,3}$/.test(key)) ids.url = `dblp.org/rec/${key}`;
    const titleEl = ownProps(item, 'name')[0] ?? ownProps(item, 'headline')[0];
    const authors = ownProps(item, 'author').map((a) => propValue(a.querySelector(PROPS('name')) ?? a));
    const pmid = venueId('pmid', propValue(ownProps(item, 'pmid')[0]) || undefined);
    const paper = makePaper({
      ids: { ...ids, ...(pmid && { pmid }) },
      // dblp ends its titles with a period.
      title: propValue(titleEl).replace(/\.$/, ''),
      authors,
      published: looseDate(propValue(ownProps(item, 'datePublished')[0])),
      links: ids.arxiv ? arxivLinks(ids.arxiv) : { abs: firstLink },
      source: 'microdata',
    });
    if (paper) out.push({ paper, anchor: titleEl ?? item });
  }
  return out;
}
