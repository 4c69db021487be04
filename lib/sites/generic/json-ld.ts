/** schema.org `ScholarlyArticle` (and kin) in JSON-LD script blocks. */
import { normalizeDoi, normalizeUrl, parseArxivId } from '../../core/ids';
import { looseDate } from '../../core/text';
import type { RecognizedEntry } from '../../core/types';
import { headingFor } from '../dom';
import { asArray, asObject, asString, parseJson, type Json } from '../json';
import { makePaper } from '../paper';
import { normalizePages } from '../../core/citation';

const SCHOLARLY = new Set(['ScholarlyArticle', 'MedicalScholarlyArticle', 'Report', 'Thesis']);

function nodes(v: Json, out: Record<string, Json>[] = [], depth = 0): Record<string, Json>[] {
  if (depth > 4) return out;
  if (Array.isArray(v)) v.forEach((x) => nodes(x, out, depth + 1));
  const o = asObject(v);
  if (o) {
    out.push(o);
    if (o['@graph']) nodes(o['@graph'], out, depth + 1);
    if (o.mainEntity) nodes(o.mainEntity, out, depth + 1);
  }
  return out;
}

const types = (o: Record<string, Json>) =>
  asArray(o['@type'])
    .concat(asString(o['@type']) ?? [])
    .map(String);

function personName(p: Json): string | undefined {
  const o = asObject(p);
  if (!o) return asString(p);
  return asString(o.name) ?? ([asString(o.givenName), asString(o.familyName)].filter(Boolean).join(' ') || undefined);
}

export function recognizeJsonLd(doc: Document, url: URL): RecognizedEntry[] {
  const out: RecognizedEntry[] = [];
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    for (const o of nodes(parseJson(script.textContent))) {
      if (!types(o).some((t) => SCHOLARLY.has(t))) continue;
      const identifiers = [o.identifier, o.sameAs, o.url, o['@id']]
        .flatMap((v) => asArray(v).concat(v))
        .map((v) => asString(asObject(v)?.value) ?? asString(v));
      const doi = identifiers.map(normalizeDoi).find(Boolean);
      const arxiv = identifiers.map(parseArxivId).find(Boolean);
      const pageUrl = asString(o.url) ?? url.href;
      const paper = makePaper({
        ids: { arxiv, doi, url: arxiv || doi ? undefined : normalizeUrl(pageUrl) },
        title: asString(o.headline) ?? asString(o.name),
        authors: (Array.isArray(o.author) ? o.author : [o.author]).map(personName).filter((n): n is string => !!n),
        abstract: asString(o.abstract) ?? asString(o.description),
        published: looseDate(asString(o.datePublished) ?? asString(o.dateCreated)),
        links: { abs: pageUrl },
        source: 'json-ld',
        citation: citationOf(o),
      });
      if (paper) out.push({ paper, anchor: headingFor(doc, paper.title) });
    }
  }
  return out;
}

/**
 * schema.org's venue chain: an article is `isPartOf` an issue, which is part of a volume, which
 * is part of a periodical (or the article names the periodical directly).
 */
function citationOf(o: Record<string, Json>) {
  let volume: string | undefined;
  let issue: string | undefined;
  let container: string | undefined;
  let conference = false;
  let part = asObject(o.isPartOf);
  for (let depth = 0; part && depth < 4; depth++, part = asObject(part.isPartOf)) {
    const t = types(part);
    const number = asString(part.volumeNumber) ?? asString(part.issueNumber);
    if (t.includes('PublicationIssue')) issue ??= asString(part.issueNumber);
    else if (t.includes('PublicationVolume')) volume ??= number;
    else {
      container ??= asString(part.name);
      if (t.some((x) => /Event|Proceedings/.test(x))) conference = true;
    }
  }
  const publisher = asObject(o.publisher) ? asString(asObject(o.publisher)!.name) : asString(o.publisher);
  const t = types(o);
  return {
    itemType: t.includes('Thesis') ? 'thesis' : t.includes('Report') ? 'report' : t.includes('Book') ? 'book' : undefined,
    conference,
    container,
    volume: volume ?? asString(o.volumeNumber),
    issue: issue ?? asString(o.issueNumber),
    pages: normalizePages(asString(o.pageStart), asString(o.pageEnd)) ?? asString(o.pagination),
    publisher,
  };
}
