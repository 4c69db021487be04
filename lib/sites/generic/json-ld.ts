/** schema.org `ScholarlyArticle` (and kin) in JSON-LD script blocks. */
import { normalizeDoi, normalizeUrl, parseArxivId } from '../../ids';
import { looseDate } from '../../text';
import type { RecognizedEntry } from '../../types';
import { headingFor } from '../dom';
import { asArray, asObject, asString, parseJson, type Json } from '../json';
import { makePaper } from '../paper';

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

const types = (o: Record<string, Json>) => asArray(o['@type']).concat(asString(o['@type']) ?? []).map(String);

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
      const identifiers = [o.identifier, o.sameAs, o.url, o['@id']].flatMap((v) => asArray(v).concat(v)).map((v) => asString(asObject(v)?.value) ?? asString(v));
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
      });
      if (paper) out.push({ paper, anchor: headingFor(doc, paper.title) });
    }
  }
  return out;
}
