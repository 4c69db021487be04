/**
 * An identifier for works that have none Gloss knows (no DOI, arXiv id, OpenReview id or URL):
 * books, theses and reports in someone's BibTeX file. Derived from what the entry says, never
 * from its key or its place in the file, so importing the same entry again finds the same
 * record. An ISBN identifies an edition; without one, year, first author and title do.
 */
import { asciiWord } from '../export/names';

export const BIB_ID_PATTERN = /^(isbn\d{9}[\dx]|\d{0,4}-[a-z0-9]*-[a-z0-9-]+)$/;

/** `isbn9780201134476` from an ISBN-10 or -13 in any spelling, else undefined. */
export function isbnId(isbn: string | undefined): string | undefined {
  const digits = isbn
    ?.replace(/[\s-]/g, '')
    .toLowerCase()
    .match(/^(97[89]\d{10}|\d{9}[\dx])/)?.[1];
  return digits ? `isbn${digits}` : undefined;
}

/** `1984-knuth-the-texbook`: year, first author's family word, title words (ASCII, bounded). */
export function bibId(fields: { isbn?: string; year?: string; firstAuthorFamily?: string; title: string }): string | undefined {
  const isbn = isbnId(fields.isbn);
  if (isbn) return isbn;
  const words = fields.title
    .replace(/\$[^$]*\$/g, ' ')
    .split(/[^\p{L}\p{N}]+/u)
    .map(asciiWord)
    .filter(Boolean);
  if (!words.length) return undefined;
  const slug = words.join('-').slice(0, 150).replace(/-+$/, '');
  const year = fields.year?.match(/^\d{4}$/)?.[0] ?? '';
  const author = asciiWord(fields.firstAuthorFamily ?? '').slice(0, 30);
  return `${year}-${author}-${slug}`;
}
