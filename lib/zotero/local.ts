/**
 * What Zotero sync needs of the local library. The background implements it over the store
 * (versions, per-field mtimes, tombstones, the outbox of committed changes); tests use
 * MemoryLibrary (local-memory.ts).
 */
import type { PaperMeta, PaperRecord } from '../core/types';

/** A paper as the store keeps it, with the fields the change feed adds. */
export interface LocalPaper extends PaperRecord {
  version: number;
  /** When each field last changed here (ms); absent fields count as "long ago". */
  mtimes?: Partial<Record<string, number>>;
  /** Set when unsaved: a tombstone, still readable, with its note and tags. */
  deleted?: number;
}

/** One committed change, in commit order. */
export interface OutboxEntry {
  seq: number;
  id: string;
  version: number;
  at: number;
  fields: string[];
  deleted?: boolean;
}

/** A write coming from Zotero. It never enters the outbox (it must not echo back). */
export interface SyncWrite {
  id: string;
  /**
   * The record's version this write was computed from; undefined to create a record that
   * does not exist yet (or replace a tombstone). A record at any other version is left alone
   * and the write answers null: a local edit came in between, and sync merges again.
   */
  expectedVersion: number | undefined;
  /** Metadata to set (title, authors, abstract, published, ids, links). */
  paper?: Pick<PaperMeta, 'title' | 'authors' | 'abstract' | 'published'> & Partial<Pick<PaperMeta, 'ids' | 'links' | 'id'>>;
  note?: string;
  tags?: string[];
  /** true: unsave (tombstone, note and tags kept); false: saved again. */
  deleted?: boolean;
  /** The note holds two texts written on two sides (joined by NOTE_CONFLICT_SEPARATOR). */
  noteConflict?: boolean;
}

export interface LocalLibrary {
  /** Committed changes after `afterSeq`, oldest first. */
  changes(afterSeq: number, limit: number): Promise<OutboxEntry[]>;
  /** The last seq a consumer acknowledged (0 when none). */
  cursor(consumer: string): Promise<number>;
  ack(consumer: string, seq: number): Promise<void>;
  /** Ids of every saved paper (no tombstones): what a first sync with a library writes to it. */
  savedIds(): Promise<string[]>;
  /** A paper by its id, tombstones included. */
  get(id: string): Promise<LocalPaper | undefined>;
  /** A paper by any identity key: `arxiv:…`, `doi:…`, `url:…`, or `title:<normalized title>`. */
  findByIdentity(keys: string[]): Promise<LocalPaper | undefined>;
  applyFromSync(write: SyncWrite): Promise<LocalPaper | null>;
}
