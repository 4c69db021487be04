/**
 * BibTeX and BibLaTeX export. Keys are stable and readable (`vaswani2017attention`): first
 * author's family name, year, first significant title word; a clash within one export gets
 * `a`, `b`, … appended in library order. Text is escaped for (La)TeX; math in titles (`$…$`)
 * is kept as math when it is harmless (see tex.ts), capitals in titles are protected with braces.
 * Every value comes from a web page or a file, so every value goes through tex.ts.
 */
import type { PaperRecord } from '../types';
import { asciiWord, splitName } from './names';
import { bibtexBalanced, escapeTex, safeKey, texIdentifier, texKeyword, texUrl } from './tex';

export { escapeTex } from './tex';

const KEY_STOPWORDS = new Set(['a', 'an', 'the', 'on', 'of', 'for', 'and', 'in', 'to', 'with', 'towards', 'toward', 'is', 'are', 'via', 'from', 'by', 'at', 'we', 'how', 'what', 'why', 'when', 'do', 'does', 'can']);

export function year(p: Pick<PaperRecord, 'published'>): string | undefined {
  return p.published?.slice(0, 4);
}

function baseKey(p: PaperRecord): string {
  const family = p.authors[0] ? asciiWord(splitName(p.authors[0]).family.split(' ').pop() ?? '') : '';
  const word = p.title
    .split(/[\s\-:–—,.;!?()[\]{}$^_\\/]+/)
    .map(asciiWord)
    .find((w) => w.length > 1 && !KEY_STOPWORDS.has(w));
  return `${family || 'anon'}${year(p) ?? ''}${word ?? 'paper'}`;
}

/** Citation keys for papers, in order, unique within the list. */
export function citationKeys(papers: PaperRecord[]): string[] {
  const counts = new Map<string, number>();
  for (const p of papers) counts.set(baseKey(p), (counts.get(baseKey(p)) ?? 0) + 1);
  const used = new Map<string, number>();
  return papers.map((p) => {
    const k = baseKey(p);
    if (counts.get(k) === 1) return safeKey(k);
    const n = used.get(k) ?? 0;
    used.set(k, n + 1);
    return safeKey(`${k}${String.fromCharCode(97 + (n % 26))}${n >= 26 ? Math.floor(n / 26) : ''}`);
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
 * more names or parts, and an escape is kept whole when styles abbreviate or truncate names.
 */
function namePart(s: string): string {
  const t = escapeTex(s, { math: false });
  return /[\\,]|\band\b/i.test(t) ? `{${t}}` : t;
}

export type BibFlavor = 'bibtex' | 'biblatex';

/** One entry. */
export function bibEntry(p: PaperRecord, key: string, flavor: BibFlavor = 'bibtex'): string {
  const arxiv = texIdentifier(p.ids.arxiv);
  const doi = texIdentifier(p.ids.doi);
  const published = !!p.ids.doi && !p.ids.doi.startsWith('10.48550/');
  const type = flavor === 'biblatex' ? (arxiv && !published ? 'online' : 'article') : arxiv && !published ? 'misc' : 'article';
  const authors = p.authors.map((a) => {
    const { given, family } = splitName(a);
    return given ? `${namePart(family)}, ${namePart(given)}` : `{${escapeTex(family, { math: false })}}`;
  });
  const url = texUrl(p.links.abs ?? p.links.hf ?? (p.ids.url ? `https://${p.ids.url}` : undefined));
  const tags = p.tags.map(texKeyword).filter(Boolean);
  const fields = [
    field('title', escapeTex(p.title, { protectCaps: true })),
    field('author', authors.join(' and ')),
    field('year', text(year(p))),
    flavor === 'biblatex' ? field('date', text(p.published)) : undefined,
    field('doi', doi),
    ...(arxiv
      ? flavor === 'biblatex'
        ? [field('eprint', arxiv), field('eprinttype', 'arxiv'), field('eprintclass', text(p.category))]
        : [field('eprint', arxiv), field('archivePrefix', 'arXiv'), field('primaryClass', text(p.category))]
      : []),
    field('url', url),
    field('abstract', p.abstract && escapeTex(p.abstract)),
    field('keywords', tags.length ? tags.join(', ') : undefined),
    field(flavor === 'biblatex' ? 'annotation' : 'annote', p.note && escapeTex(p.note)),
  ].filter(Boolean);
  return `@${type}{${safeKey(key)},\n${fields.join(',\n')}\n}`;
}

export function toBibtex(papers: PaperRecord[], flavor: BibFlavor = 'bibtex'): string {
  const keys = citationKeys(papers);
  return `${papers.map((p, i) => bibEntry(p, keys[i], flavor)).join('\n\n')}\n`;
}
