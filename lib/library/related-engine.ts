/**
 * The related-papers index as the background keeps it: loaded lazily from the stored term
 * vectors (no tokenizing on a cold start), updated on every write, rebuilt for papers that have
 * no vector yet (after a migration or an import).
 */
import { fromVectorRecord, toVectorRecord, type GlossDB } from '../db/schema';
import { RelatedIndex } from '../search/related';
import type { TermVector } from '../search/terms';
import type { PaperRecord } from '../types';
import { Lazy } from './lazy';

export class RelatedEngine {
  private readonly lazy = new Lazy(() => this.load());

  constructor(private readonly db: GlossDB) {}

  /** The index, loading it on first use; concurrent callers share one load. */
  ready(): Promise<RelatedIndex> {
    return this.lazy.ready();
  }

  get loaded() {
    return this.lazy.current !== undefined;
  }

  private async load(): Promise<RelatedIndex> {
    const index = new RelatedIndex();
    const [vectors, ids] = await Promise.all([this.db.vectors.toArray(), this.db.papers.toCollection().primaryKeys()]);
    const live = new Set(ids as string[]);
    // A record this version cannot read (damaged, or from an unknown version) is rebuilt below.
    const readable = vectors.filter((v) => live.has(v.id) && Array.isArray(v.terms) && Array.isArray(v.counts) && v.terms.length === v.counts.length);
    index.load(readable.map((v) => [v.id, fromVectorRecord(v)] as [string, TermVector]));
    const missing = (ids as string[]).filter((id) => !index.has(id));
    if (missing.length) {
      const papers = (await this.db.papers.bulkGet(missing)).filter((p): p is PaperRecord => !!p);
      const fresh = papers.map((p) => [p.id, index.vectorFor(p)] as const);
      fresh.forEach(([id, v]) => index.set(id, v));
      await this.db.vectors.bulkPut(fresh.map(([id, v]) => toVectorRecord(id, v)));
    }
    return index;
  }

  /** The vector to store for a paper; uses the loaded statistics when there are some. */
  vectorFor(rec: PaperRecord): TermVector {
    return (this.lazy.current ?? new RelatedIndex()).vectorFor(rec);
  }

  /** Keeps a loaded index in step with a write that has committed. */
  applied(change: { set?: Array<{ id: string; v: TermVector }>; removed?: string[] }) {
    this.lazy.update((index) => {
      change.set?.forEach((s) => index.set(s.id, s.v));
      change.removed?.forEach((id) => index.remove(id));
    });
  }

  reset() {
    this.lazy.reset();
  }
}
