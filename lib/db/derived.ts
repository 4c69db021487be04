/**
 * The vectors stamp: a counter every write to the vectors table increments in its own
 * transaction. A related-index snapshot records the stamp it reflects; a cold worker uses the
 * snapshot only when the stamp still matches, so a save made since is never missing from it.
 */
import type { DerivedRecord, GlossDB, RelatedSnapshotRecord, VectorStampRecord } from './schema';

export const STAMP_KEY = 'vectors-stamp' as const;
export const SNAPSHOT_KEY = 'related-snapshot' as const;

// Both return Dexie's own promise chains rather than being async functions: called inside a
// transaction between other awaits, an async helper's extra native hops let fake-indexeddb (and
// could let a browser) commit the transaction before the next request (PrematureCommitError).

/** The current stamp (0 before the first counted write). */
export function vectorStamp(db: GlossDB): Promise<number> {
  return db.derived.get(STAMP_KEY).then((r) => (r as VectorStampRecord | undefined)?.value ?? 0);
}

/** Call inside every transaction that writes vectors (with `derived` in its scope); returns the new stamp. */
export function bumpVectorStamp(db: GlossDB): Promise<number> {
  return vectorStamp(db).then((n) => db.derived.put({ key: STAMP_KEY, value: n + 1 } satisfies VectorStampRecord as DerivedRecord).then(() => n + 1));
}

/** The stored snapshot and the current stamp, read together. */
export function readSnapshot(db: GlossDB): Promise<{ snapshot?: RelatedSnapshotRecord; stamp: number }> {
  return db.transaction('r', db.derived, async () => ({
    snapshot: (await db.derived.get(SNAPSHOT_KEY)) as RelatedSnapshotRecord | undefined,
    stamp: await vectorStamp(db),
  }));
}
