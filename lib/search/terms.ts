/**
 * Term statistics and compact term vectors: the representation "related" compares.
 *
 * A paper becomes at most MAX_TERMS (term, weighted count) pairs from its title, abstract, the
 * user's note and tags. Weights are tf-idf with idf blended from a prior (10k arXiv ML abstracts,
 * lib/search/idf-prior.json) and the library itself, so "distinctive" means something even for a
 * library of three papers.
 */
import prior from './idf-prior.json';
import { tokenize } from './tokenize';

export const MAX_TERMS = 48;

/** Field weights: what the user wrote counts double, tags most of all. */
const FIELD_WEIGHT = { title: 2, abstract: 1, note: 2, tags: 3 } as const;

export interface TermSource {
  title: string;
  abstract?: string;
  note?: string;
  tags?: string[];
}

/**
 * Stored per paper: its most distinctive terms with their weighted counts. A negative count marks
 * a term the user wrote (note or tags): its size is the count, its sign lets related compare what
 * the user wrote on its own (lib/search/user-words.ts) without a second stored vector.
 */
export type TermVector = Array<[term: string, count: number]>;

/** How often a term counts, whoever wrote it. */
export const termCount = (count: number) => Math.abs(count);

/** Terms the user wrote that a vector keeps even when the abstract's terms outweigh them. */
export const MAX_USER_TERMS = 16;

const priorDf = prior.df as Record<string, number>;

export class TermStats {
  private docs = 0;
  private readonly df = new Map<string, number>();
  /**
   * idf per term under the current counts, cleared on every change: a query asks for ~150 terms
   * and the prior is a large object, so lookups were a third of the time of a related query.
   */
  private readonly cache = new Map<string, number>();

  add(vector: TermVector) {
    this.cache.clear();
    this.docs++;
    for (const [t] of vector) this.df.set(t, (this.df.get(t) ?? 0) + 1);
  }

  /** Adds `docs` papers at once, given how many of them hold each term (`df[i]` for `terms[i]`). */
  addCounts(terms: string[], df: ArrayLike<number | undefined>, docs: number) {
    this.cache.clear();
    this.docs += docs;
    for (let i = 0; i < terms.length; i++) {
      const n = df[i];
      if (n) this.df.set(terms[i], (this.df.get(terms[i]) ?? 0) + n);
    }
  }

  remove(vector: TermVector) {
    this.cache.clear();
    this.docs--;
    for (const [t] of vector) {
      const n = (this.df.get(t) ?? 1) - 1;
      if (n > 0) this.df.set(t, n);
      else this.df.delete(t);
    }
  }

  get size() {
    return this.docs;
  }

  idf(term: string): number {
    let v = this.cache.get(term);
    if (v === undefined) this.cache.set(term, (v = this.idfNow(term)));
    return v;
  }

  /** idf without the cache, for a pass over every term (filling the cache would only cost memory). */
  idfNow(term: string): number {
    const n = prior.documents + this.docs;
    const df = (priorDf[term] ?? 0) + (this.df.get(term) ?? 0);
    return Math.log((n + 1) / (df + 1)) + 1;
  }
}

/** Weighted counts of a paper's terms, and which of them the user added (in the note or tags, not in the paper's text). */
export function countTerms(src: TermSource): { counts: Map<string, number>; user: Set<string> } {
  const counts = new Map<string, number>();
  const user = new Set<string>();
  const addAll = (text: string | undefined, w: number, mine = false) => {
    for (const t of tokenize(text)) {
      counts.set(t, (counts.get(t) ?? 0) + w);
      if (mine) user.add(t);
    }
  };
  addAll(src.title, FIELD_WEIGHT.title);
  addAll(src.abstract, FIELD_WEIGHT.abstract);
  // Words the paper's own text has are not the user's addition: a note that restates the title
  // ("good survey of sparse attention") says nothing the paper's vector doesn't.
  const own = new Set(counts.keys());
  addAll(src.note, FIELD_WEIGHT.note, true);
  addAll(src.tags?.join(' '), FIELD_WEIGHT.tags, true);
  for (const t of own) user.delete(t);
  return { counts, user };
}

const termWeight = (count: number, idf: number) => (1 + Math.log(Math.abs(count))) * idf;

/**
 * The `limit` most distinctive terms of a paper, by tf-idf, the user's own words marked. The
 * user's most distinctive words are kept even when a long abstract outweighs them: a note
 * ("baseline for our speculative decoding work") on a paper about something else is exactly
 * what the abstract's terms would crowd out (issue 17; bench/note-related.ts).
 */
export function termVector(src: TermSource, stats: TermStats, limit = MAX_TERMS): TermVector {
  const { counts, user } = countTerms(src);
  const scored = [...counts].map(([t, c]) => [t, c, termWeight(c, stats.idf(t))] as const);
  scored.sort((a, b) => b[2] - a[2]);
  const mine = new Set(scored.filter(([t]) => user.has(t)).slice(0, Math.min(MAX_USER_TERMS, limit)));
  const kept = [...mine, ...scored.filter((s) => !mine.has(s)).slice(0, limit - mine.size)].sort((a, b) => b[2] - a[2]);
  return kept.map(([t, c]) => [t, user.has(t) ? -c : c]);
}

/** Unit-length tf-idf weights of a vector under today's statistics. */
export function weigh(vector: TermVector, stats: TermStats): Map<string, number> {
  const w = new Map<string, number>();
  let norm = 0;
  for (const [t, c] of vector) {
    const x = termWeight(c, stats.idf(t));
    w.set(t, x);
    norm += x * x;
  }
  norm = Math.sqrt(norm) || 1;
  for (const [t, x] of w) w.set(t, x / norm);
  return w;
}
