/**
 * The vectors stamp: a counter every write to the vectors table increments in its own
 * transaction. A related-index snapshot records the stamp it reflects; a cold worker uses the
 * snapshot only when the stamp still matches, or when the journal, kept in the same
 * transactions as the stamp, lists every paper written since: so a save made since is never
 * missing from it. The snapshot itself is rewritten seconds after a burst of writes; a worker
 * stopped sooner (a note written, the browser idle) left the next start to read every vector,
 * 2.7 s at 50k papers (bench/README.md).
 */
import type { DerivedRecord, GlossDB, RelatedJournalRecord, RelatedSnapshotRecord, SnapshotLabelRecord, VectorStampRecord } from './schema';

export const STAMP_KEY = 'vectors-stamp' as const;
export const SNAPSHOT_KEY = 'related-snapshot' as const;
export const SNAPSHOT_LABEL_KEY = 'related-snapshot-label' as const;
export const JOURNAL_KEY = 'related-journal' as const;

/**
 * Papers the journal lists at most. Past it (an import, a bulk edit) it starts again empty and
 * the next cold start reads every vector once: a longer list, rewritten by every save, would
 * cost each save more than it spares that one start.
 */
export const JOURNAL_LIMIT = 5_000;

// Both return Dexie's own promise chains rather than being async functions: called inside a
// transaction between other awaits, an async helper's extra native hops let fake-indexeddb (and
// could let a browser) commit the transaction before the next request (PrematureCommitError).

/** The current stamp (0 before the first counted write). */
export function vectorStamp(db: GlossDB): Promise<number> {
  return db.derived.get(STAMP_KEY).then((r) => (r as VectorStampRecord | undefined)?.value ?? 0);
}

const emptyJournal = (stamp: number): RelatedJournalRecord => ({ key: JOURNAL_KEY, base: stamp, stamp, ids: [], at: [] });

/**
 * The journal after the write that makes the stamp `n + 1`. Without the list of what was written,
 * or when the journal did not reach `n` (it was never kept, or a write did not say), it starts
 * again at `n + 1`: it may only ever claim writes it saw.
 */
function nextJournal(journal: RelatedJournalRecord | undefined, n: number, written: Iterable<string> | undefined): RelatedJournalRecord {
  if (!written || journal?.stamp !== n || journal.ids.length !== journal.at.length) return emptyJournal(n + 1);
  const at = new Map(journal.ids.map((id, i) => [id, journal.at[i]]));
  for (const id of written) at.set(id, n + 1);
  if (at.size > JOURNAL_LIMIT) return emptyJournal(n + 1);
  return { key: JOURNAL_KEY, base: journal.base, stamp: n + 1, ids: [...at.keys()], at: [...at.values()] };
}

/**
 * Call inside every transaction that writes vectors (with `derived` in its scope), with the ids
 * of the papers whose vectors it wrote or deleted (more is harmless, fewer is not); returns the
 * new stamp. The ids go to the journal, which lets a cold start bring an older related snapshot
 * up to date by reading those vectors instead of all of them.
 */
export function bumpVectorStamp(db: GlossDB, written?: Iterable<string>): Promise<number> {
  return Promise.all([vectorStamp(db), db.derived.get(JOURNAL_KEY)]).then(([n, journal]) =>
    db.derived
      .bulkPut([
        { key: STAMP_KEY, value: n + 1 } satisfies VectorStampRecord,
        nextJournal(journal as RelatedJournalRecord | undefined, n, written),
      ] as DerivedRecord[])
      .then(() => n + 1),
  );
}

/**
 * The stored snapshot if it was taken at the current stamp, or at an older one the journal
 * covers (then `changed` lists the papers written since: their vectors, or their absence, are
 * what the snapshot lacks), and the current stamp. Its label is a small record of its own, read
 * first: deserializing a snapshot the journal cannot bring up to date only to drop it cost
 * ~100 ms of a cold start after a save.
 */
export function readSnapshot(db: GlossDB): Promise<{ snapshot?: RelatedSnapshotRecord; stamp: number; changed?: string[] }> {
  return db.transaction('r', db.derived, () =>
    Promise.all([db.derived.get(SNAPSHOT_LABEL_KEY), vectorStamp(db), db.derived.get(JOURNAL_KEY)]).then(([label, stamp, j]) => {
      const taken = (label as SnapshotLabelRecord | undefined)?.stamp;
      const journal = j as RelatedJournalRecord | undefined;
      if (taken === undefined || taken > stamp) return { stamp };
      let changed: string[] = [];
      if (taken < stamp) {
        if (!journal || journal.stamp !== stamp || journal.base > taken || journal.ids.length !== journal.at.length) return { stamp };
        changed = journal.ids.filter((_, i) => journal.at[i] > taken);
      }
      return db.derived.get(SNAPSHOT_KEY).then((snapshot) => {
        const s = snapshot as RelatedSnapshotRecord | undefined;
        return s?.stamp === taken ? { snapshot: s, stamp, changed } : { stamp };
      });
    }),
  );
}

/**
 * Stores a snapshot with its label, together, and drops from the journal what the snapshot now
 * holds (the journal keeps only what a snapshot lacks).
 */
export function writeSnapshot(db: GlossDB, snapshot: RelatedSnapshotRecord): Promise<void> {
  const label: SnapshotLabelRecord = { key: SNAPSHOT_LABEL_KEY, stamp: snapshot.stamp, model: snapshot.model };
  const taken = snapshot.stamp;
  return db.transaction('rw', db.derived, () =>
    Promise.all([vectorStamp(db), db.derived.get(JOURNAL_KEY)]).then(([stamp, j]) => {
      const journal = j as RelatedJournalRecord | undefined;
      const records: DerivedRecord[] = [snapshot, label];
      if (journal && journal.base <= taken && journal.stamp >= taken && journal.ids.length === journal.at.length) {
        const keep = journal.at.flatMap((at, i) => (at > taken ? [i] : []));
        records.push({ ...journal, base: taken, ids: keep.map((i) => journal.ids[i]), at: keep.map((i) => journal.at[i]) });
      } else if (stamp === taken) records.push(emptyJournal(taken));
      return db.derived.bulkPut(records).then(() => undefined);
    }),
  );
}
