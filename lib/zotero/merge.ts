/**
 * Three-way merge of one paper's synced fields: what both sides last agreed on (base), what
 * Gloss has now (local) and what Zotero has now (remote). A field changed on one side takes
 * that side's value; changed on both: tags merge as sets (an addition on either side stays, a
 * removal on either side goes), a note keeps both texts (a conflict to show), and any other
 * field takes the side changed last.
 */
import { NOTE_CONFLICT_SEPARATOR } from '../core/notes';
import { normalizeTags } from '../core/tags';
import type { Snapshot } from './store';

export const SNAPSHOT_FIELDS = ['title', 'authors', 'abstract', 'published', 'tags', 'note', 'saved'] as const;
export type SnapshotField = (typeof SNAPSHOT_FIELDS)[number];

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const lower = (tags: string[]) => new Set(tags.map((t) => t.toLowerCase()));

export function mergeTags(base: string[], local: string[], remote: string[]): string[] {
  const b = lower(base);
  const l = lower(local);
  const r = lower(remote);
  return normalizeTags(
    [...local, ...remote].filter((t) => {
      const k = t.toLowerCase();
      const inL = l.has(k);
      const inR = r.has(k);
      if (inL && inR) return true;
      // On one side only: kept if that side added it, dropped if the other side removed it.
      return !b.has(k);
    }),
  );
}

/** Both texts, the kept one first; one that already contains the other is enough alone. */
export function uniteNotes(kept: string, other: string): string {
  if (!other.trim() || kept.includes(other)) return kept;
  if (!kept.trim() || other.includes(kept)) return other;
  return `${kept.trimEnd()}${NOTE_CONFLICT_SEPARATOR}${other}`;
}

export interface MergeResult {
  merged: Snapshot;
  /** The note was changed on both sides and now holds both texts. */
  noteConflict: boolean;
}

/**
 * @param localWins for a field changed on both sides, whether Gloss's change is the later one.
 */
export function merge3(base: Snapshot, local: Snapshot, remote: Snapshot, localWins: (f: SnapshotField) => boolean): MergeResult {
  const merged = { ...local };
  let noteConflict = false;
  for (const f of SNAPSHOT_FIELDS) {
    const l = local[f];
    const r = remote[f];
    const b = base[f];
    if (same(l, r) || same(r, b)) continue;
    if (same(l, b)) {
      (merged as Record<string, unknown>)[f] = r;
      continue;
    }
    if (f === 'tags') merged.tags = mergeTags(base.tags, local.tags, remote.tags);
    else if (f === 'note') {
      merged.note = uniteNotes(local.note, remote.note);
      noteConflict = merged.note !== local.note && merged.note !== remote.note;
    } else if (!localWins(f)) (merged as Record<string, unknown>)[f] = r;
  }
  return { merged, noteConflict };
}

export function sameSnapshot(a: Snapshot, b: Snapshot, fields: readonly SnapshotField[] = SNAPSHOT_FIELDS): boolean {
  return fields.every((f) => same(a[f], b[f]));
}

export function changedFields(from: Snapshot, to: Snapshot): SnapshotField[] {
  return SNAPSHOT_FIELDS.filter((f) => !same(from[f], to[f]));
}

export const EMPTY_SNAPSHOT: Snapshot = { title: '', authors: [], abstract: '', published: '', tags: [], note: '', saved: false };
