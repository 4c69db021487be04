/** The library search index as the background keeps it: built on first search, then kept in step. */
import type { GlossDB } from '../db/schema';
import { LibrarySearch, type SearchHit, type SortOrder } from '../search/library-search';
import type { PaperRecord } from '../types';

export class SearchEngine {
  private index?: LibrarySearch;
  private loading?: Promise<LibrarySearch>;

  constructor(private readonly db: GlossDB) {}

  ready(): Promise<LibrarySearch> {
    if (this.index) return Promise.resolve(this.index);
    this.loading ??= this.db.papers.toArray().then((papers) => {
      const index = new LibrarySearch();
      index.load(papers);
      return (this.index = index);
    });
    return this.loading;
  }

  applied(change: { set?: PaperRecord[]; removed?: string[] }) {
    if (!this.index) return;
    change.set?.forEach((p) => this.index!.set(p));
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
