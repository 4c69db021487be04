/**
 * Citation keys: chosen once per paper, stored on its record, unique in the library. A `\cite`
 * key in someone's manuscript must never change with what else is exported, so keys are decided
 * when a record is made (or, for records older than keys, once, in the order they were saved)
 * and never recomputed. Pure: the library passes in the keys already taken.
 */
import { arxivDate } from '../core/citation';
import { asciiWord, splitName } from './names';
import type { PaperRecord } from '../core/types';

/** What a stored or typed key may hold: BibTeX, biber and pandoc all read these as one key. */
export const CITE_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9:_\-./+]{0,99}$/;
export const MAX_CITE_KEY = 100;

const KEY_STOPWORDS = new Set([
  'a',
  'an',
  'the',
  'on',
  'of',
  'for',
  'and',
  'in',
  'to',
  'with',
  'towards',
  'toward',
  'is',
  'are',
  'via',
  'from',
  'by',
  'at',
  'we',
  'how',
  'what',
  'why',
  'when',
  'do',
  'does',
  'can',
]);

/** Corporate and collaboration authors: their first significant word, not their last. */
const CORPORATE = /\b(collaboration|consortium|team|group|project|association|committee|organization|organisation|society|institute|council)\b/i;

function familyWord(author: string | undefined): string {
  if (!author) return '';
  const name = author.trim();
  if (CORPORATE.test(name) || name.startsWith('{')) {
    return (
      name
        .split(/\s+/)
        .map(asciiWord)
        .find((w) => w.length > 1 && !KEY_STOPWORDS.has(w)) ?? ''
    );
  }
  const family = splitName(name).family;
  return asciiWord(
    family
      .split(' ')
      .filter((w) => !/^[a-z]/.test(w))
      .pop() ??
      family.split(' ').pop() ??
      '',
  );
}

/** `vaswani2017attention`: first author's family name, year, first significant title word. */
export function baseCiteKey(p: Pick<PaperRecord, 'authors' | 'title' | 'published' | 'ids'>): string {
  const family = familyWord(p.authors.find((a) => a !== 'others'));
  const year = (p.published ?? arxivDate(p.ids.arxiv))?.slice(0, 4) ?? '';
  const word = p.title
    .replace(/\$[^$]*\$/g, ' ')
    .split(/[\s\-:–—,.;!?()[\]{}$^_\\/]+/)
    .map(asciiWord)
    .find((w) => w.length > 1 && !KEY_STOPWORDS.has(w));
  return `${family.slice(0, 30) || 'anon'}${year}${(word ?? 'paper').slice(0, 30)}`;
}

/** `a` … `z`, `aa`, `ab`, …: the n-th suffix (n from 0). */
function suffix(n: number): string {
  let s = '';
  for (let i = n; i >= 0; i = Math.floor(i / 26) - 1) s = String.fromCharCode(97 + (i % 26)) + s;
  return s;
}

/**
 * Where the suffix search for a base last ended, per set of taken keys: without it, a library
 * with thousands of papers on one base ("anon2024paper") took quadratic time to key (10,000
 * took 41 s). Keys are only added to a set between resets, so the hint is never past a free key
 * the search would otherwise find first; a rename that frees one says so (keyFreed).
 */
const searched = new WeakMap<ReadonlySet<string>, Map<string, number>>();

/** A key left `taken` (a rename): searches start from the beginning again, so it can be reused. */
export function keyFreed(taken: ReadonlySet<string>) {
  searched.delete(taken);
}

/** `base` if no paper has it, else the first of `basea`, `baseb`, … that is free. */
export function freeKey(base: string, taken: ReadonlySet<string>): string {
  const b = sanitizeKey(base);
  if (!taken.has(b.toLowerCase())) return b;
  let hints = searched.get(taken);
  if (!hints) searched.set(taken, (hints = new Map()));
  for (let n = hints.get(b.toLowerCase()) ?? 0; ; n++) {
    const k = `${b}${suffix(n)}`;
    if (!taken.has(k.toLowerCase())) {
      hints.set(b.toLowerCase(), n + 1);
      return k;
    }
  }
}

/** A key made of the allowed characters, or 'paper'. */
export function sanitizeKey(key: string): string {
  const k = key
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9:_\-./+]/g, '')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, MAX_CITE_KEY - 4);
  return k || 'paper';
}

/**
 * The key for a new record: the one it came with (an imported BibTeX entry's own key) when it is
 * valid and free, else its readable base with the first free suffix. Adds it to `taken`.
 * Keys compare case-insensitively: BibTeX warns about, and biber merges, keys differing in case.
 */
export function assignCiteKey(p: Pick<PaperRecord, 'authors' | 'title' | 'published' | 'ids'>, taken: Set<string>, preferred?: string): string {
  const wanted = preferred && CITE_KEY_PATTERN.test(preferred) ? preferred : undefined;
  const key = wanted && !taken.has(wanted.toLowerCase()) ? wanted : freeKey(wanted ?? baseCiteKey(p), taken);
  taken.add(key.toLowerCase());
  return key;
}

/**
 * Keys for records that have none (saved before keys existed), decided once and in the order
 * they were saved (then by id), so the same library always gets the same keys. Records that
 * have a key keep it; their keys are taken first. Returns only the records given a key.
 */
export function backfillCiteKeys<T extends PaperRecord>(records: T[], taken: Set<string> = new Set()): T[] {
  for (const r of records) if (r.citeKey) taken.add(r.citeKey.toLowerCase());
  const missing = records.filter((r) => !r.citeKey).sort((a, b) => a.savedAt - b.savedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return missing.map((r) => ({ ...r, citeKey: assignCiteKey(r, taken) }));
}

/** Why a key typed by the user cannot be used, or undefined when it can. */
export function citeKeyProblem(key: string, takenByOther: boolean): string | undefined {
  if (!CITE_KEY_PATTERN.test(key)) {
    return 'A citation key starts with a letter or digit and holds only letters, digits and : _ - . / + (at most 100).';
  }
  if (takenByOther) return `Another paper in your library already has the key ${key}.`;
  return undefined;
}
