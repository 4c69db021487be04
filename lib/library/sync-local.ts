/**
 * The local library as a sync backend sees it (lib/zotero/local.ts), over the one store: the
 * outbox with a cursor per consumer, papers by id or identity with their tombstones, and writes
 * that come from the remote side. Those go through the store like any write (versions, indexes,
 * open tabs follow) but as `origin: 'sync'`, so they never enter the outbox and echo back.
 */
import type { GlossDB, TombstoneRecord } from '../db/schema';
import { normalizeTitle } from '../core/ids';
import type { LocalLibrary, LocalPaper, OutboxEntry, SyncWrite } from '../zotero/local';
import type { PaperMeta, PaperRecord } from '../core/types';
import { aliasesOfPaper } from '../core/identity';
import { newRecord } from './service';
import type { PaperStore } from './store';
import { normalizeTags } from '../core/tags';

const cursorKey = (consumer: string) => `sync-cursor:${consumer}`;

/** A title key long enough to name one paper on its own (short ones are "Introduction"). */
const MIN_TITLE_KEY = 20;

export class SyncLocal implements LocalLibrary {
  constructor(
    private readonly db: GlossDB,
    private readonly store: PaperStore,
    private readonly now: () => number = Date.now,
  ) {}

  async changes(afterSeq: number, limit: number): Promise<OutboxEntry[]> {
    const entries = await this.store.outbox({ after: afterSeq, limit });
    return entries.map((e) => ({ ...e, seq: e.seq! }));
  }

  async cursor(consumer: string): Promise<number> {
    return ((await this.db.kv.get(cursorKey(consumer)))?.value as number | undefined) ?? 0;
  }

  /** One consumer (the sync backend) owns the outbox: what it has dealt with is dropped. */
  async ack(consumer: string, seq: number): Promise<void> {
    const was = await this.cursor(consumer);
    await this.db.kv.put({ key: cursorKey(consumer), value: Math.max(was, seq) });
    await this.store.ackOutbox({ through: seq });
  }

  async savedIds(): Promise<string[]> {
    return (await this.db.papers.toCollection().primaryKeys()) as string[];
  }

  private live(rec: PaperRecord): LocalPaper {
    return { ...rec, version: rec.version ?? 0, mtimes: { saved: rec.savedAt, ...rec.mtimes } };
  }

  /** A deleted paper as it was when removed (from the trash while it is there), marked deleted. */
  private async dead(tomb: TombstoneRecord): Promise<LocalPaper> {
    const trashed = await this.db.trash.get(tomb.id);
    const base: PaperRecord = trashed
      ? (({ removedAt: _, ...rec }) => rec)(trashed)
      : {
          id: tomb.id,
          ids: {},
          title: '',
          authors: [],
          links: {},
          source: 'deleted',
          aliases: tomb.aliases,
          titleKey: '',
          note: '',
          tags: [],
          savedAt: 0,
          updatedAt: tomb.deletedAt,
        };
    return { ...base, version: tomb.version, deleted: tomb.deletedAt, mtimes: { ...base.mtimes, saved: tomb.deletedAt } };
  }

  async get(id: string): Promise<LocalPaper | undefined> {
    const rec = await this.db.papers.get(id);
    if (rec) return this.live(rec);
    const tomb = await this.db.tombstones.get(id);
    return tomb ? this.dead(tomb) : undefined;
  }

  async findByIdentity(keys: string[]): Promise<LocalPaper | undefined> {
    const ids = keys.filter((k) => !k.startsWith('title:'));
    const titles = keys.filter((k) => k.startsWith('title:') && k.length - 6 >= MIN_TITLE_KEY).map((k) => k.slice(6));
    const rec =
      (ids.length ? await this.db.papers.where('aliases').anyOf(ids).first() : undefined) ??
      (titles.length ? await this.db.papers.where('titleKey').anyOf(titles).first() : undefined);
    if (rec) return this.live(rec);
    const tomb = ids.length ? await this.db.tombstones.where('aliases').anyOf(ids).first() : undefined;
    return tomb ? this.dead(tomb) : undefined;
  }

  async applyFromSync(w: SyncWrite): Promise<LocalPaper | null> {
    const t = this.now();
    const applied = await this.store.write(
      async (writer) => {
        const [live, tomb, trashed] = await Promise.all([this.db.papers.get(w.id), this.db.tombstones.get(w.id), this.db.trash.get(w.id)]);
        const version = live?.version ?? tomb?.version;
        if (w.expectedVersion === undefined ? !!live : version !== w.expectedVersion) return false;
        if (live && w.deleted === true) {
          await this.db.trash.put({ ...live, removedAt: t });
          await writer.remove([live]);
          return true;
        }
        let next: PaperRecord;
        if (live) {
          next = { ...live, updatedAt: t };
          if (w.paper) {
            next = {
              ...next,
              title: w.paper.title,
              titleKey: normalizeTitle(w.paper.title),
              authors: w.paper.authors,
              abstract: w.paper.abstract,
              published: w.paper.published,
            };
            if (w.paper.ids) next.aliases = [...new Set([...next.aliases, ...aliasesOfPaper({ ...next, ids: { ...next.ids, ...w.paper.ids } })])];
          }
        } else {
          if (w.deleted === true) return true; // deleted on both sides
          // Saved again (or first saved) on the other side: back from the trash, or new.
          const fromTrash = trashed && (({ removedAt: _, ...rec }) => rec)(trashed);
          if (!fromTrash && !w.paper) throw new Error(`A paper new to this library needs its metadata (${w.id}).`);
          const meta = w.paper && ({ links: {}, source: 'zotero', ids: {}, ...(fromTrash ?? {}), ...w.paper, id: w.id } as PaperMeta);
          next = fromTrash
            ? {
                ...fromTrash,
                ...(meta && { title: meta.title, authors: meta.authors, abstract: meta.abstract, published: meta.published }),
                savedAt: t,
                updatedAt: t,
              }
            : newRecord(meta!, t);
          if (trashed) await this.db.trash.delete(w.id);
        }
        if (w.note !== undefined) next.note = w.note;
        if (w.tags !== undefined) next.tags = normalizeTags(w.tags);
        await writer.put([next]);
        return true;
      },
      { origin: 'sync', also: [this.db.trash] },
    );
    return applied ? ((await this.get(w.id)) ?? null) : null;
  }
}
