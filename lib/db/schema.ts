/**
 * The one schema of Gloss's database, owned by the background. Every version ever shipped
 * stays listed here; a new version appends an entry (with its upgrade function) and a
 * fixture + test in tests/unit/db-migrations.test.ts.
 */
import type { SearchIndexRecord } from '../library/search-index-store';
import type { SearchSnapshotRecord } from '../library/search-snapshot';
import Dexie, { type DexieOptions, type EntityTable, type Transaction } from 'dexie';
import { normalizeTitle } from '../core/ids';
import type { RelatedSnapshot } from '../search/related';
import type { TermVector } from '../search/terms';
import type { PaperRecord } from '../core/types';

/**
 * A paper's compact term vector for "related" (lib/search/terms.ts), kept beside the paper, as
 * two columns: IndexedDB reads 10k of them in about half the time it takes for the same vectors
 * as [term, count] pairs (v1–v3), a million small arrays to deserialize (bench/README.md).
 */
export interface VectorRecord {
  id: string;
  terms: string[];
  counts: number[];
  /**
   * The paper's topic vector (lib/search/topic-model.ts) and the id of the model that made it.
   * Absent on records written before topics or while the model was unavailable, and ignored
   * when another model made it: the related index recomputes those when it loads.
   */
  topic?: Int8Array;
  model?: number;
}

export const toVectorRecord = (id: string, v: TermVector, topic?: { vector: Int8Array; model: number }): VectorRecord => ({
  id,
  terms: v.map(([t]) => t),
  counts: v.map(([, c]) => c),
  ...(topic && { topic: topic.vector, model: topic.model }),
});

/**
 * Counts writes to the vectors table: every transaction that writes vectors increments it
 * (lib/db/derived.ts), so a snapshot taken at one count is known to be current while it holds.
 */
export interface VectorStampRecord {
  key: 'vectors-stamp';
  value: number;
}

/**
 * The whole related index in one record (RelatedIndex.snapshot): a cold worker reads one record
 * of a few typed arrays instead of 10k vector records, and skips interning and statistics.
 * Derived data: valid only while `stamp` equals the vectors stamp and `model` the loaded model.
 */
export interface RelatedSnapshotRecord extends RelatedSnapshot {
  key: 'related-snapshot';
  stamp: number;
  model: number;
}

/** What a snapshot was taken at, readable without reading the snapshot. */
export interface SnapshotLabelRecord {
  key: 'related-snapshot-label';
  stamp: number;
  model: number;
}

/**
 * The papers whose vectors were written after `base`, each with the stamp of its last write
 * (lib/db/derived.ts): with it a snapshot older than the stamp is brought up to date by reading
 * those vectors alone. Kept in the transaction that moves the stamp.
 */
export interface RelatedJournalRecord {
  key: 'related-journal';
  /** Every vector write after this stamp, up to `stamp`, is listed. */
  base: number;
  stamp: number;
  ids: string[];
  at: number[];
}

// The library search's columns (lib/library/search-snapshot.ts), under the same stamp.
export type DerivedRecord = VectorStampRecord | RelatedSnapshotRecord | SnapshotLabelRecord | RelatedJournalRecord | SearchSnapshotRecord | SearchIndexRecord;

/** A paper Gloss has shown the user, saved or not ("seen before"). */
export interface SeenRecord {
  id: string;
  title: string;
  firstSeen: number;
  lastSeen: number;
  count: number;
}

/** A local snapshot of the whole library (a Gloss backup file's text), for restoring. */
export interface BackupRecord {
  id?: number;
  at: number;
  count: number;
  reason: 'scheduled' | 'manual' | 'before-restore' | 'before-import';
  /**
   * The text; a Blob since issue 18 (storing a 100 MB string held the worker over a second at
   * 50,000 papers, a Blob ~10 ms), a string in backups taken before.
   */
  data: string | Blob;
}

/** The last visit of one listing page: which papers it showed then. */
export interface VisitRecord {
  key: string;
  at: number;
  ids: string[];
}

/** A paper the user removed: kept with its note and tags for 30 days so it can be restored. */
export interface TrashRecord extends PaperRecord {
  removedAt: number;
}

/** A note being typed that is not stored on its paper yet (the editor closed mid-sentence). */
export interface DraftRecord {
  /** The paper's id. */
  id: string;
  text: string;
  /** The stored note the draft started from: a draft older than a newer save is not restored over it. */
  base: string;
  at: number;
}

/** Small values only the background reads and writes (settings): never in storage.local, which content scripts can write. */
export interface KvRecord {
  key: string;
  value: unknown;
}

/**
 * What is left of a deleted paper: enough for a sync backend to delete it elsewhere and for a
 * paper saved again to carry on from its last version. The record itself goes to the trash.
 */
export interface TombstoneRecord {
  id: string;
  aliases: string[];
  /** The version the deletion was: one more than the record's last. */
  version: number;
  deletedAt: number;
}

/**
 * A paper changed since a sync backend last acknowledged (lib/library/store.ts). One entry per
 * paper: a later change replaces the entry, with a new seq and the fields of both.
 */
export interface OutboxEntry {
  seq?: number;
  id: string;
  version: number;
  at: number;
  fields: string[];
  deleted?: boolean;
}

/** A record's bookkeeping fields, not content: no modification time, never a changed field. */
export const BOOKKEEPING_FIELDS: ReadonlySet<string> = new Set(['id', 'version', 'mtimes', 'updatedAt', 'aliases', 'titleKey']);

export const DB_NAME = 'gloss';

export interface SchemaVersion {
  version: number;
  stores: Record<string, string | null>;
  upgrade?: (tx: Transaction) => Promise<void>;
}

export const SCHEMA: SchemaVersion[] = [
  {
    version: 1,
    // aliases is multi-entry so a lookup by any identifier (arXiv, DOI, ...) is one index query.
    stores: { papers: 'id, *aliases, savedAt, updatedAt, *tags' },
  },
  {
    version: 2,
    // titleKey links a preprint to its published version; vectors feed "related"; seen and
    // visits are the reading memory.
    stores: {
      papers: 'id, *aliases, savedAt, updatedAt, *tags, titleKey',
      vectors: 'id',
      seen: 'id, lastSeen',
      visits: 'key',
    },
    upgrade: async (tx) => {
      await tx
        .table('papers')
        .toCollection()
        .modify((p: PaperRecord) => {
          p.titleKey = normalizeTitle(p.title);
        });
      // Vectors are computed by the related engine when it first loads (missing ones are rebuilt).
    },
  },
  {
    version: 3,
    // Rolling local snapshots of the library for restore (lib/library/backups.ts).
    stores: { backups: '++id, at' },
  },
  {
    version: 4,
    // Vectors as columns (VectorRecord); no index changes.
    stores: {},
    upgrade: async (tx) => {
      await tx
        .table('vectors')
        .toCollection()
        .modify((r: Partial<VectorRecord> & { v?: TermVector }) => {
          if (!('v' in r)) return;
          // A damaged vector must not stop the upgrade: left unreadable, the related engine
          // rebuilds it from its paper on first load.
          try {
            Object.assign(r, toVectorRecord(r.id!, r.v!));
          } catch {
            // rebuilt later
          }
          delete r.v;
        });
    },
  },
  {
    version: 5,
    // Derived data kept for speed (lib/db/derived.ts): the vectors stamp and the related index's
    // snapshot. Empty after the upgrade; the first load of the related index fills it.
    stores: { derived: 'key' },
  },
  {
    version: 6,
    // Privacy: removed papers go to a trash for 30 days (undo); note drafts and settings move
    // here from storage.local, where a content script (a page's renderer) could read and write them.
    stores: { trash: 'id, removedAt', drafts: 'id', kv: 'key' },
  },
  {
    version: 7,
    // The seam for sync (lib/library/store.ts): every record carries a version and per-field
    // modification times, deletions leave tombstones, committed changes queue in an outbox.
    stores: { tombstones: 'id, *aliases, deletedAt', outbox: '++seq, &id' },
    upgrade: async (tx) => {
      await tx
        .table('papers')
        .toCollection()
        .modify((p: PaperRecord) => {
          // What a record held before v7 was last written at its updatedAt, as far as anyone knows.
          p.version = Math.max(1, p.version ?? 0);
          const t = p.updatedAt ?? p.savedAt ?? 0;
          p.mtimes = Object.fromEntries(
            Object.keys(p)
              .filter((k) => !BOOKKEEPING_FIELDS.has(k))
              .sort()
              .map((k) => [k, t]),
          );
        });
    },
  },
  {
    version: 8,
    // Vectors mark the words a user added in notes and tags (lib/search/terms.ts), which related
    // compares on their own. Vectors of papers with a note or tags were made without the marks:
    // dropped here, the related engine rebuilds them (and its snapshot) on first load.
    stores: {},
    upgrade: async (tx) => {
      const noted: string[] = [];
      await tx.table('papers').each((p: PaperRecord) => void ((p.note?.trim() || p.tags?.length) && noted.push(p.id)));
      await tx.table('vectors').bulkDelete(noted);
      // SNAPSHOT_KEY and SNAPSHOT_LABEL_KEY of lib/db/derived.ts (which imports this file).
      if (noted.length) await tx.table('derived').bulkDelete(['related-snapshot', 'related-snapshot-label']);
    },
  },
];

export const LATEST_VERSION = SCHEMA[SCHEMA.length - 1].version;

export class GlossDB extends Dexie {
  papers!: EntityTable<PaperRecord, 'id'>;
  vectors!: EntityTable<VectorRecord, 'id'>;
  seen!: EntityTable<SeenRecord, 'id'>;
  visits!: EntityTable<VisitRecord, 'key'>;
  backups!: EntityTable<BackupRecord, 'id'>;
  derived!: EntityTable<DerivedRecord, 'key'>;
  trash!: EntityTable<TrashRecord, 'id'>;
  drafts!: EntityTable<DraftRecord, 'id'>;
  kv!: EntityTable<KvRecord, 'key'>;
  tombstones!: EntityTable<TombstoneRecord, 'id'>;
  outbox!: EntityTable<OutboxEntry, 'seq'>;

  constructor(name = DB_NAME, options?: DexieOptions) {
    super(name, options);
    for (const v of SCHEMA) {
      const version = this.version(v.version).stores(v.stores);
      if (v.upgrade) version.upgrade(v.upgrade);
    }
  }
}
