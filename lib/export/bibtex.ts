/**
 * BibTeX and BibLaTeX export. Keys are the ones stored on each record (lib/export/cite-keys.ts),
 * so a paper's `\cite` key is the same in a full export, a selection and Copy BibTeX. Text is
 * escaped for (La)TeX and spelled for pdfLaTeX (tex.ts); math in titles (`$…$`) is kept as math
 * when it is harmless; capitals, model names and proper nouns in titles are braced.
 * Every value comes from a web page or a file, so every value goes through tex.ts.
 */
import { arxivDate, impliedType } from '../core/citation';
import { baseCiteKey, freeKey } from './cite-keys';
import type { ItemType, PaperRecord } from '../core/types';
import { isCorporate, OTHERS, splitName } from './names';
import { bibtexBalanced, escapeTex, safeKey, texIdentifier, texKeyword, texUrl } from './tex';

export { escapeTex } from './tex';

/** The date to cite: the stored one, else the month the arXiv id says. */
export function citedDate(p: Pick<PaperRecord, 'published' | 'ids'>): string | undefined {
  return p.published ?? arxivDate(p.ids.arxiv);
}

export function year(p: Pick<PaperRecord, 'published' | 'ids'>): string | undefined {
  return citedDate(p)?.slice(0, 4);
}

/**
 * Citation keys for papers, in order, unique within the list: each paper's stored key; a paper
 * without one (not from the library) gets its readable base with the first free suffix.
 */
export function citationKeys(papers: PaperRecord[]): string[] {
  const taken = new Set<string>();
  const stored = papers.map((p) => (p.citeKey ? safeKey(p.citeKey) : undefined));
  const firstHolder = new Map<string, number>();
  stored.forEach((k, i) => {
    if (k && !firstHolder.has(k.toLowerCase())) {
      firstHolder.set(k.toLowerCase(), i);
      taken.add(k.toLowerCase());
    }
  });
  return papers.map((p, i) => {
    const k = stored[i];
    if (k && firstHolder.get(k.toLowerCase()) === i) return k;
    const key = freeKey(k ?? baseCiteKey(p), taken);
    taken.add(key.toLowerCase());
    return key;
  });
}

function field(name: string, value: string | undefined): string | undefined {
  if (!value) return undefined;
  // Escaping balances by construction; an unbalanced value would let the rest of the file
  // be read as this field, so refuse to write it rather than write it wrong.
  if (!bibtexBalanced(value)) throw new Error(`BibTeX export: unbalanced braces in ${name}`);
  return `  ${name} = {${value}}`;
}

/** Plain text: no math, for fields where `$` means a dollar. */
const text = (s: string | undefined) => (s ? escapeTex(s, { math: false }) : undefined);

/**
 * A name part, braced when BibTeX would otherwise misread it: a comma or "and" would split it into
 * more names or parts. Escapes are already groups of their own (`{\"u}`, `{\textbackslash}`), which
 * BibTeX abbreviates as one letter: "Zo{\"e}" → "Z.", where a braced "{Zo{\"e}}" would stay whole.
 */
function namePart(s: string): string {
  const t = escapeTex(s, { math: false });
  // Other escapes (a backslash or brace written as text) are braced whole: BibTeX's name
  // tokenizer would otherwise split them at hyphens and lose characters.
  return /,|\band\b|\\text|\\[$&%#_]/i.test(t) ? `{${t}}` : t;
}

/** One author as BibTeX reads names: `Family, Given`, `Family, Jr, Given`, `{Whole Name}`, `others`. */
function bibName(a: string): string {
  if (a === OTHERS) return OTHERS;
  if (isCorporate(a)) return `{${escapeTex(a, { math: false })}}`;
  const { given, family, suffix } = splitName(a);
  if (!given) return `{${escapeTex(family, { math: false })}}`;
  return suffix ? `${namePart(family)}, ${namePart(suffix)}, ${namePart(given)}` : `${namePart(family)}, ${namePart(given)}`;
}

/** Pages as BibTeX ranges: `12--34`. */
const pagesOf = (p: string | undefined) => (p ? escapeTex(p.replace(/\s*(?:-+|–|—)\s*/g, '--'), { math: false }) : undefined);

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export type BibFlavor = 'bibtex' | 'biblatex';

/** Entry types per flavor, and the field that names the container. */
const BIBTEX_TYPES: Record<ItemType, { type: string; container?: string; publisher: string }> = {
  article: { type: 'article', container: 'journal', publisher: 'publisher' },
  inproceedings: { type: 'inproceedings', container: 'booktitle', publisher: 'publisher' },
  book: { type: 'book', publisher: 'publisher' },
  thesis: { type: 'phdthesis', publisher: 'school' },
  report: { type: 'techreport', publisher: 'institution' },
  preprint: { type: 'misc', publisher: 'publisher' },
  misc: { type: 'misc', publisher: 'publisher' },
};
const BIBLATEX_TYPES: Record<ItemType, { type: string; container?: string; publisher: string }> = {
  article: { type: 'article', container: 'journaltitle', publisher: 'publisher' },
  inproceedings: { type: 'inproceedings', container: 'booktitle', publisher: 'publisher' },
  book: { type: 'book', publisher: 'publisher' },
  thesis: { type: 'thesis', publisher: 'institution' },
  report: { type: 'report', publisher: 'institution' },
  preprint: { type: 'online', publisher: 'publisher' },
  misc: { type: 'misc', publisher: 'publisher' },
};

/**
 * The type to write. A journal or proceedings entry without its container would make styles warn
 * "empty journal"; without one it is written as what is known (a preprint, or misc).
 */
function entryType(p: PaperRecord): ItemType {
  const t = impliedType(p) ?? 'misc';
  if ((t === 'article' || t === 'inproceedings') && !p.container) return p.ids.arxiv ? 'preprint' : 'misc';
  return t;
}

/** One entry. */
export function bibEntry(p: PaperRecord, key: string, flavor: BibFlavor = 'bibtex'): string {
  const arxiv = texIdentifier(p.ids.arxiv);
  const doi = texIdentifier(p.ids.doi);
  const item = entryType(p);
  const spec = (flavor === 'biblatex' ? BIBLATEX_TYPES : BIBTEX_TYPES)[item];
  const authors = p.authors.map(bibName);
  const url = texUrl(p.links.abs ?? p.links.hf ?? (p.ids.url ? `https://${p.ids.url}` : undefined));
  const tags = p.tags.map(texKeyword).filter(Boolean);
  const date = citedDate(p);
  const month = date?.length && date.length >= 7 ? MONTHS[Number(date.slice(5, 7)) - 1] : undefined;
  const fields = [
    field('title', escapeTex(p.title, { protectCaps: true })),
    field('author', authors.join(' and ')),
    spec.container ? field(spec.container, p.container && escapeTex(p.container, { protectCaps: true })) : undefined,
    // BibLaTeX's `date` holds year and month; `year` beside it is redundant and styles warn.
    flavor === 'biblatex' ? field('date', text(date)) : field('year', text(year(p))),
    // A month macro (`jul`), bare: styles print it in their language.
    flavor === 'bibtex' && month ? `  month = ${month}` : undefined,
    field('volume', text(p.volume)),
    field('number', text(p.issue)),
    field('pages', pagesOf(p.pages)),
    field(spec.publisher, text(p.publisher)),
    item === 'thesis' && flavor === 'biblatex' ? field('type', 'phdthesis') : undefined,
    field('doi', doi),
    ...(arxiv
      ? flavor === 'biblatex'
        ? [field('eprint', arxiv), field('eprinttype', 'arxiv'), field('eprintclass', text(p.category))]
        : [field('eprint', arxiv), field('archivePrefix', 'arXiv'), field('primaryClass', text(p.category))]
      : []),
    // Preprints in plain BibTeX styles show where to find them only through `howpublished`.
    flavor === 'bibtex' && item === 'preprint' && arxiv ? field('howpublished', `arXiv:${arxiv}`) : undefined,
    field('url', url),
    field('abstract', p.abstract && escapeTex(p.abstract)),
    field('keywords', tags.length ? tags.join(', ') : undefined),
    field(flavor === 'biblatex' ? 'annotation' : 'annote', p.note && escapeTex(p.note)),
  ].filter(Boolean);
  return `@${spec.type}{${safeKey(key)},\n${fields.join(',\n')}\n}`;
}

export function toBibtex(papers: PaperRecord[], flavor: BibFlavor = 'bibtex'): string {
  const keys = citationKeys(papers);
  return `${papers.map((p, i) => bibEntry(p, keys[i], flavor)).join('\n\n')}\n`;
}
