/**
 * Hugging Face papers.
 *
 * Pages it handles:
 * - https://huggingface.co/papers                      (today's daily listing)
 * - https://huggingface.co/papers/date/2026-07-02      (a past day)
 * - https://huggingface.co/papers/2509.24002           (one paper)
 *
 * The server renders each listing with its papers as JSON in the `data-props` of the
 * `DailyPapers` hydration root, and renders the cards too. The JSON is the reliable source of
 * metadata (full author list and abstract); the cards are where the marks go.
 */
import { normalizeUrl, parseArxivId } from '../core/ids';
import { isoDate } from '../core/text';
import type { PaperMeta, RecognizedEntry } from '../core/types';
import type { SiteAdapter } from './adapter';
import { asArray, asObject, asString, parseJson, type Json } from './json';
import { arxivLinks, makePaper } from './paper';

const PAPER_PATH = /^\/papers\/([^/?#]+)\/?$/;

function propsOf(doc: Document, target: string): Record<string, Json> | undefined {
  const el = doc.querySelector(`[data-target="${target}"][data-props]`);
  return asObject(parseJson(el?.getAttribute('data-props')));
}

/** Paper metadata from one `paper` object of HF's page data; undefined when it lacks an id or title. */
export function paperFromHf(raw: Json, fallbackTitle?: string): PaperMeta | undefined {
  const p = asObject(raw);
  const hfId = asString(p?.id);
  if (!p || !hfId) return undefined;
  const arxiv = parseArxivId(hfId);
  const hf = `https://huggingface.co/papers/${encodeURIComponent(hfId)}`;
  return makePaper({
    ids: arxiv ? { arxiv } : { url: normalizeUrl(hf) },
    title: asString(p.title) ?? fallbackTitle,
    authors: asArray(p.authors).map((a) => asString(asObject(a)?.name) ?? ''),
    abstract: asString(p.summary),
    published: isoDate(asString(p.publishedAt)),
    links: {
      ...(arxiv && arxivLinks(arxiv)),
      hf,
      code: asString(p.githubRepo),
      project: asString(p.projectPage),
    },
    source: 'huggingface',
  });
}

/** The title element of every paper card, keyed by the HF paper id in its link. */
function cardTitles(doc: Document): Map<string, Element> {
  const out = new Map<string, Element>();
  for (const link of doc.querySelectorAll('article h3 a[href^="/papers/"]')) {
    const id = link.getAttribute('href')!.match(PAPER_PATH)?.[1];
    const heading = link.closest('h3');
    if (id && heading && !out.has(id)) out.set(id, heading);
  }
  return out;
}

function recognizeListing(doc: Document): RecognizedEntry[] {
  const cards = cardTitles(doc);
  const props = propsOf(doc, 'DailyPapers');
  const entries: RecognizedEntry[] = [];
  const seen = new Set<string>();
  for (const item of asArray(props?.dailyPapers)) {
    const paper = paperFromHf(asObject(item)?.paper, asString(asObject(item)?.title));
    const hfId = asString(asObject(asObject(item)?.paper)?.id);
    if (!paper || !hfId || seen.has(paper.id)) continue;
    seen.add(paper.id);
    entries.push({ paper, anchor: cards.get(hfId) ?? null });
  }
  // Cards the JSON does not describe (a client-side render after navigation, or a page
  // without the data) still get entries, with what the card itself shows.
  for (const [hfId, heading] of cards) {
    const paper = paperFromHf({ id: hfId }, heading.textContent ?? '');
    if (!paper || seen.has(paper.id)) continue;
    seen.add(paper.id);
    entries.push({ paper, anchor: heading });
  }
  return entries;
}

function recognizePaperPage(doc: Document, hfId: string): RecognizedEntry[] {
  const props = propsOf(doc, 'PaperContent');
  const heading = doc.querySelector('main h1, h1');
  const fromData = asObject(props?.paper);
  const paper = fromData && asString(fromData.id) === hfId ? paperFromHf(fromData) : paperFromHf({ id: hfId }, heading?.textContent ?? '');
  return paper ? [{ paper, anchor: heading }] : [];
}

export const huggingface: SiteAdapter = {
  name: 'huggingface',
  matches: ['https://huggingface.co/papers*'],
  handles: (url) => url.hostname === 'huggingface.co' && url.pathname.startsWith('/papers'),
  recognize(doc, url) {
    const single = url.pathname.match(PAPER_PATH)?.[1];
    if (single && single !== 'date' && single !== 'week' && single !== 'month' && single !== 'trending') {
      return recognizePaperPage(doc, decodeURIComponent(single));
    }
    return recognizeListing(doc);
  },
};
