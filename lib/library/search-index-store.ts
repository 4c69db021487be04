/**
 * The built library search index (MiniSearch's part and the author/keyword postings), stored
 * beside the search snapshot: a cold worker (or one that let an idle index go) loads it instead of
 * adding every paper again, which at 50k papers took minutes (bench/README.md, issue 18).
 *
 * Derived data under the vectors stamp, like the snapshot (lib/library/search-snapshot.ts): it is
 * used only when built at the stamp of the snapshot it is loaded with and under today's
 * INDEX_FORMAT; anything else is rebuilt from the snapshot and stored again, never trusted.
 */
import { vectorStamp } from '../db/derived';
import type { GlossDB } from '../db/schema';
import { INDEX_FORMAT } from '../search/library-search';

export const SEARCH_INDEX_KEY = 'search-index' as const;

export interface SearchIndexRecord {
  key: typeof SEARCH_INDEX_KEY;
  stamp: number;
  /** INDEX_FORMAT when it was built: fields, term processing and keyword rule. */
  format: string;
  /** LibrarySearch.toJSON() (MiniSearch's index and the author/keyword postings): kept as one string, which IndexedDB clones far faster than the object tree. */
  json: string;
}

/** The stored index's JSON if it was built at `stamp` under today's format. */
export async function readSearchIndex(db: GlossDB, stamp: number): Promise<string | undefined> {
  const r = (await db.derived.get(SEARCH_INDEX_KEY)) as SearchIndexRecord | undefined;
  return r?.stamp === stamp && r.format === INDEX_FORMAT && typeof r.json === 'string' ? r.json : undefined;
}

/** Stores the index built at `stamp`, only if no paper was written since; says whether it did. */
export function writeSearchIndex(db: GlossDB, stamp: number, json: string): Promise<boolean> {
  const record: SearchIndexRecord = { key: SEARCH_INDEX_KEY, stamp, format: INDEX_FORMAT, json };
  return db.transaction('rw', db.derived, () => vectorStamp(db).then((now) => (now === stamp ? db.derived.put(record).then(() => true) : false)));
}
