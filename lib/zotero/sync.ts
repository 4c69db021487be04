/**
 * Two-way sync between the local library and one Zotero library, following Zotero's syncing
 * guide: pull what changed since the last library version (paged, resumable), then push local
 * changes with per-object versions; a 412 means "pull again, merge, push again".
 *
 * A paper is "a Gloss paper" in Zotero when its item's `extra` has the line `Gloss: saved`;
 * Gloss's note is a child note starting with the heading "Gloss note". Every other item only
 * feeds the mirror ("in Zotero" on listings) and is never changed.
 *
 * Crash safety: every step is persisted before the next request — pull progress after each
 * page, papers to push (the outbox is acknowledged only once they are recorded), and each
 * create with its write token and item keys before it is sent. A worker stopped anywhere
 * resumes where it was; a create whose answer was lost is resent with the same token, Zotero
 * refuses it (412), and the items are found by the keys made here: never created twice.
 */
import { samePaperByTitle } from '../core/identity';
import { normalizeTags } from '../core/tags';
import { childrenOf, newObjectKey, newWriteToken, MAX_WRITE_OBJECTS, type ZoteroApi } from './api';
import { ZoteroError } from './errors';
import type { LocalLibrary, LocalPaper } from './local';
import {
  GLOSS_EXTRA_LINE,
  fromCreator,
  hasExtraLine,
  identityKeys,
  idsOfItem,
  itemToPaper,
  normalizeDate,
  paperToItemFields,
  setExtraLine,
  toCreator,
} from './map';
import { EMPTY_SNAPSHOT, changedFields, merge3, sameSnapshot } from './merge';
import { htmlToNote, isGlossNote, noteToHtml } from './note-html';
import type { Link, MirrorItem, PendingCreate, Snapshot, ZoteroStore } from './store';
import type { ZoteroItem, ZoteroItemData } from './types';

export interface SyncSettings {
  /** Collection new items from Gloss go into. */
  collectionKey?: string;
  /** Unsaving in Gloss deletes the Zotero item (off: it only loses the Gloss line). */
  deleteInZotero?: boolean;
  /**
   * Papers saved in Gloss become Zotero items (default). Off ("Gloss only"): nothing new is
   * added to Zotero; papers already linked keep syncing their notes and tags.
   */
  saveToZotero?: boolean;
}

export interface SyncProgress {
  phase: 'pull' | 'push';
  done: number;
  total: number;
}

export interface SyncReport {
  /** Items read from Zotero (all kinds). */
  pulled: number;
  /** Papers whose changes were written to Zotero. */
  pushed: number;
  /** Items (papers and notes) created in Zotero. */
  created: number;
  /** Papers whose note now holds two texts. */
  conflicts: string[];
  /** Papers whose Zotero item was deleted there (kept in Gloss, unlinked). */
  removedInZotero: string[];
  /** Pull/push rounds (more than one when Zotero changed under a push). */
  rounds: number;
}

interface PullProgress {
  since: number;
  /** The library version the key list describes: where the next pull starts. */
  target: number;
  /** Keys of the items changed since `since`, oldest change first. */
  keys: string[];
  /** How many of them are read and applied. */
  done: number;
}

/** Batches of keys read at once (the client keeps at most a few requests in flight). */
const PARALLEL_BATCHES = 3;

const PAPER_TYPES_SKIP = new Set(['note', 'attachment', 'annotation']);
const MAX_ROUNDS = 4;

function snapshotOf(p: LocalPaper): Snapshot {
  return {
    title: p.title,
    authors: p.authors,
    abstract: p.abstract ?? '',
    published: p.published ?? '',
    tags: normalizeTags(p.tags),
    // The note in the form it takes after a trip through HTML, so a trip is not a change.
    note: canonicalNote(p.note),
    saved: !p.deleted,
  };
}

export function canonicalNote(md: string): string {
  return md.trim() ? htmlToNote(noteToHtml(md)) : '';
}

function remoteSnapshot(d: ZoteroItemData, note: string): Snapshot {
  const creators = Array.isArray(d.creators) ? d.creators : [];
  const meta = itemToPaper(d);
  return {
    title: typeof d.title === 'string' ? d.title : '',
    authors: meta?.authors ?? creators.map(fromCreator),
    abstract: typeof d.abstractNote === 'string' ? d.abstractNote : '',
    published: normalizeDate(d.date) ?? '',
    tags: normalizeTags(manualTags(d)),
    note,
    saved: hasExtraLine(d.extra, GLOSS_EXTRA_LINE),
  };
}

/** Tags a person added (type 0); automatic ones (type 1, from publishers) stay in Zotero only. */
function manualTags(d: ZoteroItemData): string[] {
  return Array.isArray(d.tags) ? d.tags.filter((t) => t && typeof t.tag === 'string' && !t.type).map((t) => t.tag) : [];
}

function autoTags(d: ZoteroItemData): { tag: string; type: number }[] {
  return Array.isArray(d.tags) ? d.tags.filter((t) => t && typeof t.tag === 'string' && t.type).map((t) => ({ tag: t.tag, type: t.type! })) : [];
}

export function toMirrorItem(item: ZoteroItem): MirrorItem {
  const d = item.data;
  const meta = itemToPaper(d);
  const title = typeof d.title === 'string' ? d.title : '';
  return {
    key: item.key,
    version: item.version,
    title,
    identity: meta ? identityKeys(meta.ids, title, meta.id.startsWith('zotero:') ? undefined : meta.id) : identityKeys(idsOfItem(d), title),
    collections: Array.isArray(d.collections) ? d.collections.filter((c) => typeof c === 'string') : [],
    itemType: String(d.itemType),
    gloss: hasExtraLine(d.extra, GLOSS_EXTRA_LINE),
  };
}

/**
 * Whether a local paper and a Zotero item found for it are one paper: a shared identifier, or
 * (when only the title key matched) the same title with overlapping authors, as Gloss links a
 * preprint to its published version. Two papers may share a long title and nothing else.
 */
function samePaper(local: LocalPaper, remote: { id: string; ids: LocalPaper['ids']; title: string; authors: string[] }): boolean {
  const mine = new Set([local.id, ...local.aliases]);
  if (identityKeys(remote.ids, remote.title, remote.id).some((k) => !k.startsWith('title:') && mine.has(k))) return true;
  return samePaperByTitle(local, remote);
}

type LinkWithAuto = Link & { autoTags?: { tag: string; type: number }[] };

export interface SyncEngineOptions {
  api: ZoteroApi;
  prefix: string;
  local: LocalLibrary;
  store: ZoteroStore;
  settings?: () => SyncSettings | Promise<SyncSettings>;
  /** Name under which this engine acknowledges the local outbox. */
  consumer?: string;
  now?: () => number;
}

export class SyncEngine {
  private readonly api: ZoteroApi;
  private readonly prefix: string;
  private readonly local: LocalLibrary;
  private readonly store: ZoteroStore;
  private readonly settings: () => SyncSettings | Promise<SyncSettings>;
  private readonly consumer: string;
  private readonly now: () => number;
  private signal?: AbortSignal;
  /** This pull reads the whole library (since version 0). */
  private fullPull = false;

  constructor(o: SyncEngineOptions) {
    this.api = o.api;
    this.prefix = o.prefix;
    this.local = o.local;
    this.store = o.store;
    this.settings = o.settings ?? (() => ({}));
    this.consumer = o.consumer ?? 'zotero';
    this.now = o.now ?? Date.now;
  }

  async run({ signal, onProgress }: { signal?: AbortSignal; onProgress?: (p: SyncProgress) => void } = {}): Promise<SyncReport> {
    this.signal = signal;
    const report: SyncReport = { pulled: 0, pushed: 0, created: 0, conflicts: [], removedInZotero: [], rounds: 0 };
    // Creates left from a stopped run go first: their items may already exist in Zotero.
    await this.resendPending(report);
    for (;;) {
      report.rounds++;
      await this.pull(report, onProgress);
      const clean = await this.push(report, onProgress);
      if (clean) break;
      if (report.rounds >= MAX_ROUNDS) throw new ZoteroError('conflict', 'Zotero kept changing while Gloss wrote to it; sync will try again later.');
    }
    await this.store.set('lastSync', this.now());
    return report;
  }

  private check(): void {
    if (this.signal?.aborted) throw new ZoteroError('aborted', 'Sync stopped');
  }

  // ------------------------------------------------------------------ pull

  /**
   * Zotero's sync flow: the keys and versions of everything changed since the last library
   * version (one request), then the items by key, 50 at a time. Paging `?since=` with `start`
   * would shift under a library that changes meanwhile (an edit moves an item to the end of
   * the listing and the next page starts one item late); a key list taken once does not, and
   * whatever changes after it is read next time. The list and the position in it are saved after
   * every batch, so a stopped worker resumes where it was.
   */
  private async pull(report: SyncReport, onProgress?: (p: SyncProgress) => void): Promise<void> {
    const libraryVersion = (await this.store.get<number>('libraryVersion')) ?? 0;
    let prog = await this.store.get<PullProgress>('pull');
    if (!prog || prog.since !== libraryVersion) {
      const { versions, version } = await this.api.versions(this.prefix, libraryVersion, this.signal);
      const keys = Object.keys(versions).sort((a, b) => versions[a] - versions[b] || (a < b ? -1 : 1));
      prog = { since: libraryVersion, target: version, keys, done: 0 };
      await this.store.set('pull', prog);
    }
    const cols = await this.api.collections(this.prefix, prog.since, this.signal);
    await this.store.putCollections(
      cols.map((c) => ({
        key: c.key,
        name: String(c.data?.name ?? ''),
        parent: typeof c.data?.parentCollection === 'string' ? c.data.parentCollection : undefined,
      })),
    );

    const total = prog.keys.length;
    this.fullPull = prog.since === 0;
    onProgress?.({ phase: 'pull', done: prog.done, total });
    while (prog.done < total) {
      this.check();
      const batches: string[][] = [];
      for (let i = prog.done; i < total && batches.length < PARALLEL_BATCHES; i += MAX_WRITE_OBJECTS) batches.push(prog.keys.slice(i, i + MAX_WRITE_OBJECTS));
      const fetched = await Promise.all(batches.map((keys) => this.api.itemsByKey(this.prefix, keys, this.signal)));
      for (const [i, items] of fetched.entries()) {
        // Parents before their notes, as the key list is ordered by change.
        const order = new Map(batches[i].map((k, j) => [k, j]));
        items.sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0));
        await this.applyPage(items, report);
        report.pulled += items.length;
        prog.done += batches[i].length;
        await this.store.set('pull', prog);
        onProgress?.({ phase: 'pull', done: prog.done, total });
      }
    }
    const del = await this.api.deleted(this.prefix, prog.since, this.signal);
    await this.store.removeCollections(del.collections);
    await this.applyDeletions(del.items, report);
    await this.store.set('libraryVersion', prog.target);
    await this.store.set('pull', undefined);
    // Notes whose parent never turned out to be a Gloss item are not Gloss's.
    await this.store.set('orphanNotes', undefined);
    this.fullPull = false;
  }

  private async applyPage(items: ZoteroItem[], report: SyncReport): Promise<void> {
    const live = items.filter((i) => !i.data.deleted);
    const trashed = items.filter((i) => i.data.deleted).map((i) => i.key);
    const top = live.filter((i) => !PAPER_TYPES_SKIP.has(String(i.data.itemType)));
    await this.store.putItems(top.map(toMirrorItem));
    const notes = new Map<string, ZoteroItem>();
    for (const n of live) {
      if (n.data.itemType !== 'note' || typeof n.data.parentItem !== 'string') continue;
      if ((await this.store.linkByNote(n.key)) || isGlossNote(String(n.data.note ?? ''))) notes.set(n.data.parentItem, n);
    }
    // Most of a library is not Gloss's: only linked items and items with the Gloss line are read further.
    const linked = new Set((await this.store.links()).map((l) => l.itemKey));
    for (const item of top) {
      this.check();
      if (!linked.has(item.key) && !hasExtraLine(item.data.extra, GLOSS_EXTRA_LINE)) continue;
      await this.reconcile(item, notes.get(item.key), report);
      notes.delete(item.key);
    }
    // Notes edited in Zotero whose parent did not change; a Gloss note read before its parent
    // (same version, listed first) waits, saved, for the parent.
    const linkedNow = new Set((await this.store.links()).map((l) => l.itemKey));
    const waiting = (await this.store.get<Record<string, ZoteroItem>>('orphanNotes')) ?? {};
    let waited = false;
    for (const note of notes.values()) {
      const parent = String(note.data.parentItem);
      if (linkedNow.has(parent)) await this.reconcile(undefined, note, report);
      else {
        waiting[parent] = {
          key: note.key,
          version: note.version,
          data: {
            key: note.key,
            version: note.version,
            itemType: 'note',
            parentItem: parent,
            note: String(note.data.note ?? ''),
            dateModified: note.data.dateModified,
          },
        };
        waited = true;
      }
    }
    if (waited) await this.store.set('orphanNotes', waiting);
    if (trashed.length) await this.applyDeletions(trashed, report);
  }

  /**
   * Brings one Zotero item (and/or its Gloss note) into the local library.
   * @param adopt a local paper to link to this item although the item is not a Gloss one yet.
   */
  private async reconcile(item: ZoteroItem | undefined, note: ZoteroItem | undefined, report: SyncReport, adopt?: string): Promise<void> {
    const parentKey = item?.key ?? (note?.data.parentItem as string);
    let link = (await this.store.linkByItem(parentKey)) as LinkWithAuto | undefined;
    if (link && item && item.version <= link.itemVersion && (!note || note.version <= (link.noteVersion ?? -1))) return;

    if (!link) {
      if (!item || (!adopt && !hasExtraLine(item.data.extra, GLOSS_EXTRA_LINE))) return;
      const meta = itemToPaper(item.data);
      if (!meta) return;
      if (!note) {
        const waiting = (await this.store.get<Record<string, ZoteroItem>>('orphanNotes')) ?? {};
        note = waiting[item.key];
        if (note) {
          delete waiting[item.key];
          await this.store.set('orphanNotes', waiting);
        }
      }
      // In a full pull every note is in the key list (it comes before or after); a later pull
      // lists only what changed, and this item's note may be older.
      if (!note && !this.fullPull)
        note = (await childrenOf(this.api, this.prefix, item.key, this.signal)).find(
          (c) => c.data.itemType === 'note' && isGlossNote(String(c.data.note ?? '')),
        );
      const remote = remoteSnapshot(item.data, note ? htmlToNote(String(note.data.note ?? '')) : '');
      const candidate = adopt ? await this.local.get(adopt) : await this.local.findByIdentity(identityKeys(meta.ids, meta.title, meta.id));
      const found = candidate && samePaper(candidate, meta) ? candidate : undefined;
      if (adopt && !found) return;
      const fresh: LinkWithAuto = {
        paperId: found?.id ?? meta.id,
        itemKey: item.key,
        itemVersion: item.version,
        noteKey: note?.key,
        noteVersion: note?.version,
        extra: String(item.data.extra ?? ''),
        autoTags: autoTags(item.data),
        base: remote,
      };
      if (!found) {
        // Saved on another machine: a new paper here.
        const written = await this.local.applyFromSync({ id: meta.id, expectedVersion: undefined, paper: meta, note: remote.note, tags: remote.tags });
        if (!written) return;
        await this.store.putLink(fresh);
        return;
      }
      // The same paper on both sides, never linked: Zotero's metadata wins (it is the curated
      // copy), tags unite, and two different notes are both kept.
      const local = snapshotOf(found);
      // Saved: when Gloss adopts the item, Gloss's "saved" is the change (the item gets the Gloss
      // line); when another Gloss saved it, that save is the change (a local unsave is undone).
      link = {
        ...fresh,
        itemVersion: -1,
        base: {
          ...remote,
          title: local.title,
          authors: local.authors,
          abstract: local.abstract,
          published: local.published,
          tags: [],
          note: '',
          saved: adopt ? remote.saved : local.saved,
        },
      };
    }

    for (let attempt = 0; ; attempt++) {
      const paper = await this.local.get(link.paperId);
      const remote: Snapshot = item
        ? remoteSnapshot(item.data, note ? htmlToNote(String(note.data.note ?? '')) : link.base.note)
        : { ...link.base, note: htmlToNote(String(note!.data.note ?? '')) };
      if (!paper) {
        // The local record is gone entirely (not even a tombstone): take Zotero's.
        const meta = item && itemToPaper(item.data);
        if (meta)
          await this.local.applyFromSync({
            id: link.paperId,
            expectedVersion: undefined,
            paper: { ...meta, id: link.paperId },
            note: remote.note,
            tags: remote.tags,
          });
      } else {
        const local = snapshotOf(paper);
        const remoteTime = Date.parse(String((note ?? item)?.data.dateModified ?? '')) || 0;
        const { merged, noteConflict } = merge3(link.base, local, remote, (f) => (paper.mtimes?.[f === 'saved' ? 'saved' : f] ?? 0) > remoteTime);
        if (!sameSnapshot(merged, local)) {
          const meta = ['title', 'authors', 'abstract', 'published'].some((f) => (merged as never)[f] !== (local as never)[f]);
          const written = await this.local.applyFromSync({
            id: paper.id,
            expectedVersion: paper.version,
            ...(meta && {
              paper: {
                title: merged.title,
                authors: merged.authors,
                abstract: merged.abstract || undefined,
                published: merged.published || undefined,
                ...(item && { ids: idsOfItem(item.data) }),
              },
            }),
            ...(merged.note !== local.note && { note: merged.note }),
            ...(JSON.stringify(merged.tags) !== JSON.stringify(local.tags) && { tags: merged.tags }),
            ...(merged.saved !== local.saved && { deleted: !merged.saved }),
            ...(noteConflict && { noteConflict }),
          });
          if (!written) {
            // A local edit landed in between: merge again with it.
            if (attempt < 3) continue;
            await this.addDirty([paper.id]);
            return;
          }
        }
        if (noteConflict) report.conflicts.push(paper.id);
        if (!sameSnapshot(merged, remote)) await this.addDirty([paper.id]);
      }
      await this.store.putLink({
        ...link,
        itemVersion: item?.version ?? link.itemVersion,
        noteKey: note?.key ?? link.noteKey,
        noteVersion: note?.version ?? link.noteVersion,
        extra: item ? String(item.data.extra ?? '') : link.extra,
        autoTags: item ? autoTags(item.data) : link.autoTags,
        base: remote,
      } as LinkWithAuto);
      return;
    }
  }

  private async applyDeletions(keys: string[], report: SyncReport): Promise<void> {
    await this.store.removeItems(keys);
    for (const key of keys) {
      const link = await this.store.linkByItem(key);
      if (link) {
        // Never deletes anything here: the paper, its note and tags stay; the user is told.
        await this.store.removeLink(link.paperId);
        const removed = new Set((await this.store.get<string[]>('removedInZotero')) ?? []);
        removed.add(link.paperId);
        await this.store.set('removedInZotero', [...removed]);
        report.removedInZotero.push(link.paperId);
        continue;
      }
      const byNote = await this.store.linkByNote(key);
      if (byNote) {
        // Gloss's note was deleted in Zotero; the Gloss note stays and is written there again.
        await this.store.putLink({ ...byNote, noteKey: undefined, noteVersion: undefined, base: { ...byNote.base, note: '' } });
        await this.addDirty([byNote.paperId]);
      }
    }
  }

  // ------------------------------------------------------------------ push

  private async dirty(): Promise<string[]> {
    return (await this.store.get<string[]>('dirty')) ?? [];
  }

  private async addDirty(ids: string[]): Promise<void> {
    const cur = await this.dirty();
    const next = [...new Set([...cur, ...ids])];
    if (next.length !== cur.length) await this.store.set('dirty', next);
  }

  private async removeDirty(id: string): Promise<void> {
    const cur = await this.dirty();
    if (cur.includes(id))
      await this.store.set(
        'dirty',
        cur.filter((x) => x !== id),
      );
  }

  /** @returns false when Zotero refused a write as out of date (pull, merge and push again). */
  private async push(report: SyncReport, onProgress?: (p: SyncProgress) => void): Promise<boolean> {
    // The outbox is acknowledged only after its papers are recorded as to push.
    let cursor = await this.local.cursor(this.consumer);
    for (;;) {
      const batch = await this.local.changes(cursor, 500);
      if (!batch.length) break;
      await this.addDirty(batch.map((e) => e.id));
      cursor = batch[batch.length - 1].seq;
      await this.local.ack(this.consumer, cursor);
    }
    const settings = await this.settings();
    // The first sync with a library writes every paper already saved (after the first pull, so
    // the ones already in Zotero are linked, not doubled).
    if (!(await this.store.get<boolean>('seeded'))) {
      await this.addDirty(await this.local.savedIds());
      await this.store.set('seeded', true);
    }
    const ids = await this.dirty();
    let clean = true;
    const creates: { objects: Partial<ZoteroItemData>[]; link: PendingCreate['links'][number] }[] = [];
    const updates: { object: Partial<ZoteroItemData>; paperId: string; part: 'item' | 'note'; snap: Snapshot }[] = [];
    let done = 0;
    for (const id of ids) {
      this.check();
      const paper = await this.local.get(id);
      if (!paper) {
        await this.removeDirty(id);
        continue;
      }
      let link = (await this.store.linkByPaper(id)) as LinkWithAuto | undefined;
      if (!link) {
        if (paper.deleted || settings.saveToZotero === false) {
          await this.removeDirty(id);
          continue;
        }
        // Already in Zotero (saved there before, or by hand)? Link to it instead of doubling it.
        const hit = await this.store.lookup(identityKeys(paper.ids, paper.title, paper.id));
        const item = hit && (await this.api.item(this.prefix, hit.itemKey, this.signal));
        if (item) {
          await this.reconcile(item, undefined, report, paper.id);
          link = (await this.store.linkByPaper(id)) as LinkWithAuto | undefined;
        }
      }
      const fresh = (await this.local.get(id))!;
      const snap = snapshotOf(fresh);
      if (!link) {
        creates.push(this.planCreate(fresh, snap, settings));
        continue;
      }
      const fields = changedFields(link.base, snap);
      if (!fields.length) {
        await this.removeDirty(id);
        continue;
      }
      if (fresh.deleted && settings.deleteInZotero && fields.includes('saved')) {
        const status = await this.api.deleteItem(this.prefix, link.itemKey, link.itemVersion, this.signal);
        if (status === 412) clean = false;
        else {
          await this.store.removeLink(id);
          await this.store.removeItems([link.itemKey]);
          await this.removeDirty(id);
        }
        continue;
      }
      const itemFields = fields.filter((f) => f !== 'note');
      if (itemFields.length) {
        const object: Partial<ZoteroItemData> = { key: link.itemKey, version: link.itemVersion };
        if (itemFields.includes('title')) object.title = snap.title;
        if (itemFields.includes('authors')) object.creators = snap.authors.map(toCreator);
        if (itemFields.includes('abstract')) object.abstractNote = snap.abstract;
        if (itemFields.includes('published')) object.date = snap.published;
        if (itemFields.includes('tags')) object.tags = [...snap.tags.map((tag) => ({ tag })), ...(link.autoTags ?? [])];
        if (itemFields.includes('saved')) object.extra = setExtraLine(link.extra, GLOSS_EXTRA_LINE, snap.saved);
        updates.push({ object, paperId: id, part: 'item', snap });
      }
      if (fields.includes('note')) {
        if (link.noteKey)
          updates.push({ object: { key: link.noteKey, version: link.noteVersion ?? 0, note: noteToHtml(fresh.note) }, paperId: id, part: 'note', snap });
        else if (snap.note)
          creates.push({
            objects: [{ key: newObjectKey(), itemType: 'note', parentItem: link.itemKey, note: noteToHtml(fresh.note), tags: [] }],
            link: { paperId: id, parentKey: link.itemKey, base: snap },
          });
      }
    }

    // Creates: each batch persisted with its token and keys before it is sent.
    const batches: (typeof creates)[] = [];
    for (const c of creates) {
      const last = batches[batches.length - 1];
      if (last && last.reduce((n, x) => n + x.objects.length, 0) + c.objects.length <= MAX_WRITE_OBJECTS) last.push(c);
      else batches.push([c]);
    }
    for (const batch of batches) {
      this.check();
      const pending: PendingCreate = {
        token: newWriteToken(),
        at: this.now(),
        objects: batch.flatMap((c) => c.objects),
        links: batch.map((c) => ({ ...c.link, noteKey: c.objects.find((o) => o.itemType === 'note')?.key })),
      };
      await this.store.putPending(pending);
      await this.sendPending(pending, report);
      onProgress?.({ phase: 'push', done: (done += batch.length), total: creates.length + updates.length });
    }

    for (let i = 0; i < updates.length; i += MAX_WRITE_OBJECTS) {
      this.check();
      const batch = updates.slice(i, i + MAX_WRITE_OBJECTS);
      const res = await this.api.writeItems(
        this.prefix,
        batch.map((u) => u.object),
        { signal: this.signal },
      );
      if (res.status === 412) {
        clean = false;
        continue;
      }
      const r = res.result ?? {};
      const pushedIds = new Set<string>();
      for (const [k, u] of batch.entries()) {
        const failed = r.failed?.[k];
        if (failed) {
          if (failed.code === 412 || failed.code === 428) clean = false;
          else if (failed.code === 404) await this.applyDeletions([String(u.object.key)], report);
          else await this.recordError(u.paperId, `Zotero refused a change (${failed.code}: ${failed.message})`);
          continue;
        }
        const version = r.successful?.[k]?.version ?? (r.unchanged?.[k] ? Number(u.object.version) : undefined);
        if (version === undefined) continue;
        const link = (await this.store.linkByPaper(u.paperId)) as LinkWithAuto | undefined;
        if (!link) continue;
        const sent = u.snap;
        if (u.part === 'item') {
          await this.store.putLink({
            ...link,
            itemVersion: version,
            extra: (u.object.extra as string | undefined) ?? link.extra,
            base: { ...sent, note: link.base.note },
          });
        } else {
          await this.store.putLink({ ...link, noteVersion: version, base: { ...link.base, note: sent.note } });
        }
        pushedIds.add(u.paperId);
      }
      report.pushed += pushedIds.size;
      onProgress?.({ phase: 'push', done: (done += batch.length), total: creates.length + updates.length });
    }

    // What is in sync now leaves the list; the rest stays for the next round.
    for (const id of await this.dirty()) {
      const paper = await this.local.get(id);
      const link = await this.store.linkByPaper(id);
      if (!paper || (link && sameSnapshot(link.base, snapshotOf(paper))) || (!link && paper.deleted)) await this.removeDirty(id);
    }
    return clean;
  }

  private planCreate(paper: LocalPaper, snap: Snapshot, settings: SyncSettings): { objects: Partial<ZoteroItemData>[]; link: PendingCreate['links'][number] } {
    const itemKey = newObjectKey();
    const fields = paperToItemFields(paper);
    const objects: Partial<ZoteroItemData>[] = [
      { key: itemKey, ...fields, tags: snap.tags.map((tag) => ({ tag })), collections: settings.collectionKey ? [settings.collectionKey] : [] },
    ];
    if (snap.note) objects.push({ key: newObjectKey(), itemType: 'note', parentItem: itemKey, note: noteToHtml(paper.note), tags: [] });
    return { objects, link: { paperId: paper.id, itemKey, parentKey: itemKey, base: snap } };
  }

  private async resendPending(report: SyncReport): Promise<void> {
    for (const p of await this.store.pendingCreates()) {
      this.check();
      await this.sendPending(p, report);
    }
  }

  private async sendPending(p: PendingCreate, report: SyncReport): Promise<void> {
    const res = await this.api.writeItems(this.prefix, p.objects, { writeToken: p.token, signal: this.signal });
    const byKey = new Map<string, ZoteroItem>();
    if (res.status === 412) {
      // The token was used: this batch was created before and its answer lost. Find it by key.
      for (const it of await this.api.itemsByKey(
        this.prefix,
        p.objects.map((o) => String(o.key)),
        this.signal,
      ))
        byKey.set(it.key, it);
    } else {
      const r = res.result ?? {};
      for (const [i, o] of p.objects.entries()) {
        const ok = r.successful?.[i];
        if (ok) byKey.set(String(o.key), ok);
        const failed = r.failed?.[i];
        if (failed?.code === 428) {
          // The key exists already (made by an earlier run whose state was lost): adopt it.
          const it = await this.api.item(this.prefix, String(o.key), this.signal);
          if (it) byKey.set(it.key, it);
        } else if (failed) {
          const plan = p.links.find((l) => l.itemKey === o.key || l.noteKey === o.key);
          if (plan) await this.recordError(plan.paperId, `Zotero refused a new item (${failed.code}: ${failed.message})`);
        }
      }
    }
    for (const plan of p.links) {
      const item = plan.itemKey ? byKey.get(plan.itemKey) : undefined;
      const note = plan.noteKey ? byKey.get(plan.noteKey) : undefined;
      if (plan.itemKey) {
        if (!item) continue;
        report.created += 1 + (note ? 1 : 0);
        await this.store.putItems([toMirrorItem(item)]);
        await this.store.putLink({
          paperId: plan.paperId,
          itemKey: item.key,
          itemVersion: item.version,
          noteKey: note?.key,
          noteVersion: note?.version,
          extra: String(item.data.extra ?? ''),
          base: { ...plan.base, note: note ? plan.base.note : '' },
        });
      } else if (note) {
        report.created++;
        const link = await this.store.linkByPaper(plan.paperId);
        if (link) await this.store.putLink({ ...link, noteKey: note.key, noteVersion: note.version, base: { ...link.base, note: plan.base.note } });
      }
    }
    await this.store.removePending(p.token);
  }

  private async recordError(paperId: string, message: string): Promise<void> {
    await this.store.set('lastError', { kind: 'rejected', message, paperId, at: this.now() });
    // Retrying cannot fix a refusal; it stays in the status until the paper changes again.
    await this.removeDirty(paperId);
  }
}

export { EMPTY_SNAPSHOT };
