/** When two records are one paper although they share no identifier (preprint and published). */
import { aliasesOf, normalizeTitle } from './ids';
import type { PaperMeta } from './types';

export function aliasesOfPaper(paper: PaperMeta): string[] {
  return [...new Set([paper.id, ...aliasesOf(paper.ids)])];
}

const lastName = (name: string) => normalizeTitle(name).split(' ').pop() ?? '';

/**
 * Same normalized title and overlapping authors (by last name). When one side lists no authors
 * (a listing that does not show them), a long title alone is enough.
 */
export function samePaperByTitle(a: { title: string; authors: string[] }, b: { title: string; authors: string[] }): boolean {
  const key = normalizeTitle(a.title);
  if (!key || key !== normalizeTitle(b.title)) return false;
  if (!a.authors.length || !b.authors.length) return key.length >= 30;
  const names = new Set(a.authors.map(lastName));
  return b.authors.some((n) => names.has(lastName(n)));
}
