/** The library search index as the background keeps it: built on first search, then kept in step. */
import type { GlossDB } from '../db/schema';
import { LibrarySearch, type SearchHit, type SortOrder } from '../search/library-search';
import type { TermVector } from '../search/terms';
import type { PaperRecord } from '../types';
import { Lazy } from './lazy';
import type { RelatedEngine } from './related-engine';

export class SearchEngine {
  private readonly lazy = new Lazy(async () => {
    const [papers, vectors] = await Promise.all([this.db.papers.toArray(), this.db.vectors.toArray()]);
    const stored = new Map(vectors.map((v) => [v.id, v.v]));
    const index = new LibrarySearch();
    index.load(papers, (p) => stored.get(p.id) ?? this.related.vectorFor(p));
    return index;
  });

  constructor(
    private readonly db: GlossDB,
    private readonly related: RelatedEngine,
  ) {}

  ready(): Promise<LibrarySearch> {
    return this.lazy.ready();
  }

  applied(change: { set?: Array<{ rec: PaperRecord; v: TermVector }>; removed?: string[] }) {
    const index = this.lazy.current;
    if (!index) return;
    change.set?.forEach((s) => index.set(s.rec, s.v));
    change.removed?.forEach((id) => index.remove(id));
  }

  reset() {
    this.lazy.reset();
  }

  async search(query: string, options: { sort?: SortOrder; limit?: number }): Promise<{ total: number; hits: Array<SearchHit & { paper: PaperRecord }> }> {
    const index = await this.ready();
    const { total, hits } = index.search(query, options);
    const papers = await this.db.papers.bulkGet(hits.map((h) => h.id));
    return { total, hits: hits.flatMap((h, i) => (papers[i] ? [{ ...h, paper: papers[i]! }] : [])) };
  }
}
