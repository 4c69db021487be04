/**
 * Paper identifiers from the URLs of paper pages and PDFs, for every site Gloss knows: what a
 * link points to, without fetching it. Each returns undefined for anything else.
 */
import { normalizeDoi, parseArxivId, venueId } from '../core/ids';
import type { PaperIds } from '../core/types';

/** The Anthology id of a paper URL on aclanthology.org (`/W19-4201/`, `/2022.in2writing-1.1.pdf`). */
export function anthologyIdOf(href: string): string | undefined {
  try {
    const u = new URL(href);
    if (u.hostname !== 'aclanthology.org' && u.hostname !== 'www.aclweb.org') return undefined;
    const m = u.pathname.match(/^\/(?:anthology\/)?([^/]+?)(?:\.pdf)?\/?$/);
    return venueId('acl', m?.[1]);
  } catch {
    return undefined;
  }
}

/** The slug of a CVF paper page or PDF URL (openaccess.thecvf.com, cv-foundation.org). */
export function cvfSlug(href: string): string | undefined {
  const m = href.match(/\/(?:html|papers)\/(?:[^/?#]+\/)?([^/?#]+?_\d{4}_paper)\.(?:html|pdf)(?:[?#]|$)/);
  return venueId('cvf', m?.[1]);
}

/** The NeurIPS proceedings hash of an abstract page or file URL. */
export function neuripsHash(href: string): string | undefined {
  return venueId('neurips', href.match(/\/(?:hash|file)\/([0-9a-f]{32})-/)?.[1]);
}

/** `v139/radford21a` from a PMLR paper page or PDF URL. */
export function pmlrId(href: string): string | undefined {
  try {
    const u = new URL(href);
    if (u.hostname !== 'proceedings.mlr.press') return undefined;
    const m = u.pathname.match(/^\/(v\d+)\/([\w-]+?)(?:\.html|\/\2\.pdf|\.pdf)$/);
    return m ? venueId('pmlr', `${m[1]}/${m[2]}`) : undefined;
  } catch {
    return undefined;
  }
}

const CVF_HOSTS = new Set(['openaccess.thecvf.com', 'www.cv-foundation.org', 'cv-foundation.org']);

/**
 * The identifiers a link to a paper carries: arXiv abs/pdf/html, doi.org, OpenReview forum/pdf,
 * ACL Anthology, NeurIPS, PMLR, CVF, PubMed, PMC, and dblp records and Semantic Scholar papers
 * (by their normalized URL: those have no id kind of their own).
 */
export function idsFromPaperUrl(href: string): PaperIds | undefined {
  let u: URL;
  try {
    u = new URL(href);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return undefined;
  const host = u.hostname.toLowerCase().replace(/^www\./, '');
  const one = <K extends keyof PaperIds>(key: K, value: string | undefined): PaperIds | undefined => (value ? { [key]: value } : undefined);
  switch (host) {
    case 'arxiv.org':
    case 'export.arxiv.org':
      return one('arxiv', /^\/(abs|pdf|html|format)\//.test(u.pathname) ? parseArxivId(u.href) : undefined);
    case 'doi.org':
    case 'dx.doi.org': {
      let path = u.pathname.slice(1);
      try {
        path = decodeURIComponent(path);
      } catch {
        return undefined;
      }
      return one('doi', normalizeDoi(path));
    }
    case 'openreview.net': {
      if (!/^\/(forum|pdf)$/.test(u.pathname) || u.searchParams.has('noteId')) return undefined;
      const id = u.searchParams.get('id');
      return one('openreview', id && /^[\w-]{5,40}$/.test(id) ? id : undefined);
    }
    case 'aclanthology.org':
    case 'aclweb.org':
      return one('acl', anthologyIdOf(u.href));
    case 'proceedings.neurips.cc':
    case 'papers.nips.cc':
      return one('neurips', neuripsHash(u.pathname));
    case 'proceedings.mlr.press':
      return one('pmlr', pmlrId(u.href));
    case 'pubmed.ncbi.nlm.nih.gov':
      return one('pmid', venueId('pmid', u.pathname.match(/^\/(\d+)\/?$/)?.[1]));
    case 'pmc.ncbi.nlm.nih.gov':
    case 'ncbi.nlm.nih.gov': {
      const pmc = u.pathname.match(/^\/(?:pmc\/)?articles\/(PMC\d+)\/?/i)?.[1];
      if (pmc) return one('pmcid', venueId('pmcid', pmc));
      return one('pmid', venueId('pmid', u.pathname.match(/^\/pubmed\/(\d+)\/?$/)?.[1]));
    }
    case 'dblp.org':
    case 'dblp.uni-trier.de': {
      // A record's page, or its exports (.html, .bib, .xml): one record, one URL.
      const key = u.pathname.match(/^\/rec\/((?:[\w-]+\/){1,3}[\w-]+?)(?:\.(?:html|bib|xml|ris|nt|rdf|ttl))?$/)?.[1];
      return key ? { url: `dblp.org/rec/${key}` } : undefined;
    }
    case 'semanticscholar.org':
    case 'api.semanticscholar.org': {
      const sha = u.pathname.match(/^\/(?:paper\/(?:[^/]+\/)?|CorpusID:)?([0-9a-f]{40})\/?$/)?.[1];
      return sha ? { url: `semanticscholar.org/paper/${sha}` } : undefined;
    }
    default:
      if (CVF_HOSTS.has(u.hostname)) {
        const slug = cvfSlug(u.href);
        return slug ? { cvf: slug } : undefined;
      }
      return undefined;
  }
}
