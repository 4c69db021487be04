/**
 * IEEE Xplore.
 *
 * Pages it handles:
 * - https://ieeexplore.ieee.org/document/10388355  (metadata in `xplGlobal.document.metadata`)
 *
 * The landing page carries no citation_* tags; its metadata is a JSON object assigned in an
 * inline script, which is read as text (never run).
 */
import { normalizeDoi, normalizeUrl } from '../core/ids';
import { looseDate } from '../core/text';
import type { RecognizedEntry } from '../core/types';
import type { SiteAdapter } from './adapter';
import { absoluteUrl, headingFor } from './dom';
import { asArray, asObject, asString, parseJson } from './json';
import { makePaper } from './paper';
import { normalizePages } from '../core/citation';

/**
 * IEEE abstracts carry JATS and MathML markup as text (`<italic xmlns:mml="…">x</italic>`);
 * kept, it shows in the library and lands in every export. The words inside stay.
 */
export function stripMarkup(s: string | undefined): string | undefined {
  return s?.replace(
    /<\/?(?:italic|bold|sub|sup|sc|monospace|underline|inline-formula|disp-formula|tex-math|alternatives|named-content|[a-z]+:[a-z-]+|i|b|em|strong|span|p|br)\b[^<>]*>/gi,
    '',
  );
}

/** The JSON literal assigned after `marker`, cut at its matching brace (strings respected). */
export function jsonAfter(text: string, marker: string): unknown {
  const at = text.indexOf(marker);
  if (at < 0) return undefined;
  const start = text.indexOf('{', at + marker.length);
  if (start < 0) return undefined;
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return parseJson(text.slice(start, i + 1));
  }
  return undefined;
}

export const ieee: SiteAdapter = {
  name: 'ieee',
  matches: ['https://ieeexplore.ieee.org/document/*'],
  handles: (url) => url.hostname === 'ieeexplore.ieee.org' && url.pathname.startsWith('/document/'),
  recognize(doc, url) {
    const script = [...doc.querySelectorAll('script:not([src])')].find((s) => s.textContent?.includes('xplGlobal.document.metadata'));
    const m = asObject(jsonAfter(script?.textContent ?? '', 'xplGlobal.document.metadata='));
    if (!m) return [];
    const doi = normalizeDoi(asString(m.doi));
    const articleNumber = asString(m.articleNumber);
    const page = articleNumber ? `https://ieeexplore.ieee.org/document/${articleNumber}` : url.href;
    const paper = makePaper({
      ids: { doi, url: doi ? undefined : normalizeUrl(page) },
      title: asString(m.formulaStrippedArticleTitle) ?? asString(m.title),
      authors: asArray(m.authors).map((a) => asString(asObject(a)?.name) ?? ''),
      abstract: stripMarkup(asString(m.abstract)),
      published: looseDate(asString(m.publicationDate) ?? asString(m.publicationYear)),
      links: { abs: page, pdf: absoluteUrl(asString(m.pdfUrl), url) },
      source: 'ieee',
      citation: {
        // `periodicals` (journals, magazines) and `conferences`; standards and books stay untyped.
        itemType: /^periodicals?$/i.test(asString(m.contentType) ?? '')
          ? 'article'
          : /^conferences?$/i.test(asString(m.contentType) ?? '')
            ? 'inproceedings'
            : undefined,
        container: asString(m.displayPublicationTitle) ?? asString(m.publicationTitle),
        volume: asString(m.volume),
        issue: asString(m.issue),
        pages: normalizePages(asString(m.startPage), asString(m.endPage)),
        publisher: asString(m.publisher),
      },
    });
    const entries: RecognizedEntry[] = paper ? [{ paper, anchor: headingFor(doc, paper.title) }] : [];
    return entries;
  },
};
