import type { PaperIds } from './types';

// New-style arXiv ids (0704.0001 onwards, 5-digit numbers since 1501) and old-style
// archive/subject-class ids (hep-th/9901001, math.GT/0309136). Versions are stripped.
const NEW_ARXIV = /^(\d{4}\.\d{4,5})(v\d+)?$/;
const OLD_ARXIV = /^([a-z-]+(?:\.[A-Z]{2})?\/\d{7})(v\d+)?$/;

/** Normalizes an arXiv id or arXiv URL to the bare, versionless id; undefined if it is not one. */
export function parseArxivId(input: string | null | undefined): string | undefined {
  if (!input) return undefined;
  let s = input.trim();
  const url = s.match(/arxiv\.org\/(?:abs|pdf|html|format)\/(.+?)(?:\.pdf)?(?:[?#].*)?$/i);
  if (url) s = url[1];
  s = s.replace(/^arxiv:/i, '').replace(/\/$/, '');
  const m = s.match(NEW_ARXIV) ?? s.match(OLD_ARXIV);
  return m ? m[1] : undefined;
}

/** Lower-cases a DOI and strips resolver prefixes; undefined if it does not look like one. */
export function normalizeDoi(input: string | null | undefined): string | undefined {
  if (!input) return undefined;
  const s = input
    .trim()
    .replace(/^(?:https?:\/\/)?(?:dx\.)?doi\.org\//i, '')
    .replace(/^doi:\s*/i, '')
    .toLowerCase();
  return /^10\.\d{4,9}\/\S+$/.test(s) ? s : undefined;
}

/** Drops fragments, tracking parameters and trailing slashes so one page has one URL. */
export function normalizeUrl(input: string): string | undefined {
  try {
    const u = new URL(input);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
    u.hash = '';
    for (const key of [...u.searchParams.keys()]) {
      if (/^(utm_|fbclid|gclid)/i.test(key)) u.searchParams.delete(key);
    }
    const host = u.hostname.toLowerCase().replace(/^www\./, '');
    const path = u.pathname.replace(/\/+$/, '');
    return `${host}${path}${u.search}`;
  } catch {
    return undefined;
  }
}

/**
 * Identifiers of one venue or index, weaker than arXiv, DOI and OpenReview, in the order they
 * become the canonical id when a page shows nothing stronger. Each pattern is the whole
 * normalized form: a value that does not match is not that identifier (the validator refuses it).
 */
export const VENUE_ID_KINDS = ['acl', 'pmlr', 'neurips', 'cvf', 'pmid', 'pmcid', 'scholar'] as const;
export type VenueIdKind = (typeof VENUE_ID_KINDS)[number];
export const VENUE_ID_PATTERNS: Record<VenueIdKind, RegExp> = {
  acl: /^(?:\d{4}\.[a-z0-9-]+\.\d{1,4}|[A-Z]\d{2}-\d{4})$/,
  pmlr: /^v\d{1,4}\/[A-Za-z0-9_-]{1,80}$/,
  neurips: /^[0-9a-f]{32}$/,
  cvf: /^[A-Za-z0-9][\w.+-]{0,250}_\d{4}_paper$/,
  pmid: /^[1-9]\d{0,9}$/,
  pmcid: /^PMC\d{1,10}$/,
  scholar: /^\d{4,25}$/,
};

/** The identifier in normal form if `value` is one of this kind, else undefined. */
export function venueId(kind: VenueIdKind, value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  let v = value.trim();
  if (kind === 'pmcid') v = v.toUpperCase();
  if (kind === 'neurips') v = v.toLowerCase();
  return VENUE_ID_PATTERNS[kind].test(v) ? v : undefined;
}

/** Canonical id from the strongest identifier: arXiv, DOI, OpenReview, the venue ids in order, URL. */
export function canonicalId(ids: PaperIds): string | undefined {
  if (ids.arxiv) return `arxiv:${ids.arxiv}`;
  if (ids.doi) return `doi:${ids.doi}`;
  if (ids.openreview) return `openreview:${ids.openreview}`;
  for (const kind of VENUE_ID_KINDS) if (ids[kind]) return `${kind}:${ids[kind]}`;
  if (ids.url) return `url:${ids.url}`;
  if (ids.bib) return `bib:${ids.bib}`;
  return undefined;
}

/** Every identifier of a paper in canonical form; a lookup by any of them finds the record. */
export function aliasesOf(ids: PaperIds): string[] {
  const out: string[] = [];
  if (ids.arxiv) {
    out.push(`arxiv:${ids.arxiv}`);
    // arXiv registers a DOI for every paper; publishers' pages cite it.
    out.push(`doi:10.48550/arxiv.${ids.arxiv.toLowerCase()}`);
  }
  if (ids.doi) out.push(`doi:${ids.doi}`);
  if (ids.openreview) out.push(`openreview:${ids.openreview}`);
  for (const kind of VENUE_ID_KINDS) if (ids[kind]) out.push(`${kind}:${ids[kind]}`);
  if (ids.url) out.push(`url:${ids.url}`);
  if (ids.bib) out.push(`bib:${ids.bib}`);
  return [...new Set(out)];
}

/** Title key that links a preprint to its published version: case, accents and punctuation dropped. */
export function normalizeTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
