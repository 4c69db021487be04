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

/** A library paper's vector as the index holds it: interned term ids and their counts. */
interface Doc {
  terms: Int32Array;
  counts: Float32Array;
}

export class RelatedIndex {
  /** Slot → paper id; '' for a removed paper (its postings are skipped until compaction). */
  private ids: string[] = [];
  private slots = new Map<string, number>();
  /**
   * Vectors by slot, as term ids: 10k papers hold ~480k term occurrences but only ~35k distinct
   * terms. As [term, count] pairs each occurrence was an array and a string of its own, ~20 MB
   * of the worker's heap at 10k papers (bench/README.md).
   */
  private docs: Array<Doc | undefined> = [];
  private norms: number[] = [];
  private termIds = new Map<string, number>();
  private termNames: string[] = [];
  /** Postings by term id. */
  private postings: Postings[] = [];
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

  private intern(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.termNames.length;
      this.termIds.set(term, id);
      this.termNames.push(term);
      this.postings.push({ docs: [], tfs: [] });
    }
    return id;
  }

  private toDoc(vector: TermVector): Doc {
    const terms = new Int32Array(vector.length);
    const counts = new Float32Array(vector.length);
    for (let i = 0; i < vector.length; i++) {
      terms[i] = this.intern(vector[i][0]);
      counts[i] = vector[i][1];
    }
    return { terms, counts };
  }

  private vectorOf(doc: Doc): TermVector {
    return Array.from(doc.terms, (t, i) => [this.termNames[t], doc.counts[i]]);
  }

  /** idf by term id under today's statistics (`load` computes it once for all papers). */
  private idfs(): Float64Array {
    return Float64Array.from(this.termNames, (t) => this.stats.idfNow(t));
  }

  private norm(doc: Doc, idfs?: Float64Array): number {
    let sum = 0;
    for (let i = 0; i < doc.terms.length; i++) {
      const t = doc.terms[i];
      sum += (tf(doc.counts[i]) * (idfs ? idfs[t] : this.stats.idf(this.termNames[t]))) ** 2;
    }
    return Math.sqrt(sum) || 1;
  }

  private append(id: string, doc: Doc) {
    const slot = this.ids.length;
    this.ids.push(id);
    this.docs.push(doc);
    this.norms.push(0);
    this.slots.set(id, slot);
    for (let i = 0; i < doc.terms.length; i++) {
      const p = this.postings[doc.terms[i]];
      p.docs.push(slot);
      p.tfs.push(tf(doc.counts[i]));
    }
    return slot;
  }

  /** Adds or replaces a paper. */
  set(id: string, vector: TermVector) {
    if (this.slots.has(id)) this.remove(id);
    this.stats.add(vector);
    const doc = this.toDoc(vector);
    this.norms[this.append(id, doc)] = this.norm(doc);
  }

  remove(id: string) {
    const slot = this.slots.get(id);
    if (slot === undefined) return;
    this.stats.remove(this.vectorOf(this.docs[slot]!));
    this.slots.delete(id);
    this.ids[slot] = '';
    this.docs[slot] = undefined;
    if (++this.removed > 64 && this.removed > this.ids.length / 4) this.compact();
  }

  /** Drops removed papers' slots and postings. */
  private compact() {
    const live = this.ids.flatMap((id, slot) => (id ? [[id, this.docs[slot]!, this.norms[slot]] as const] : []));
    this.ids = [];
    this.docs = [];
    this.norms = [];
    this.slots.clear();
    for (const p of this.postings) {
      p.docs.length = 0;
      p.tfs.length = 0;
    }
    this.removed = 0;
    for (const [id, doc, norm] of live) this.norms[this.append(id, doc)] = norm;
  }

  /** Loads many at once (a cold start): statistics first, so every norm uses the same ones. */
  load(entries: Iterable<[string, TermVector]>) {
    const fresh: Array<[string, Doc]> = [];
    for (const [id, v] of entries) {
      if (this.slots.has(id)) continue;
      this.stats.add(v);
      fresh.push([id, this.toDoc(v)]);
    }
    const idfs = this.idfs();
    for (const [id, doc] of fresh) this.norms[this.append(id, doc)] = this.norm(doc, idfs);
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
      const id = this.termIds.get(t);
      if (id === undefined) continue;
      const p = this.postings[id];
      const w = qw * this.stats.idf(t);
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
      const shared = this.vectorOf(this.docs[d]!)
        .filter(([t]) => query.has(t))
        .map(([t, c]) => [t, query.get(t)! * tf(c) * this.stats.idf(t)] as const)
        .sort((a, b) => b[1] - a[1]);
      return { id: this.ids[d], score: Math.round(score * 1000) / 1000, terms: shared.slice(0, 5).map(([t]) => t) };
    });
  }
}
