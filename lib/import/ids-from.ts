/** Identifiers from the loose fields other tools write (URLs, "arXiv:…" strings, DOIs). */
import { canonicalId, normalizeDoi, normalizeUrl, parseArxivId } from '../core/ids';
import { idsFromLink } from '../sites/generic/links';
import type { PaperIds } from '../core/types';

export function idsFrom(fields: { doi?: string; arxiv?: string; urls?: Array<string | undefined>; texts?: Array<string | undefined> }): PaperIds {
  const ids: PaperIds = {};
  const doi = normalizeDoi(fields.doi);
  if (doi && !doi.startsWith('10.48550/arxiv.')) ids.doi = doi;
  ids.arxiv = parseArxivId(fields.arxiv) ?? (doi?.startsWith('10.48550/arxiv.') ? parseArxivId(doi.slice('10.48550/arxiv.'.length)) : undefined);
  for (const url of fields.urls ?? []) {
    if (!url) continue;
    const found = idsFromLink(url);
    ids.arxiv ??= found?.arxiv;
    ids.doi ??= found?.doi;
    ids.openreview ??= found?.openreview;
  }
  for (const text of fields.texts ?? []) {
    const m = text?.match(/arxiv[:\s/-]*(?:abs\/)?([\w.-]+\/\d{7}|\d{4}\.\d{4,5})(v\d+)?/i);
    ids.arxiv ??= m ? parseArxivId(m[1]) : undefined;
  }
  if (!canonicalId(ids)) {
    const url = fields.urls?.find((u) => u && /^https?:\/\//i.test(u));
    if (url) ids.url = normalizeUrl(url.replace(/\.pdf$/i, ''));
  }
  return Object.fromEntries(Object.entries(ids).filter(([, v]) => v)) as PaperIds;
}
