/**
 * Library search as the user types, against a linear substring scan over the same records
 * (PaperMemory's method, which reads every abstract word for word; Gloss searches abstracts by
 * their distinctive terms), both in this process on the same machine.
 */
import { LibrarySearch } from '../lib/search/library-search';
import { RelatedIndex } from '../lib/search/related';
import type { PaperRecord } from '../lib/core/types';
import { rng } from './lib/corpus';
import { median, time } from './lib/metrics';

/** Every prefix a person types: real title words and note words, letter by letter. */
export function keystrokes(records: PaperRecord[], count = 40, seed = 3): string[] {
  const r = rng(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const p = records[Math.floor(r() * records.length)];
    const source = i % 3 === 0 && p.note ? p.note : p.title;
    const words = source.split(/\s+/).filter((w) => /^[A-Za-z]{4,}$/.test(w));
    const phrase = words.slice(0, 2).join(' ').toLowerCase();
    for (let n = 2; n <= phrase.length; n++) out.push(phrase.slice(0, n));
  }
  return out;
}

/** PaperMemory's way: every keystroke lower-cases and scans every record's text. */
export function linearScan(records: PaperRecord[], query: string): string[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return records
    .filter((p) => {
      const text = `${p.title} ${p.authors.join(' ')} ${p.abstract ?? ''} ${p.note} ${p.tags.join(' ')}`.toLowerCase();
      return words.every((w) => text.includes(w));
    })
    .map((p) => p.id);
}

export interface SearchFigures {
  size: number;
  keystrokes: number;
  buildMs: number;
  glossMs: number;
  glossP95: number;
  scanMs: number;
}

export function measureSearch(records: PaperRecord[]): SearchFigures {
  // The vectors are stored with each paper in the extension; computed here as saving does.
  const related = new RelatedIndex();
  const vectors = new Map(records.map((p) => [p.id, related.vectorFor(p).map(([t]) => t)]));
  const index = new LibrarySearch();
  const [, buildMs] = time(() => index.load(records, (p) => vectors.get(p.id)!));
  const keys = keystrokes(records);
  const ours: number[] = [];
  const theirs: number[] = [];
  // Each method types every prefix in its own pass (three passes each, alternating): interleaved,
  // the scan's garbage was collected during Gloss's keystrokes and doubled their median.
  for (let pass = 0; pass < 3; pass++) {
    for (const k of keys) ours.push(time(() => index.search(k, { limit: 50 }))[1]);
    for (const k of keys) theirs.push(time(() => linearScan(records, k))[1]);
  }
  const sorted = [...ours].sort((a, b) => a - b);
  return {
    size: records.length,
    keystrokes: keys.length,
    buildMs,
    glossMs: median(ours),
    glossP95: sorted[Math.floor(sorted.length * 0.95)],
    scanMs: median(theirs),
  };
}
