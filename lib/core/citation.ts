/**
 * Citation metadata (item type, container, volume, issue, pages, publisher): cleaning what pages
 * and files give, and the year and month an arXiv id implies. Pure; shared by the site readers,
 * the importers, the exporters and the background's validators.
 */
import { cleanText } from './text';
import type { ItemType, PaperMeta } from './types';

export const ITEM_TYPES: readonly ItemType[] = ['article', 'inproceedings', 'preprint', 'book', 'thesis', 'report', 'misc'];

/** Longest value kept per field; the background's validator refuses longer ones. */
export const CITATION_LIMITS = { container: 1000, volume: 64, issue: 64, pages: 64, publisher: 500 } as const;

export type CitationFields = Pick<PaperMeta, 'itemType' | 'container' | 'volume' | 'issue' | 'pages' | 'publisher'>;
export const CITATION_KEYS = ['itemType', 'container', 'volume', 'issue', 'pages', 'publisher'] as const;

/** `12-34`, `12–34`, `12 - 34` → `12--34` (BibTeX's range); one page or article number stays. */
export function normalizePages(first: string | undefined, last?: string): string | undefined {
  const a = cleanText(first);
  const b = cleanText(last);
  if (!a) return undefined;
  const joined = b && b !== a ? `${a}--${b}` : a;
  return joined.replace(/\s*(?:-+|–|—)\s*/g, '--');
}

/**
 * The fields that are present, cleaned and cut to their limits: a page or file can say anything,
 * and a value past the limit would make the background refuse the whole paper.
 */
export function cleanCitation(f: Partial<Record<keyof CitationFields, string | undefined>>): CitationFields {
  const out: CitationFields = {};
  const type = f.itemType?.trim();
  if (type && (ITEM_TYPES as readonly string[]).includes(type)) out.itemType = type as ItemType;
  for (const k of ['container', 'volume', 'issue', 'publisher'] as const) {
    const v = cleanText(f[k]).slice(0, CITATION_LIMITS[k]);
    if (v) out[k] = v;
  }
  const pages = normalizePages(f.pages)?.slice(0, CITATION_LIMITS.pages);
  if (pages) out.pages = pages;
  return out;
}

/**
 * The month an arXiv id was issued: `2607.01234` → `2026-07`, `hep-th/9901001` → `1999-01`.
 * Ids are numbered by submission month since 1991, so this is right to the month for every
 * id; a page's own date (first version) is better when there is one, and only replaces this.
 */
export function arxivDate(arxiv: string | undefined): string | undefined {
  const m = arxiv?.match(/^(\d{2})(\d{2})\.\d{4,5}$/) ?? arxiv?.match(/^[a-z-]+(?:\.[A-Z]{2})?\/(\d{2})(\d{2})\d{3}$/);
  if (!m) return undefined;
  const yy = Number(m[1]);
  const mm = Number(m[2]);
  if (mm < 1 || mm > 12) return undefined;
  // Old-style ids start in 1991; new-style ones in 2007 (0704.xxxx).
  const year = yy >= 91 ? 1900 + yy : 2000 + yy;
  return `${year}-${m[2]}`;
}

/**
 * The item type a venue implies when nothing said it: a conference title makes proceedings, a
 * journal an article, an arXiv id alone a preprint.
 */
export function impliedType(p: Pick<PaperMeta, 'itemType' | 'container' | 'ids'> & { conference?: boolean }): ItemType | undefined {
  if (p.itemType) return p.itemType;
  if (p.container) return p.conference || /\b(proceedings|conference|workshop|symposium)\b/i.test(p.container) ? 'inproceedings' : 'article';
  if (p.ids.arxiv && (!p.ids.doi || p.ids.doi.startsWith('10.48550/'))) return 'preprint';
  return undefined;
}

/**
 * Top-level fields of one BibTeX entry shown on a page (ACL Anthology's "Cite" block, CVF,
 * PMLR): `name = "…"`, `{…}` or a bare word. Only what the reader needs; a value it cannot
 * delimit is skipped, never guessed. Values keep their TeX; callers take plain fields only.
 */
export function bibtexBlockFields(text: string): { type?: string; fields: Map<string, string> } {
  const fields = new Map<string, string>();
  const head = /@\s*([A-Za-z]+)\s*[{(]\s*[^,\s]*\s*,/.exec(text);
  if (!head) return { fields };
  let i = head.index + head[0].length;
  const re = /\s*([A-Za-z][\w-]*)\s*=\s*/y;
  while (i < text.length) {
    re.lastIndex = i;
    const m = re.exec(text);
    if (!m) break;
    i = re.lastIndex;
    let value: string | undefined;
    const c = text[i];
    if (c === '{' || c === '"') {
      let depth = 0;
      let j = i;
      for (; j < text.length; j++) {
        const ch = text[j];
        if (ch === '\\') j++;
        else if (ch === '{') depth++;
        else if (ch === '}') {
          depth--;
          if (c === '{' && depth === 0) break;
        } else if (ch === '"' && c === '"' && j > i && depth === 0) break;
      }
      if (j >= text.length) break;
      value = text.slice(i + 1, j);
      i = j + 1;
    } else {
      const bare = /[\w.-]+/y;
      bare.lastIndex = i;
      const b = bare.exec(text);
      if (!b) break;
      value = b[0];
      i = bare.lastIndex;
    }
    fields.set(m[1].toLowerCase(), value.replace(/\s+/g, ' ').trim());
    const comma = /\s*,/y;
    comma.lastIndex = i;
    if (!comma.exec(text)) break;
    i = comma.lastIndex;
  }
  return { type: head[1].toLowerCase(), fields };
}

/** BibTeX entry types as item types. */
export function itemTypeOfBibtex(type: string | undefined): ItemType | undefined {
  switch (type?.toLowerCase()) {
    case 'article':
      return 'article';
    case 'inproceedings':
    case 'conference':
    case 'proceedings':
      return 'inproceedings';
    case 'book':
    case 'inbook':
    case 'incollection':
    case 'booklet':
      return 'book';
    case 'phdthesis':
    case 'mastersthesis':
    case 'thesis':
      return 'thesis';
    case 'techreport':
    case 'report':
      return 'report';
    case 'online':
    case 'unpublished':
    case 'preprint':
      return 'preprint';
    case 'misc':
      return 'misc';
    default:
      return undefined;
  }
}

/** CSL types as item types. */
export function itemTypeOfCsl(type: string | undefined): ItemType | undefined {
  switch (type) {
    case 'article-journal':
    case 'article-magazine':
    case 'article-newspaper':
      return 'article';
    case 'paper-conference':
      return 'inproceedings';
    case 'book':
    case 'chapter':
      return 'book';
    case 'thesis':
      return 'thesis';
    case 'report':
      return 'report';
    case 'article':
      return 'preprint';
    default:
      return type ? 'misc' : undefined;
  }
}
