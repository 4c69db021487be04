/**
 * The related-papers engine. Each library paper is a compact tf-idf term vector (its most
 * distinctive terms, lib/search/terms.ts); flat postings from term to papers find every paper
 * that shares a term with the query, and the score is their cosine similarity: comparable
 * across queries (0..1), so one threshold keeps weak matches out, and explainable: the shared
 * terms that contribute most are the reason.
 *
 * Why flat postings and not MiniSearch here (MiniSearch serves the library search): a stopped
 * service worker must answer again within a second, and 10k compact vectors load into arrays in
 * a fraction of the time MiniSearch's per-document maps take (bench/README.md).
 */
import { TermStats, termVector, weigh, type TermSource, type TermVector } from './terms';

/**
 * Query terms: the distinctive ones of the page entry's title and abstract. The query is never
 * stored, so it can afford more terms than a library paper: 64 instead of 32 raised nDCG@10 by
 * ~0.01 on two disjoint splits at 10k (bench/README.md) at ~1 ms more per query.
 */
export const QUERY_TERMS = 64;
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

interface Postings {
  docs: number[];
  tfs: number[];
}

const tf = (count: number) => 1 + Math.log(count);

export class RelatedIndex {
  /** Slot → paper id; '' for a removed paper (its postings are skipped until compaction). */
  private ids: string[] = [];
  private slots = new Map<string, number>();
  private vectors: Array<TermVector | undefined> = [];
  private norms: number[] = [];
  private postings = new Map<string, Postings>();
  private removed = 0;
  private stats = new TermStats();

  constructor(private readonly tuning: RelatedTuning = {}) {}

  get size() {
    return this.slots.size;
  }

  has(id: string) {
    return this.slots.has(id);
  }

  /** The vector a paper would get now; stored by the caller so a restart needs no re-tokenizing. */
  vectorFor(src: TermSource): TermVector {
    return termVector(src, this.stats, this.tuning.docTerms);
  }

  private idf(term: string): number {
    return this.stats.idf(term);
  }

  private norm(vector: TermVector): number {
    let sum = 0;
    for (const [t, c] of vector) sum += (tf(c) * this.idf(t)) ** 2;
    return Math.sqrt(sum) || 1;
  }

  private append(id: string, vector: TermVector) {
    const slot = this.ids.length;
    this.ids.push(id);
    this.vectors.push(vector);
    this.norms.push(0);
    this.slots.set(id, slot);
    for (const [t, c] of vector) {
      let p = this.postings.get(t);
      if (!p) this.postings.set(t, (p = { docs: [], tfs: [] }));
      p.docs.push(slot);
      p.tfs.push(tf(c));
    }
    return slot;
  }

  /** Adds or replaces a paper. */
  set(id: string, vector: TermVector) {
    if (this.slots.has(id)) this.remove(id);
    this.stats.add(vector);
    const slot = this.append(id, vector);
    this.norms[slot] = this.norm(vector);
  }

  remove(id: string) {
    const slot = this.slots.get(id);
    if (slot === undefined) return;
    this.stats.remove(this.vectors[slot]!);
    this.slots.delete(id);
    this.ids[slot] = '';
    this.vectors[slot] = undefined;
    if (++this.removed > 64 && this.removed > this.ids.length / 4) this.compact();
  }

  /** Drops removed papers' slots and postings. */
  private compact() {
    const live = this.ids.flatMap((id, slot) => (id ? [[id, this.vectors[slot]!, this.norms[slot]] as const] : []));
    this.ids = [];
    this.vectors = [];
    this.norms = [];
    this.slots.clear();
    this.postings.clear();
    this.removed = 0;
    for (const [id, v, norm] of live) this.norms[this.append(id, v)] = norm;
  }

  /** Loads many at once (a cold start): statistics first, so every norm uses the same ones. */
  load(entries: Iterable<[string, TermVector]>) {
    const fresh: Array<[string, TermVector]> = [];
    for (const [id, v] of entries) {
      if (this.slots.has(id)) continue;
      this.stats.add(v);
      fresh.push([id, v]);
    }
    for (const [id, v] of fresh) this.norms[this.append(id, v)] = this.norm(v);
  }

  /** Reused between queries; only the touched slots are cleared again. */
  private acc = new Float64Array(0);
  private touched = new Int32Array(0);

  /**
   * The k best library papers by cosine with the query, at least `minScore`. A query touches half
   * the library at 10k papers, so the scores stay in a typed accumulator and only the k best are
   * kept, in a small sorted array: no per-paper objects, no sort of thousands (bench/README.md).
   */
  private top(query: Map<string, number>, k: number, minScore: number, skip: Set<string>): Array<[slot: number, score: number]> {
    const n = this.ids.length;
    if (this.acc.length < n) {
      this.acc = new Float64Array(Math.max(n, this.acc.length * 2));
      this.touched = new Int32Array(this.acc.length);
    }
    const { acc, touched } = this;
    let count = 0;
    for (const [t, qw] of query) {
      const p = this.postings.get(t);
      if (!p) continue;
      const w = qw * this.idf(t);
      const { docs, tfs } = p;
      for (let i = 0; i < docs.length; i++) {
        const d = docs[i];
        if (acc[d] === 0) touched[count++] = d;
        acc[d] += w * tfs[i];
      }
    }
    const best: Array<[number, number]> = [];
    for (let i = 0; i < count; i++) {
      const d = touched[i];
      const score = acc[d] / this.norms[d];
      acc[d] = 0;
      if (score < minScore || (best.length === k && score <= best[k - 1][1])) continue;
      if (!this.ids[d] || skip.has(this.ids[d])) continue;
      let j = Math.min(best.length, k - 1);
      best[j] = [d, score];
      for (; j > 0 && best[j - 1][1] < score; j--) [best[j - 1], best[j]] = [best[j], best[j - 1]];
    }
    return best;
  }

  /** Library papers related to a paper (excluding `exclude`, usually the paper itself). */
  related(src: TermSource, { k = 5, exclude = [] as string[], minScore = MIN_SCORE } = {}): RelatedHit[] {
    if (!this.slots.size || k <= 0) return [];
    const query = weigh(termVector(src, this.stats, this.tuning.queryTerms ?? QUERY_TERMS), this.stats);
    const hits = this.top(query, k, minScore, new Set(exclude));
    return hits.map(([d, score]) => {
      const shared = this.vectors[d]!
        .filter(([t]) => query.has(t))
        .map(([t, c]) => [t, query.get(t)! * tf(c) * this.idf(t)] as const)
        .sort((a, b) => b[1] - a[1]);
      return { id: this.ids[d], score: Math.round(score * 1000) / 1000, terms: shared.slice(0, 5).map(([t]) => t) };
    });
  }
}
