/**
 * How a stored paper takes in another description of itself (a page, an imported file). Pure.
 *
 * A page can say anything, so from a page only empty fields are filled (service.ts `merge`). A
 * file the user chose to import may also improve what is there, and never degrade it: more
 * authors win over fewer (a page that listed one of six), a title that adds a subtitle to the
 * stored one wins, a venue wins over none. Nothing is ever replaced by less.
 */
import { CITATION_KEYS, type CitationFields } from '../core/citation';
import { normalizeTitle } from '../core/ids';
import type { PaperMeta, PaperRecord } from '../core/types';

/** The citation fields the stored paper lacks, taken from the other; what it has stays. */
export function fillCitation(stored: CitationFields, other: CitationFields): CitationFields {
  const out: CitationFields = {};
  for (const k of CITATION_KEYS) {
    const v = stored[k] || other[k];
    if (v) (out as Record<string, string>)[k] = v;
  }
  return out;
}

/** Whether `longer` is `title` with a subtitle after it ("X" → "X: a study of Y"). */
export function addsSubtitle(title: string, longer: string): boolean {
  const t = title.trim();
  if (!t || longer.length <= t.length || normalizeTitle(longer.slice(0, t.length)) !== normalizeTitle(t)) return false;
  return /^\s*(?::|\s[-–—]|\.)\s*\S/.test(longer.slice(t.length));
}

/** `rec` improved by an imported description of the same paper; never worse in any field. */
export function improveFromFile(rec: PaperRecord, paper: PaperMeta): PaperRecord {
  const out = { ...rec };
  if (addsSubtitle(rec.title, paper.title)) {
    out.title = paper.title;
    out.titleKey = normalizeTitle(paper.title);
  }
  const others = (a: string[]) => a.filter((n) => n !== 'others').length;
  if (others(paper.authors) > others(rec.authors)) out.authors = paper.authors;
  // A fuller date (2021-03 over 2021) of the same year is more precise, not different.
  if (paper.published && rec.published && paper.published.length > rec.published.length && paper.published.startsWith(rec.published))
    out.published = paper.published;
  return out;
}

/** Fields a person would notice changing, for an import's preview. */
const SHOWN: Array<keyof PaperRecord> = [
  'title',
  'authors',
  'abstract',
  'published',
  'note',
  'tags',
  'itemType',
  'container',
  'volume',
  'issue',
  'pages',
  'publisher',
  'category',
  'ids',
  'links',
];

/** Which of those fields differ between two versions of a record. */
export function changedFields(before: PaperRecord, after: PaperRecord): string[] {
  return SHOWN.filter((k) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null)).map(String);
}
