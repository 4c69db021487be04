import { arxivDate, cleanCitation, impliedType, type CitationFields } from '../core/citation';
import { canonicalId } from '../core/ids';
import { cleanText } from '../core/text';
import type { PaperIds, PaperLinks, PaperMeta } from '../core/types';
import { PAPER_LIMITS, PAPER_PATTERNS } from '../core/paper-rules';

const L = PAPER_LIMITS;

/**
 * Builds a PaperMeta from what an adapter found, or undefined when there is no identifier or
 * no title. Drops empty fields and any link that is not a web URL.
 */
export function makePaper(fields: {
  ids: PaperIds;
  title: string | null | undefined;
  authors?: string[];
  abstract?: string | null;
  published?: string;
  links?: PaperLinks;
  category?: string;
  source: string;
  /** Citation metadata as the page states it (cleaned and bounded here). */
  citation?: Partial<Record<keyof CitationFields, string | undefined>> & { conference?: boolean };
}): PaperMeta | undefined {
  const ids: PaperIds = Object.fromEntries(Object.entries(fields.ids).filter(([, v]) => v)) as PaperIds;
  const id = canonicalId(ids);
  const title = cleanText(fields.title).slice(0, L.title);
  // Ids past these lengths are not identifiers but junk; the background would refuse them.
  if (!id || !title || id.length > L.id || (ids.url?.length ?? 0) > L.ids.url) return undefined;
  const links: PaperLinks = {};
  for (const [k, v] of Object.entries(fields.links ?? {})) {
    if (typeof v === 'string' && PAPER_PATTERNS.webUrl.test(v) && v.length <= L.link) links[k as keyof PaperLinks] = v;
  }
  const abstract = cleanText(fields.abstract).slice(0, L.abstract) || undefined;
  // An arXiv id says the month it was issued; a page's own date is more precise and wins.
  const published = fields.published || arxivDate(ids.arxiv);
  const citation = cleanCitation(fields.citation ?? {});
  // A bare arXiv id implies a preprint at export time; stored types come from what a page said.
  const itemType = citation.itemType || citation.container ? impliedType({ ...citation, ids, conference: fields.citation?.conference }) : undefined;
  return {
    id,
    ids,
    title,
    authors: (fields.authors ?? [])
      .map((a) => cleanText(a).slice(0, L.author))
      .filter(Boolean)
      .slice(0, L.authors),
    ...(abstract && { abstract }),
    ...(published && { published }),
    links,
    ...(fields.category && PAPER_PATTERNS.category.test(fields.category) && { category: fields.category }),
    source: fields.source,
    ...citation,
    ...(itemType && { itemType }),
  };
}

export function arxivLinks(arxiv: string): PaperLinks {
  return { abs: `https://arxiv.org/abs/${arxiv}`, pdf: `https://arxiv.org/pdf/${arxiv}` };
}

/** `cs.CL` from arXiv's "Computation and Language (cs.CL)". */
export function categoryIn(text: string | null | undefined): string | undefined {
  return text?.match(/\(([a-z-]+(?:\.[A-Za-z-]+)?)\)\s*$/)?.[1];
}
