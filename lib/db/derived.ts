/**
 * The vectors stamp: a counter every write to the vectors table increments in its own
 * transaction. A related-index snapshot records the stamp it reflects; a cold worker uses the
 * snapshot only when the stamp still matches, so a save made since is never missing from it.
 */
import type { DerivedRecord, GlossDB, RelatedSnapshotRecord, SnapshotLabelRecord, VectorStampRecord } from './schema';

export const STAMP_KEY = 'vectors-stamp' as const;
export const SNAPSHOT_KEY = 'related-snapshot' as const;
export const SNAPSHOT_LABEL_KEY = 'related-snapshot-label' as const;

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

/**
 * The stored snapshot if it was taken at the current stamp, and the current stamp. Its label is
 * a small record of its own, read first: deserializing a stale 4–5 MB snapshot only to drop it
 * cost ~100 ms of a cold start after a save.
 */
export function readSnapshot(db: GlossDB): Promise<{ snapshot?: RelatedSnapshotRecord; stamp: number }> {
  return db.transaction('r', db.derived, () =>
    Promise.all([db.derived.get(SNAPSHOT_LABEL_KEY), vectorStamp(db)]).then(([label, stamp]) => {
      if ((label as SnapshotLabelRecord | undefined)?.stamp !== stamp) return { stamp };
      return db.derived.get(SNAPSHOT_KEY).then((snapshot) => {
        const s = snapshot as RelatedSnapshotRecord | undefined;
        return s?.stamp === stamp ? { snapshot: s, stamp } : { stamp };
      });
    }),
  );
}

/** Stores a snapshot with its label, together. */
export function writeSnapshot(db: GlossDB, snapshot: RelatedSnapshotRecord): Promise<void> {
  const label: SnapshotLabelRecord = { key: SNAPSHOT_LABEL_KEY, stamp: snapshot.stamp, model: snapshot.model };
  return db.transaction('rw', db.derived, () => db.derived.bulkPut([snapshot, label] as DerivedRecord[])).then(() => undefined);
}
