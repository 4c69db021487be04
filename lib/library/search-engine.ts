/** The library search index as the background keeps it: built on first search, then kept in step. */
import type { GlossDB } from '../db/schema';
import { LibrarySearch, type SearchHit, type SortOrder } from '../search/library-search';
import type { TermVector } from '../search/terms';
import type { PaperRecord } from '../types';
import type { RelatedEngine } from './related-engine';

export class SearchEngine {
  private index?: LibrarySearch;
  private loading?: Promise<LibrarySearch>;

  constructor(
    private readonly db: GlossDB,
    private readonly related: RelatedEngine,
  ) {}

  ready(): Promise<LibrarySearch> {
    if (this.index) return Promise.resolve(this.index);
    this.loading ??= Promise.all([this.db.papers.toArray(), this.db.vectors.toArray()]).then(([papers, vectors]) => {
      const stored = new Map(vectors.map((v) => [v.id, v.v]));
      const index = new LibrarySearch();
      index.load(papers, (p) => stored.get(p.id) ?? this.related.vectorFor(p));
      return (this.index = index);
    });
    return this.loading;
  }

  applied(change: { set?: Array<{ rec: PaperRecord; v: TermVector }>; removed?: string[] }) {
    if (!this.index) return;
    change.set?.forEach((s) => this.index!.set(s.rec, s.v));
    change.removed?.forEach((id) => this.index!.remove(id));
  }

  reset() {
    this.index = undefined;
    this.loading = undefined;
  }

  async search(query: string, options: { sort?: SortOrder; limit?: number }): Promise<{ total: number; hits: Array<SearchHit & { paper: PaperRecord }> }> {
    const index = await this.ready();
    const { total, hits } = index.search(query, options);
    const papers = await this.db.papers.bulkGet(hits.map((h) => h.id));
    return { total, hits: hits.flatMap((h, i) => (papers[i] ? [{ ...h, paper: papers[i]! }] : [])) };
  }
}
