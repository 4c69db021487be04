/**
 * Searching the library as the user types: MiniSearch over title, authors, note, tags and the
 * abstract's distinctive terms, with field boosts, prefix matching on the word being typed and
 * typo tolerance on finished words; filters and sorting on top.
 *
 * Abstracts are indexed through their term vector (the 48 most distinctive terms, the same one
 * "related" uses), not word for word: at 10k papers that halves the index (build 4.5 → 2.2 s)
 * and the keystroke time (bench/README.md). A word common in an abstract but not among its
 * distinctive ones is still found in titles, notes and tags.
 */
import MiniSearch from 'minisearch';
import { normalizeTitle } from '../ids';
import type { PaperRecord } from '../types';
import { parseQuery, type ParsedQuery } from './query';
import { scanPapers } from './scan';
import { processTerm } from './tokenize';

export type SortOrder = 'relevance' | 'recent' | 'title' | 'year';

export interface SearchHit {
  id: string;
  score: number;
  /** Document terms that matched, for highlighting. */
  terms: string[];
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  /**
   * The index was still being built: these come from a plain scan of every paper, and asking
   * again shortly gives the ranked, typo-tolerant answer.
   */
  provisional?: boolean;
}

interface Doc {
  id: string;
  title: string;
  authors: string;
  keywords: string;
  note: string;
  tags: string;
}

/** The terms a paper's abstract is searched by: those of its term vector. */
export type Keywords = (p: PaperRecord) => string[];

const toDoc = (p: PaperRecord, keywords: string[]): Doc => ({
  id: p.id,
  title: p.title,
  authors: p.authors.join(' '),
  keywords: keywords.join(' '),
  note: p.note,
  tags: p.tags.join(' '),
});

export const BOOST = { title: 3, tags: 2.5, note: 2, authors: 2, keywords: 1 };

/**
 * What the index keeps of a paper for filters and sorting; the rest stays in IndexedDB (hits are
 * read from there). Whole records with abstracts and links took ~13 MB more at 10k papers.
 */
interface Entry {
  id: string;
  title: string;
  authors: string[];
  published?: string;
  note: string;
  tags: string[];
  savedAt: number;
  hasAbstract: boolean;
}

const entryOf = (p: PaperRecord): Entry => ({
  id: p.id,
  title: p.title,
  authors: p.authors,
  published: p.published,
  note: p.note,
  tags: p.tags,
  savedAt: p.savedAt,
  hasAbstract: !!p.abstract,
});

function newIndex() {
  return new MiniSearch<Doc>({
    fields: ['title', 'authors', 'keywords', 'note', 'tags'],
    processTerm,
    searchOptions: {
      boost: BOOST,
      combineWith: 'AND',
      // The last word is still being typed: a prefix, once it has 3 letters (shorter prefixes
      // expand to thousands of terms for little meaning). Finished long words forgive one typo.
      prefix: (term, i, terms) => i === terms.length - 1 && term.length >= 3,
      fuzzy: (term, i, terms) => (i < terms.length - 1 && term.length >= 6 ? 1 : false),
    },
  });
}

export class LibrarySearch {
  private index = newIndex();
  private readonly papers = new Map<string, Entry>();
  /** Abstracts for the scan, kept only while the index is being built. */
  private abstracts?: Map<string, string>;
  /** Set while the index is built in the background; writes meanwhile wait in `pending`. */
  private building?: Promise<void>;
  private pending: Array<() => void> = [];

  get size() {
    return this.papers.size;
  }

  get indexed() {
    return !this.building;
  }

  /** Settles when the index is built (at once if it is). */
  whenIndexed(): Promise<void> {
    return this.building ?? Promise.resolve();
  }

  load(papers: PaperRecord[], keywords: Keywords) {
    for (const p of papers) this.papers.set(p.id, entryOf(p));
    this.index.addAll(papers.map((p) => toDoc(p, keywords(p))));
  }

  /**
   * Builds the index in chunks, yielding between them, and answers searches by a scan until it
   * is done; the keywords may still be loading (the scan does not need them). At 10k papers the build takes ~1.7 s; done in one go it kept a cold worker from
   * answering anything else, and the popup's first search waited for all of it.
   */
  build(papers: PaperRecord[], keywords: Keywords | Promise<Keywords>, chunkSize = 250): Promise<void> {
    for (const p of papers) this.papers.set(p.id, entryOf(p));
    this.abstracts = new Map(papers.map((p) => [p.id, p.abstract ?? '']));
    this.building = Promise.resolve(keywords)
      .then((k) => this.index.addAllAsync(papers.map((p) => toDoc(p, k(p))), { chunkSize }))
      .then(() => {
        this.building = undefined;
        this.abstracts = undefined;
        const pending = this.pending;
        this.pending = [];
        pending.forEach((apply) => apply());
      });
    return this.building;
  }

  /** Runs an index change now, or after the build if one is running (it may not hold the paper yet). */
  private change(apply: () => void) {
    if (this.building) this.pending.push(apply);
    else apply();
  }

  set(p: PaperRecord, keywords: string[]) {
    this.papers.set(p.id, entryOf(p));
    this.abstracts?.set(p.id, p.abstract ?? '');
    this.change(() => {
      if (this.index.has(p.id)) this.index.discard(p.id);
      this.index.add(toDoc(p, keywords));
    });
  }

  remove(id: string) {
    if (!this.papers.delete(id)) return;
    this.abstracts?.delete(id);
    this.change(() => this.index.has(id) && this.index.discard(id));
  }

  private matches(p: Entry, q: ParsedQuery): boolean {
    if (q.tags.length && !q.tags.every((t) => p.tags.some((pt) => pt.toLowerCase() === t))) return false;
    if (q.authors.length && !q.authors.every((a) => p.authors.some((name) => name.toLowerCase().includes(a)))) return false;
    if (q.years) {
      const y = Number(p.published?.slice(0, 4));
      if (!y || y < q.years[0] || y > q.years[1]) return false;
    }
    if (q.has.includes('note') && !p.note.trim()) return false;
    if (q.has.includes('tags') && !p.tags.length) return false;
    if (q.has.includes('abstract') && !p.hasAbstract) return false;
    return true;
  }

  search(input: string, { sort, limit = 50 }: { sort?: SortOrder; limit?: number } = {}): SearchResult {
    const q = parseQuery(input);
    let hits: SearchHit[];
    const provisional = !!this.building && !!q.text;
    if (provisional) {
      hits = scanPapers(this.papers.values(), (id) => this.abstracts?.get(id) ?? '', q.text, BOOST).filter((h) => this.matches(this.papers.get(h.id)!, q));
    } else if (q.text) {
      hits = this.index
        .search(q.text)
        .filter((r) => this.matches(this.papers.get(r.id as string)!, q))
        .map((r) => ({ id: r.id as string, score: r.score, terms: r.terms }));
    } else {
      hits = [...this.papers.values()].filter((p) => this.matches(p, q)).map((p) => ({ id: p.id, score: 0, terms: [] }));
    }
    const order = sort ?? (q.text ? 'relevance' : 'recent');
    const get = (id: string) => this.papers.get(id)!;
    if (order === 'recent') hits.sort((a, b) => get(b.id).savedAt - get(a.id).savedAt);
    else if (order === 'title') hits.sort((a, b) => normalizeTitle(get(a.id).title).localeCompare(normalizeTitle(get(b.id).title)));
    else if (order === 'year') hits.sort((a, b) => (get(b.id).published ?? '').localeCompare(get(a.id).published ?? ''));
    return { total: hits.length, hits: hits.slice(0, limit), ...(provisional && { provisional }) };
  }
}

/** Splits text into plain and highlighted runs where words start with a matched term. */
export function highlight(text: string, terms: string[]): Array<{ text: string; hit: boolean }> {
  const words = [...new Set(terms.filter((t) => t.length > 1))].sort((a, b) => b.length - a.length);
  if (!words.length || !text) return [{ text, hit: false }];
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(${escaped.join('|')})[\\p{L}\\p{N}]*`, 'giu');
  const out: Array<{ text: string; hit: boolean }> = [];
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index! > last) out.push({ text: text.slice(last, m.index), hit: false });
    out.push({ text: m[0], hit: true });
    last = m.index! + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), hit: false });
  return out;
}
