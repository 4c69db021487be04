/**
 * What a paper may hold, in one table: adapters (lib/sites/paper.ts `makePaper`) trim what a page
 * shows to these bounds, and the contract's validator (lib/rpc/protocol.ts `paperMeta`), which
 * every message and every imported item goes through, refuses anything past them. One table, so
 * a paper an adapter made is never one the background refuses.
 */

/** Identifier schemes of a paper's canonical id, strongest first (lib/core/ids.ts `canonicalId`). */
export const ID_SCHEMES = ['arxiv', 'doi', 'openreview', 'acl', 'pmlr', 'neurips', 'cvf', 'pmid', 'pmcid', 'scholar', 'url', 'bib', 'zotero'] as const;

export const PAPER_LIMITS = {
  /** Past these lengths an "identifier" is junk, not an identifier. */
  id: 600,
  url: 2000,
  title: 2000,
  author: 500,
  authors: 5000,
  abstract: 50_000,
  link: 2000,
  category: 40,
  source: 64,
  /** Per identifier kind, in normal form. */
  ids: { arxiv: 64, doi: 300, openreview: 128, acl: 64, pmlr: 96, neurips: 32, cvf: 300, pmid: 10, pmcid: 13, scholar: 25, url: 2000, bib: 200 },
} as const;

export const PAPER_PATTERNS = {
  id: new RegExp(`^(${ID_SCHEMES.join('|')}):\\S+$`),
  /** Only web links are kept: a `javascript:` or `data:` URL from a page must never become a link. */
  webUrl: /^https?:\/\/\S+$/i,
  /** As precise as the source gives it: YYYY-MM-DD, YYYY-MM or YYYY. */
  published: /^\d{4}(-\d{2}(-\d{2})?)?$/,
  /** arXiv's subject class: `cs.CL`, `hep-th`. */
  category: /^[a-z-]+(\.[A-Za-z-]+)?$/,
} as const;
