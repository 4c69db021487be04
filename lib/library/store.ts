/**
 * The one writer of saved papers. Every write of a paper record goes through `write`: inside one
 * transaction it stamps each record's version and per-field modification times, stores the data
 * derived from it (the related engine's vectors), turns deletions into tombstones and appends what
 * changed to the outbox; once the transaction has committed it tells its subscribers (the search
 * and related engines, the background's notices to tabs and pages, a sync backend) what changed.
 *
 * Subscribers hear only committed changes, in commit order, so an index never shows a write that
 * was rolled back. The outbox is the seam a sync backend consumes: it holds one entry per paper
 * changed since the backend last acknowledged, never more, so it stays bounded by the library's
 * size even when nothing consumes it.
 */
import Dexie, { type Table } from 'dexie';
import { bumpVectorStamp } from '../db/derived';
import { BOOKKEEPING_FIELDS, toVectorRecord, type GlossDB, type OutboxEntry, type TombstoneRecord } from '../db/schema';
import type { PaperRecord } from '../core/types';
import type { PaperVectors } from './related-engine';

export type { OutboxEntry, TombstoneRecord };

/** One paper's committed change. */
export interface PaperChange {
  /** The record's id (its canonical id). */
  id: string;
  /** The version the write gave it: one more than any version it had before, deleted or not. */
  version: number;
  /** The content fields that changed (every field present, for a new record). */
  fields: string[];
  /** The record as committed; null when the paper was deleted. */
  record: PaperRecord | null;
  /** Every identifier of the paper, so a tab that shows it under any of them hears of it. */
  aliases: string[];
  /** What was stored beside it for "related" (absent for deletions). */
  vectors?: PaperVectors;
}

/** What one committed transaction changed. */
export interface Commit {
  changes: PaperChange[];
  /** The vectors stamp the transaction left (lib/db/derived.ts), when it wrote vectors. */
  stamp?: number;
  /** Too much changed to list (a replace import, delete everything): indexes reload. */
  reset?: boolean;
  /** Who wrote: the user through Gloss, or a sync backend applying remote changes. */
  origin: Origin;
}

/**
 * `local` writes enter the outbox; `sync` writes come from a sync backend and do not (they would
 * be sent back where they came from), and keep the modification times the backend gives;
 * `system` writes are Gloss filling in what older records lack (a citation key), not the user's.
 */
export type Origin = 'local' | 'sync' | 'system';

/** What the store derives from a record inside the same transaction (the related engine's vectors). */
export interface Derive {
  vectors(rec: PaperRecord): PaperVectors;
  /** Awaited before a write transaction opens (the topic model cannot be fetched inside one). */
  ready(): Promise<unknown>;
}

/** The writes a transaction may make. */
export interface StoreWriter {
  /**
   * Writes records (new or changed), each one version on; returns them as stored. `absent`: ids
   * the caller knows have neither a record nor a tombstone (an import's key sets), not read.
   */
  put(recs: PaperRecord[], hint?: { absent?: ReadonlySet<string> }): Promise<PaperRecord[]>;
  /** Deletes records, leaving tombstones. */
  remove(recs: PaperRecord[]): Promise<void>;
  /** Deletes every record, leaving tombstones; subscribers reload. Returns how many there were. */
  removeAll(): Promise<number>;
  /** Tells subscribers to reload rather than follow change by change (many records rewritten). */
  reloadAfter(): void;
}

export type CommitListener = (commit: Commit) => void;

/** JSON with object keys sorted at every level, so equal values compare equal. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object' && !ArrayBuffer.isView(v)) {
    const entries = Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stableJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

/** The content fields that differ between two states of a record (all present ones, for a new one). */
export function changedFields(before: PaperRecord | undefined, after: PaperRecord): string[] {
  const keys = new Set([...Object.keys(after), ...Object.keys(before ?? {})]);
  const a = after as unknown as Record<string, unknown>;
  const b = (before ?? {}) as Record<string, unknown>;
  return [...keys].filter((k) => !BOOKKEEPING_FIELDS.has(k) && stableJson(a[k]) !== stableJson(b[k])).sort();
}

export class PaperStore {
  private readonly listeners = new Set<CommitListener>();
  private readonly storedWatchers = new Set<(recs: PaperRecord[], removed: string[]) => void>();

  constructor(
    private readonly db: GlossDB,
    private readonly derive: Derive,
    private readonly now: () => number = Date.now,
  ) {}

  /** Calls back after every committed write, in commit order. Returns an unsubscribe. */
  subscribe(listener: CommitListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Calls back with the records a write stores and the ids it removes (leaving tombstones), as it
   * writes them: before the transaction commits (a write that rolls back was heard of too), quiet
   * writes included. For an import's key sets (lib/library/import-keys.ts), which may hold too
   * many keys but never too few. Returns an unsubscribe.
   */
  watchStored(watcher: (recs: PaperRecord[], removed: string[]) => void): () => void {
    this.storedWatchers.add(watcher);
    return () => this.storedWatchers.delete(watcher);
  }

  private emit(commit: Commit) {
    if (!commit.changes.length && !commit.reset) return;
    for (const listener of this.listeners) {
      try {
        listener(commit);
      } catch (err) {
        // One subscriber failing must not keep the others (or the caller) from the change.
        console.error('[gloss] a change subscriber failed', err);
      }
    }
  }

  /**
   * Runs `fn` in one transaction over the papers and what the store keeps beside them (plus
   * `also`), then announces what it changed. All or nothing: an error rolls everything back and
   * nobody hears of it. `reset` tells subscribers to reload rather than follow change by change
   * (an import of thousands). `textUnchanged`: the write changes nothing "related" reads (a
   * citation key), so the stored vectors stay as they are and are not recomputed.
   */
  async write<T>(
    fn: (w: StoreWriter) => Promise<T>,
    options: { also?: Table[]; origin?: Origin; reset?: boolean; textUnchanged?: boolean; quiet?: boolean } = {},
  ): Promise<T> {
    const origin = options.origin ?? 'local';
    if (!options.textUnchanged) await this.derive.ready();
    const { db } = this;
    const changes = new Map<string, PaperChange>();
    let reset = !!options.reset;
    let vectorsWritten = false;
    let stamp: number | undefined;
    // Read when something is written: a write that turns out empty leaves the clock alone.
    let stampedAt: number | undefined;
    const time = () => (stampedAt ??= this.now());

    // `fresh`: ids that had neither a record nor a tombstone, so no outbox entry either (an entry
    // is only written beside one of them, and neither goes without the other taking its place, or
    // both, deleteAll): a new paper needs no read. An import's parts are almost all new papers,
    // and `anyOf` walks the outbox's index one round trip per id (bench/README.md, issue 18).
    const queue = (entries: PaperChange[], fresh?: Set<string>) => {
      if (origin !== 'local' || !entries.length) return Promise.resolve();
      const known = fresh ? entries.filter((c) => !fresh.has(c.id)) : entries;
      // One entry per paper: an earlier, unacknowledged entry joins the new one (its fields too).
      return (
        known.length
          ? db.outbox
              .where('id')
              .anyOf(known.map((c) => c.id))
              .toArray()
          : Dexie.Promise.resolve([] as OutboxEntry[])
      ).then((old) => {
        const before = new Map(old.map((o) => [o.id, o]));
        return db.outbox.bulkDelete(old.map((o) => o.seq!)).then(() =>
          db.outbox.bulkAdd(
            entries.map((c): OutboxEntry => {
              const prev = before.get(c.id);
              const fields = [...new Set([...(prev?.fields ?? []), ...c.fields])].sort();
              return { id: c.id, version: c.version, at: time(), fields, ...(c.record === null && { deleted: true }) };
            }),
          ),
        );
      });
    };

    const writer: StoreWriter = {
      put: async (recs, hint) => {
        if (!recs.length) return [];
        const ids = recs.map((r) => r.id);
        const read = hint?.absent ? ids.filter((id) => !hint.absent!.has(id)) : ids;
        const [found, buried] = await Promise.all([db.papers.bulkGet(read), db.tombstones.bulkGet(read)]);
        const at = new Map(read.map((id, i) => [id, i]));
        const before = ids.map((id) => (at.has(id) ? found[at.get(id)!] : undefined));
        const graves = ids.map((id) => (at.has(id) ? buried[at.get(id)!] : undefined));
        const written: PaperChange[] = [];
        const stored = recs.map((rec, i) => {
          const prev = before[i] ?? undefined;
          const fields = changedFields(prev, rec);
          const version = Math.max(prev?.version ?? 0, graves[i]?.version ?? 0) + 1;
          const mtimes: Partial<Record<string, number>> = { ...(prev?.mtimes ?? {}) };
          for (const f of fields) mtimes[f] = origin === 'sync' && rec.mtimes?.[f] !== undefined ? rec.mtimes[f] : time();
          for (const f of Object.keys(mtimes)) if (!(f in rec)) delete mtimes[f];
          const next: PaperRecord = { ...rec, version, mtimes };
          written.push({
            id: next.id,
            version,
            fields,
            record: next,
            aliases: next.aliases,
            ...(!options.textUnchanged && { vectors: this.derive.vectors(next) }),
          });
          return next;
        });
        for (const watcher of this.storedWatchers) watcher(stored, []);
        await db.papers.bulkPut(stored);
        if (!options.textUnchanged) {
          await db.vectors.bulkPut(written.map((c) => toVectorRecord(c.id, c.vectors!.v, c.vectors!.topic)));
          vectorsWritten = true;
        }
        await db.tombstones.bulkDelete(graves.flatMap((g) => (g ? [g.id] : [])));
        await queue(written, new Set(ids.filter((_, i) => !before[i] && !graves[i])));
        for (const c of written) changes.set(c.id, c);
        return stored;
      },
      remove: async (recs) => {
        if (!recs.length) return;
        const ids = recs.map((r) => r.id);
        const current = await db.papers.bulkGet(ids);
        const gone = current.filter((r): r is PaperRecord => !!r);
        const graves = gone.map((r): TombstoneRecord => ({ id: r.id, aliases: r.aliases, version: (r.version ?? 0) + 1, deletedAt: time() }));
        for (const watcher of this.storedWatchers) watcher([], ids);
        await db.papers.bulkDelete(ids);
        await db.vectors.bulkDelete(ids);
        await db.tombstones.bulkPut(graves);
        const removed = graves.map((g): PaperChange => ({ id: g.id, version: g.version, fields: [], record: null, aliases: g.aliases }));
        await queue(removed);
        vectorsWritten = true;
        for (const c of removed) changes.set(c.id, c);
      },
      reloadAfter: () => void (reset = true),
      removeAll: async () => {
        const all = await db.papers.toArray();
        await writer.remove(all);
        reset = true;
        return all.length;
      },
    };

    const result = await db.transaction('rw', [db.papers, db.vectors, db.derived, db.tombstones, db.outbox, ...(options.also ?? [])], async () => {
      const out = await fn(writer);
      if (vectorsWritten) stamp = await bumpVectorStamp(db, changes.keys());
      return out;
    });
    // `quiet`: one of a series of writes whose writer announces a reset when the series ends (an
    // import in parts), so indexes and pages catch up once instead of after every part.
    if (!options.quiet) this.emit({ changes: [...changes.values()], stamp, reset, origin });
    return result;
  }

  /** Tells subscribers that everything may have changed (after the database was wiped). */
  announceReset() {
    this.emit({ changes: [], reset: true, origin: 'local' });
  }

  /** Outbox entries after `after` (a seq), oldest first. */
  outbox({ after = 0, limit = 100 }: { after?: number; limit?: number } = {}): Promise<OutboxEntry[]> {
    return this.db.outbox.where('seq').above(after).limit(limit).toArray();
  }

  /**
   * A consumer has dealt with every entry up to `through`. A paper changed again since has a
   * newer entry (a higher seq), which stays.
   */
  async ackOutbox({ through }: { through: number }): Promise<{ acknowledged: number }> {
    const acknowledged = await this.db.outbox.where('seq').belowOrEqual(through).delete();
    return { acknowledged };
  }

  /** The tombstone of a deleted paper, by any of its identifiers. */
  async tombstone(id: string): Promise<TombstoneRecord | undefined> {
    return (await this.db.tombstones.get(id)) ?? (await this.db.tombstones.where('aliases').equals(id).first());
  }
}
