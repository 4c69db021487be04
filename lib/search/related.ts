/**
 * The related-papers engine. Each library paper is a compact tf-idf term vector (its most
 * distinctive terms, lib/search/terms.ts); a postings map from term to papers finds every paper
 * that shares a term with the query, and the score is their cosine similarity: comparable
 * across queries (0..1), so one threshold keeps weak matches out, and explainable: the shared
 * terms that contribute most are the reason.
 *
 * Why postings and not MiniSearch here (MiniSearch serves the library search): a 10k-paper
 * compact index loads from stored vectors in ~90 ms as flat postings, ~460 ms through
 * MiniSearch.loadJSON and ~1 s through addAll (bench/README.md), and a stopped service worker
 * must answer again within a second.
 */
import { TermStats, termVector, weigh, type TermSource, type TermVector } from './terms';

/** Query terms: the distinctive ones of the page entry's title and abstract. */
export const QUERY_TERMS = 32;
/** Below this cosine a paper is not shown as related. */
export const MIN_SCORE = 0.12;

export interface RelatedHit {
  id: string;
  score: number;
  /** Shared terms, strongest first. */
  terms: string[];
}

export interface RelatedTuning {
  /** Terms kept per library paper. */
  docTerms?: number;
  queryTerms?: number;
}

interface Doc {
  id: string;
  vector: TermVector;
  /** Length of the tf-idf vector under the statistics when it was added. */
  norm: number;
}

const tf = (count: number) => 1 + Math.log(count);

export class RelatedIndex {
  private readonly docs = new Map<string, Doc>();
  /** term → the documents that have it, with their tf part of the weight. */
  private readonly postings = new Map<string, Map<string, number>>();
  private stats = new TermStats();

  constructor(private readonly tuning: RelatedTuning = {}) {}

  get size() {
    return this.docs.size;
  }

  has(id: string) {
    return this.docs.has(id);
  }

  /** The vector a paper would get now; stored by the caller so a restart needs no re-tokenizing. */
  vectorFor(src: TermSource): TermVector {
    return termVector(src, this.stats, this.tuning.docTerms);
  }

  private norm(vector: TermVector): number {
    let sum = 0;
    for (const [t, c] of vector) sum += (tf(c) * this.stats.idf(t)) ** 2;
    return Math.sqrt(sum) || 1;
  }

  private insert(id: string, vector: TermVector) {
    for (const [t, c] of vector) {
      let list = this.postings.get(t);
      if (!list) this.postings.set(t, (list = new Map()));
      list.set(id, tf(c));
    }
  }

  /** Adds or replaces a paper. */
  set(id: string, vector: TermVector) {
    if (this.docs.has(id)) this.remove(id);
    this.stats.add(vector);
    this.docs.set(id, { id, vector, norm: this.norm(vector) });
    this.insert(id, vector);
  }

  remove(id: string) {
    const doc = this.docs.get(id);
    if (!doc) return;
    this.docs.delete(id);
    this.stats.remove(doc.vector);
    for (const [t] of doc.vector) {
      const list = this.postings.get(t);
      list?.delete(id);
      if (list && !list.size) this.postings.delete(t);
    }
  }

  /** Loads many at once (a cold start): statistics first, so every norm uses the same ones. */
  load(entries: Iterable<[string, TermVector]>) {
    const fresh: Array<[string, TermVector]> = [];
    for (const [id, v] of entries) {
      if (this.docs.has(id)) continue;
      this.stats.add(v);
      fresh.push([id, v]);
    }
    for (const [id, v] of fresh) {
      this.docs.set(id, { id, vector: v, norm: this.norm(v) });
      this.insert(id, v);
    }
  }

  /** Cosine of every library paper sharing a term with the query. */
  private score(query: Map<string, number>): Map<string, number> {
    const scores = new Map<string, number>();
    for (const [t, qw] of query) {
      const list = this.postings.get(t);
      if (!list) continue;
      const w = qw * this.stats.idf(t);
      for (const [id, dtf] of list) scores.set(id, (scores.get(id) ?? 0) + w * dtf);
    }
    for (const [id, dot] of scores) scores.set(id, dot / this.docs.get(id)!.norm);
    return scores;
  }

  /** Library papers related to a paper (excluding `exclude`, usually the paper itself). */
  related(src: TermSource, { k = 5, exclude = [] as string[], minScore = MIN_SCORE } = {}): RelatedHit[] {
    if (!this.docs.size) return [];
    const query = weigh(termVector(src, this.stats, this.tuning.queryTerms ?? QUERY_TERMS), this.stats);
    const skip = new Set(exclude);
    const hits: Array<{ id: string; score: number }> = [];
    for (const [id, score] of this.score(query)) {
      if (!skip.has(id) && score >= minScore) hits.push({ id, score });
    }
    hits.sort((a, b) => b.score - a.score);
    return hits.slice(0, k).map(({ id, score }) => {
      const doc = this.docs.get(id)!;
      const shared = doc.vector
        .filter(([t]) => query.has(t))
        .map(([t, c]) => [t, query.get(t)! * tf(c) * this.stats.idf(t)] as const)
        .sort((a, b) => b[1] - a[1]);
      return { id, score: Math.round(score * 1000) / 1000, terms: shared.slice(0, 5).map(([t]) => t) };
    });
  }
}
