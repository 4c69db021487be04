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
  /** idf per term under the current statistics; cleared whenever they change. */
  private idfCache = new Map<string, number>();

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
    let v = this.idfCache.get(term);
    if (v === undefined) this.idfCache.set(term, (v = this.stats.idf(term)));
    return v;
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
    this.idfCache.clear();
    const slot = this.append(id, vector);
    this.norms[slot] = this.norm(vector);
  }

  remove(id: string) {
    const slot = this.slots.get(id);
    if (slot === undefined) return;
    this.stats.remove(this.vectors[slot]!);
    this.idfCache.clear();
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
    this.idfCache.clear();
    for (const [id, v] of fresh) this.norms[this.append(id, v)] = this.norm(v);
  }

  /** Cosine of every library paper sharing a term with the query. */
  private score(query: Map<string, number>): Array<[slot: number, score: number]> {
    const acc = new Float64Array(this.ids.length);
    const touched: number[] = [];
    for (const [t, qw] of query) {
      const p = this.postings.get(t);
      if (!p) continue;
      const w = qw * this.idf(t);
      for (let i = 0; i < p.docs.length; i++) {
        const d = p.docs[i];
        if (acc[d] === 0) touched.push(d);
        acc[d] += w * p.tfs[i];
      }
    }
    return touched.filter((d) => this.ids[d]).map((d) => [d, acc[d] / this.norms[d]]);
  }

  /** Library papers related to a paper (excluding `exclude`, usually the paper itself). */
  related(src: TermSource, { k = 5, exclude = [] as string[], minScore = MIN_SCORE } = {}): RelatedHit[] {
    if (!this.slots.size) return [];
    const query = weigh(termVector(src, this.stats, this.tuning.queryTerms ?? QUERY_TERMS), this.stats);
    const skip = new Set(exclude);
    const hits = this.score(query).filter(([d, score]) => score >= minScore && !skip.has(this.ids[d]));
    hits.sort((a, b) => b[1] - a[1]);
    return hits.slice(0, k).map(([d, score]) => {
      const shared = this.vectors[d]!
        .filter(([t]) => query.has(t))
        .map(([t, c]) => [t, query.get(t)! * tf(c) * this.idf(t)] as const)
        .sort((a, b) => b[1] - a[1]);
      return { id: this.ids[d], score: Math.round(score * 1000) / 1000, terms: shared.slice(0, 5).map(([t]) => t) };
    });
  }
}
