/**
 * BibTeX and BibLaTeX export. Keys are stable and readable (`vaswani2017attention`): first
 * author's family name, year, first significant title word; a clash within one export gets
 * `a`, `b`, … appended in library order. Text is escaped for (La)TeX; math in titles (`$…$`)
 * is kept as math, capitals in titles are protected with braces.
 */
import type { PaperRecord } from '../types';
import { asciiWord, splitName } from './names';

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
    if (counts.get(k) === 1) return k;
    const n = used.get(k) ?? 0;
    used.set(k, n + 1);
    return `${k}${String.fromCharCode(97 + (n % 26))}${n >= 26 ? Math.floor(n / 26) : ''}`;
  });
}

const TEX_SPECIAL: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '{': '\\{',
  '}': '\\}',
  $: '\\$',
  '&': '\\&',
  '%': '\\%',
  '#': '\\#',
  _: '\\_',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  // In TeX's default font encoding `<` and `>` print as ¡ and ¿.
  '<': '\\textless{}',
  '>': '\\textgreater{}',
};

/** Escapes text for a BibTeX field; balanced `$…$` spans are kept as math. */
export function escapeTex(text: string, { protectCaps = false } = {}): string {
  const parts = text.split(/(\$[^$]+\$)/g);
  return parts
    .map((part, i) => {
      if (i % 2 === 1) return part;
      const escaped = part.replace(/[\\{}$&%#_~^<>]/g, (c) => TEX_SPECIAL[c]);
      if (!protectCaps) return escaped;
      // Words with a capital after the first letter (LLM, MoE, BERT) keep their case.
      return escaped.replace(/(^|[\s(\-–—/:])([A-Za-z]*[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9]*)/g, (m, pre, word) =>
        /[A-Z]/.test(word.slice(1)) ? `${pre}{${word}}` : m,
      );
    })
    .join('');
}

function field(name: string, value: string | undefined): string | undefined {
  return value ? `  ${name} = {${value}}` : undefined;
}

export type BibFlavor = 'bibtex' | 'biblatex';

/** One entry. */
export function bibEntry(p: PaperRecord, key: string, flavor: BibFlavor = 'bibtex'): string {
  const arxiv = p.ids.arxiv;
  const published = !!p.ids.doi && !p.ids.doi.startsWith('10.48550/');
  const type = flavor === 'biblatex' ? (arxiv && !published ? 'online' : 'article') : arxiv && !published ? 'misc' : 'article';
  const authors = p.authors.map((a) => {
    const { given, family } = splitName(a);
    return given ? `${escapeTex(family)}, ${escapeTex(given)}` : `{${escapeTex(family)}}`;
  });
  const url = p.links.abs ?? p.links.hf ?? (p.ids.url ? `https://${p.ids.url}` : undefined);
  const fields = [
    field('title', escapeTex(p.title, { protectCaps: true })),
    field('author', authors.join(' and ')),
    field('year', year(p)),
    flavor === 'biblatex' ? field('date', p.published) : undefined,
    field('doi', p.ids.doi),
    ...(arxiv
      ? flavor === 'biblatex'
        ? [field('eprint', arxiv), field('eprinttype', 'arxiv'), field('eprintclass', p.category)]
        : [field('eprint', arxiv), field('archivePrefix', 'arXiv'), field('primaryClass', p.category)]
      : []),
    field('url', url),
    field('abstract', p.abstract && escapeTex(p.abstract)),
    // Readers take keywords verbatim (not as TeX); only braces would break the entry.
    field('keywords', p.tags.length ? p.tags.map((t) => t.replace(/[{}]/g, '')).join(', ') : undefined),
    field(flavor === 'biblatex' ? 'annotation' : 'annote', p.note && escapeTex(p.note)),
  ].filter(Boolean);
  return `@${type}{${key},\n${fields.join(',\n')}\n}`;
}

export function toBibtex(papers: PaperRecord[], flavor: BibFlavor = 'bibtex'): string {
  const keys = citationKeys(papers);
  return `${papers.map((p, i) => bibEntry(p, keys[i], flavor)).join('\n\n')}\n`;
}
