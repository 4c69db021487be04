/**
 * Plain links to papers: arXiv abs/pdf/html, doi.org, OpenReview forums. For pages that are not
 * about papers (blogs, READMEs, social sites) when the user opts in, and for result lists that
 * link out (Google Scholar). One entry per paper, anchored on its first link.
 */
import { normalizeDoi, parseArxivId } from '../../ids';
import { cleanText } from '../../text';
import type { PaperIds, RecognizedEntry } from '../../types';
import { makePaper, arxivLinks } from '../paper';

export function idsFromLink(href: string): PaperIds | undefined {
  let u: URL;
  try {
    u = new URL(href);
  } catch {
    return undefined;
  }
  const host = u.hostname.replace(/^www\./, '');
  if (host === 'arxiv.org' || host === 'export.arxiv.org') {
    const arxiv = parseArxivId(u.href);
    return arxiv ? { arxiv } : undefined;
  }
  if (host === 'doi.org' || host === 'dx.doi.org') {
    const doi = normalizeDoi(decodeURIComponent(u.pathname.slice(1)));
    return doi ? { doi } : undefined;
  }
  if (host === 'openreview.net' && /^\/(forum|pdf)$/.test(u.pathname)) {
    const id = u.searchParams.get('id');
    return id && /^[\w-]{5,40}$/.test(id) ? { openreview: id } : undefined;
  }
  return undefined;
}

export function recognizeLinks(doc: Document, url: URL): RecognizedEntry[] {
  const out: RecognizedEntry[] = [];
  const seen = new Set<string>();
  for (const a of doc.querySelectorAll('a[href]')) {
    let href: string;
    try {
      href = new URL(a.getAttribute('href')!, url).href;
    } catch {
      continue;
    }
    const ids = idsFromLink(href);
    if (!ids) continue;
    const text = cleanText(a.textContent);
    // Link text is a title only when it reads like one, not "PDF", "arXiv" or the id itself.
    const readable = text.length >= 12 && /\s/.test(text) && !/^(arxiv|doi|https?:)/i.test(text);
    const fallback = ids.arxiv ? `arXiv:${ids.arxiv}` : ids.doi ? `doi:${ids.doi}` : `OpenReview ${ids.openreview}`;
    const paper = makePaper({
      ids,
      title: readable ? text : fallback,
      links: ids.arxiv ? arxivLinks(ids.arxiv) : { abs: href },
      source: 'links',
    });
    if (!paper || seen.has(paper.id)) continue;
    seen.add(paper.id);
    out.push({ paper, anchor: a });
  }
  return out;
}
