/**
 * The related-papers engine. MiniSearch indexes each library paper's compact term vector and
 * finds candidates for a query paper; candidates are then scored by cosine similarity of tf-idf
 * vectors, which is comparable across queries (0..1), so one threshold keeps weak matches out,
 * and explainable: the shared terms that contribute most are the reason.
 */
import MiniSearch from 'minisearch';
import { TermStats, termVector, weigh, type TermSource, type TermVector } from './terms';

/** Query terms: the distinctive ones of the page entry's title and abstract. */
export const QUERY_TERMS = 24;
/** Candidates taken from MiniSearch before exact scoring. */
export const CANDIDATES = 80;
/** Below this cosine a paper is not shown as related. */
export const MIN_SCORE = 0.12;

export interface RelatedHit {
  id: string;
  score: number;
  /** Shared terms, strongest first. */
  terms: string[];
}

interface IndexedDoc {
  id: string;
  terms: string;
}

function newIndex() {
  return new MiniSearch<IndexedDoc>({
    fields: ['terms'],
    idField: 'id',
    // Terms are already tokenized and folded: split on spaces, nothing else.
    tokenize: (s) => s.split(' '),
    processTerm: (t) => t,
  });
}

export interface RelatedTuning {
  /** Terms kept per library paper. */
  docTerms?: number;
  queryTerms?: number;
  candidates?: number;
}

export class RelatedIndex {
  constructor(private readonly tuning: RelatedTuning = {}) {}

  private readonly vectors = new Map<string, TermVector>();
  private readonly stats = new TermStats();
  private index = newIndex();

  get size() {
    return this.vectors.size;
  }

  has(id: string) {
    return this.vectors.has(id);
  }

  /** The vector a paper would get now; stored by the caller so a restart needs no re-tokenizing. */
  vectorFor(src: TermSource): TermVector {
    return termVector(src, this.stats, this.tuning.docTerms);
  }

  /** Adds or replaces a paper. */
  set(id: string, vector: TermVector) {
    if (this.vectors.has(id)) this.remove(id);
    this.vectors.set(id, vector);
    this.stats.add(vector);
    this.index.add({ id, terms: vector.map(([t]) => t).join(' ') });
  }

  remove(id: string) {
    const v = this.vectors.get(id);
    if (!v) return;
    this.vectors.delete(id);
    this.stats.remove(v);
    this.index.discard(id);
  }

  /** Loads many at once (a cold start); faster than one by one. */
  load(entries: Iterable<[string, TermVector]>) {
    const docs: IndexedDoc[] = [];
    for (const [id, v] of entries) {
      if (this.vectors.has(id)) continue;
      this.vectors.set(id, v);
      this.stats.add(v);
      docs.push({ id, terms: v.map(([t]) => t).join(' ') });
    }
    this.index.addAll(docs);
  }

  clear() {
    this.vectors.clear();
    this.index = newIndex();
    // Stats are rebuilt as papers are added again.
    Object.assign(this, { stats: new TermStats() });
  }

  /** Library papers related to a paper (excluding `exclude`, usually the paper itself). */
  related(src: TermSource, { k = 5, exclude = [] as string[], minScore = MIN_SCORE } = {}): RelatedHit[] {
    if (!this.vectors.size) return [];
    const query = weigh(termVector(src, this.stats, this.tuning.queryTerms ?? QUERY_TERMS), this.stats);
    if (!query.size) return [];
    const skip = new Set(exclude);
    const candidates = this.index
      .search({ queries: [...query.keys()], combineWith: 'OR' })
      .slice(0, (this.tuning.candidates ?? CANDIDATES) + skip.size);
    const hits: RelatedHit[] = [];
    for (const c of candidates) {
      const id = c.id as string;
      if (skip.has(id)) continue;
      const doc = weigh(this.vectors.get(id)!, this.stats);
      const shared: Array<[string, number]> = [];
      let score = 0;
      for (const [t, qw] of query) {
        const dw = doc.get(t);
        if (dw === undefined) continue;
        score += qw * dw;
        shared.push([t, qw * dw]);
      }
      if (score < minScore) continue;
      shared.sort((a, b) => b[1] - a[1]);
      hits.push({ id, score: Math.round(score * 1000) / 1000, terms: shared.slice(0, 5).map(([t]) => t) });
    }
    hits.sort((a, b) => b.score - a.score);
    return hits.slice(0, k);
  }
}
