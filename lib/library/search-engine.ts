/**
 * The library search index as the background keeps it: built on first search, in the
 * background (a scan answers until it is ready), kept in step with every write, and let go
 * when no one has searched for a while.
 */
import type { GlossDB } from '../db/schema';
import { vectorStamp } from '../db/derived';
import { LibrarySearch, type SearchHit, type SortOrder } from '../search/library-search';
import type { TermVector } from '../search/terms';
import type { PaperRecord } from '../core/types';
import { Lazy } from './lazy';
import { SNAPSHOT_DELAY_MS } from './related-engine';
import { readSearchIndex, writeSearchIndex } from './search-index-store';
import {
  fromSearchSnapshot,
  readSearchSnapshot,
  SearchSnapshotFollower,
  toSearchSnapshot,
  writeSearchSnapshot,
  type SearchSnapshotRecord,
} from './search-snapshot';
import type { PaperStore } from './store';
import { markSearch } from './search-timings';

/**
 * How long an unused search index is kept. Pages keep the worker alive while the user browses,
 * and the index is the largest thing it holds (~35 MB at 10k papers, more than the related
 * index): searching is occasional, browsing is constant (bench/README.md).
 */
export const SEARCH_IDLE_MS = 2 * 60_000;

/**
 * How long no search must have run before a cold worker loads its stored index. The load is a
 * parse of the whole JSON in one go, then some sixty chunks; each search's steps (its IndexedDB
 * reads, its answer) waited behind them, and a cold first search took seconds instead of the
 * scan's milliseconds (bench/README.md, issue 18). The scan answers keystrokes meanwhile; the
 * index loads in the first pause in typing, or this long after the popup opened.
 */
export const INDEX_LOAD_QUIET_MS = 300;

export class SearchEngine {
  private idle?: ReturnType<typeof setTimeout>;
  /**
   * The vectors stamp the loaded index reflects, while every commit since its load has reached
   * it; what storing it on the way out (letGo) labels it with.
   */
  private indexStamp?: number;
  /** Searches running now, and when the last one started or ended (for `quiet`). */
  private searching = 0;
  private lastSearch = 0;

  private readonly lazy = new Lazy(async () => {
    markSearch('asked');
    const index = new LibrarySearch();
    const fast = await readSearchSnapshot(this.db).catch((err) => {
      console.warn('Gloss: the search snapshot could not be read; reading the papers.', err);
      return { snapshot: undefined, stamp: undefined };
    });
    markSearch('snapshotRead');
    if (fast.snapshot) {
      try {
        const unpacked = fromSearchSnapshot(fast.snapshot);
        markSearch('unpacked');
        const stamp = fast.snapshot.stamp;
        this.indexStamp = stamp;
        // Read after the snapshot, not with it: the scan answers from the snapshot meanwhile.
        // As if a search had just run: the first keystroke follows the popup's opening closely.
        this.lastSearch = Date.now();
        const stored = this.quiet()
          .then(() => readSearchIndex(this.db, stamp))
          .then(
            (json) => (markSearch('indexRead'), json),
            (err) => {
              console.warn('Gloss: the stored search index could not be read; building it.', err);
              return undefined;
            },
          );
        return this.serve(index, unpacked, stored, () => this.storeIndex(index, stamp));
      } catch (err) {
        console.warn('Gloss: the search snapshot could not be used; reading the papers.', err);
      }
    }
    // No snapshot yet (after an import, a reset): every paper and vector record is read once and
    // turned at once into the snapshot's columns, which the index is then built from as above.
    // Holding the whole records while the index was built (abstracts, links, every vector's
    // terms as separate strings) took the worker's heap from ~100 to ~250 MB for the minutes a
    // 50k build takes (bench/worker-memory.ts). The stamp read before both labels the snapshot.
    const stamp = await vectorStamp(this.db);
    this.indexStamp = stamp;
    const snapshot = await this.snapshotOfPapers(stamp);
    // Stored before the build: a worker stopped while building starts from it next time.
    const written = writeSearchSnapshot(this.db, snapshot).catch((err) => {
      console.warn('Gloss: could not store the search snapshot.', err);
      return false;
    });
    return this.serve(index, fromSearchSnapshot(snapshot), Promise.resolve(undefined), async () => (await written) && this.storeIndex(index, stamp));
  });

  /**
   * Searches are answered by the snapshot's scan while the index is loaded from `stored` or, when
   * there is none, built; `built` runs once an index was built (it is not stored yet).
   */
  private serve(
    index: LibrarySearch,
    { papers, keywords, scan }: ReturnType<typeof fromSearchSnapshot>,
    stored: Promise<string | undefined>,
    built: () => unknown,
  ): LibrarySearch {
    const restored = index.restore(papers, stored, keywords);
    index.scanWith((word, last) => scan.scan(word, last));
    this.track(restored).then(
      (loaded) => (markSearch('indexed'), loaded ? undefined : built()),
      () => {},
    );
    return index;
  }

  /** The search snapshot of every stored paper, without keeping any paper or vector record. */
  private async snapshotOfPapers(stamp: number): Promise<SearchSnapshotRecord> {
    const terms = this.db.vectors.toArray().then((vs) => new Map(vs.map((v) => [v.id, v.terms])));
    const papers = await this.db.papers.toArray();
    const stored = await terms;
    return toSearchSnapshot(stamp, papers, (p) => stored.get(p.id) ?? this.keywordsFor(p));
  }

  private readonly snapshots: SearchSnapshotFollower;

  private track<T>(built: Promise<T>): Promise<T> {
    built.catch((err) => {
      console.error('Gloss: building the search index failed', err);
      this.lazy.reset();
    });
    return built;
  }

  /**
   * Stores the index as built at `stamp`, unless a paper was written since (the index may then
   * hold that write, or not yet). Only speed is lost when it fails: the next cold start builds.
   */
  private async storeIndex(index: LibrarySearch, stamp: number): Promise<void> {
    try {
      const json = index.toJSON();
      if (json) await writeSearchIndex(this.db, stamp, json);
    } catch (err) {
      console.warn('Gloss: could not store the search index.', err);
    }
  }

  constructor(
    private readonly db: GlossDB,
    /** A paper's keywords when none are stored beside it (the related engine's distinctive terms). */
    private readonly keywordsFor: (p: PaperRecord) => string[],
    private readonly idleMs = SEARCH_IDLE_MS,
    snapshotDelayMs = SNAPSHOT_DELAY_MS,
    private readonly quietMs = INDEX_LOAD_QUIET_MS,
  ) {
    this.snapshots = new SearchSnapshotFollower(db, snapshotDelayMs);
    markSearch('engine');
  }

  /** Settles once no search has run for `quietMs`. */
  private async quiet(): Promise<void> {
    for (;;) {
      const wait = this.lastSearch + this.quietMs - Date.now();
      if (!this.searching && wait <= 0) return;
      await new Promise((resolve) => setTimeout(resolve, Math.max(wait, 20)));
    }
  }

  /** Stores pending changes into the search snapshot now (tests). */
  flushSnapshot(): Promise<boolean> {
    return this.snapshots.flush();
  }

  get loaded() {
    return this.lazy.current !== undefined;
  }

  ready(): Promise<LibrarySearch> {
    return this.lazy.ready();
  }

  /** Loads the index if needed and settles once it is built (searches are no longer provisional). */
  async indexed(): Promise<void> {
    await (await this.ready()).whenIndexed();
  }

  applied(change: { set?: Array<{ rec: PaperRecord; v: TermVector }>; removed?: string[] }) {
    this.lazy.update((index) => {
      change.set?.forEach((s) =>
        index.set(
          s.rec,
          s.v.map(([t]) => t),
        ),
      );
      change.removed?.forEach((id) => index.remove(id));
    });
  }

  /** Follows the store's committed changes; the stored vectors' terms are the keywords. */
  follow(store: Pick<PaperStore, 'subscribe'>) {
    return store.subscribe((commit) => {
      if (commit.reset) {
        this.snapshots.clear();
        return this.reset();
      }
      if (commit.stamp !== undefined) this.indexStamp = this.indexStamp !== undefined && commit.stamp === this.indexStamp + 1 ? commit.stamp : undefined;
      // The stored snapshot follows every write, loaded index or not: the next cold search reads it.
      if (commit.stamp !== undefined) {
        this.snapshots.add({
          stamp: commit.stamp,
          set: commit.changes.flatMap((c) => (c.record && c.vectors ? [{ rec: c.record, keywords: c.vectors.v.map(([t]) => t) }] : [])),
          removed: commit.changes.flatMap((c) => (c.record ? [] : [c.id])),
        });
      }
      this.applied({
        set: commit.changes.flatMap((c) => (c.record && c.vectors ? [{ rec: c.record, v: c.vectors.v }] : [])),
        removed: commit.changes.flatMap((c) => (c.record ? [] : [c.id])),
      });
    });
  }

  reset() {
    this.indexStamp = undefined;
    this.lazy.reset();
  }

  /**
   * Lets an unused index go, storing it first if writes made the stored one stale: otherwise
   * every save would leave the next cold search to build the index again. Nothing is stored
   * when a commit was missed or the index is still building; a write since is refused by the stamp.
   */
  async letGo(): Promise<void> {
    const index = this.lazy.current;
    const stamp = this.indexStamp;
    this.reset();
    if (!index?.indexed || stamp === undefined) return;
    const stored = await readSearchIndex(this.db, stamp).catch(() => undefined);
    if (!stored) await this.storeIndex(index, stamp);
  }

  async search(
    query: string,
    options: { sort?: SortOrder; limit?: number },
  ): Promise<{ total: number; hits: Array<SearchHit & { paper: PaperRecord }>; provisional?: boolean; problems?: string[] }> {
    clearTimeout(this.idle);
    this.idle = setTimeout(() => void this.letGo(), this.idleMs);
    this.searching++;
    this.lastSearch = Date.now();
    const { total, hits, provisional, problems, papers } = await this.answer(query, options).finally(() => {
      this.searching--;
      this.lastSearch = Date.now();
    });
    if (query.trim()) markSearch('firstAnswer');
    // Hits without a record (removed since) are dropped.
    return {
      total,
      hits: hits.flatMap((h, i) => (papers[i] ? [{ ...h, paper: papers[i]! }] : [])),
      ...(provisional && { provisional }),
      ...(problems && { problems }),
    };
  }

  private async answer(query: string, options: { sort?: SortOrder; limit?: number }) {
    const index = await this.ready();
    const result = index.search(query, options);
    return { ...result, papers: await this.db.papers.bulkGet(result.hits.map((h) => h.id)) };
  }
}
