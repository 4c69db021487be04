/**
 * What Zotero sync keeps between runs, in its own database (`gloss-zotero`, separate from the
 * library's so neither schema waits for the other): the mirror of the user's Zotero library
 * (one row per top-level item, indexed by every identity key), its collections, the link between
 * each synced paper and its item, creates waiting for an answer (with their write tokens), and
 * small state (library version, pull progress, papers to push).
 */
import Dexie, { type EntityTable } from 'dexie';
import type { ZoteroItemData } from './types';

/** A top-level Zotero item as the mirror keeps it: enough to mark a listing row. */
export interface MirrorItem {
  key: string;
  version: number;
  title: string;
  /** Every alias of the paper (lib/core/ids.ts) and `title:<normalized title>`. */
  identity: string[];
  collections: string[];
  itemType: string;
  /** The item is one Gloss keeps (its `extra` has GLOSS_EXTRA_LINE). */
  gloss: boolean;
}

export interface MirrorCollection {
  key: string;
  name: string;
  parent?: string;
}

/** The synced fields of a paper as both sides last agreed on them (the base of a 3-way merge). */
export interface Snapshot {
  title: string;
  authors: string[];
  abstract: string;
  published: string;
  tags: string[];
  note: string;
  /** Saved in Gloss (the item carries the Gloss line in `extra`). */
  saved: boolean;
}

export interface Link {
  paperId: string;
  itemKey: string;
  itemVersion: number;
  /** Gloss's child note, once there is one. */
  noteKey?: string;
  noteVersion?: number;
  /** The item's `extra` as last seen, so the Gloss line is added or removed without touching the rest. */
  extra: string;
  base: Snapshot;
}

/** A create sent (or about to be) with its write token: resent as is until Zotero answers. */
export interface PendingCreate {
  token: string;
  at: number;
  objects: Partial<ZoteroItemData>[];
  /** What to link once created (keys are made here, before sending). */
  links: { paperId: string; itemKey?: string; parentKey: string; noteKey?: string; base: Snapshot }[];
}

/** One identity key of one item: listings look rows up by primary key, the fastest read IndexedDB has. */
interface IdentityRow {
  id: string;
  itemKey: string;
}

interface KvRow {
  k: string;
  v: unknown;
}

export class ZoteroDB extends Dexie {
  items!: EntityTable<MirrorItem, 'key'>;
  identities!: EntityTable<IdentityRow, 'id'>;
  collections!: EntityTable<MirrorCollection, 'key'>;
  links!: EntityTable<Link, 'paperId'>;
  pending!: EntityTable<PendingCreate, 'token'>;
  kv!: EntityTable<KvRow, 'k'>;

  constructor(name = 'gloss-zotero') {
    super(name);
    this.version(1).stores({
      items: '&key',
      identities: '&id, itemKey',
      collections: '&key',
      links: '&paperId, &itemKey, noteKey',
      pending: '&token, at',
      kv: '&k',
    });
  }
}

export interface MirrorHit {
  itemKey: string;
  title: string;
  collections: MirrorCollection[];
  /** The item is one Gloss keeps. */
  gloss: boolean;
}

/** The read side listing rows use: "is this paper in Zotero, which item, which collections". */
export interface ZoteroMirror {
  lookup(identity: string[]): Promise<MirrorHit | undefined>;
  /** One answer per paper that is in Zotero, keyed by the caller's id. */
  lookupMany(papers: { id: string; identity: string[] }[]): Promise<Map<string, MirrorHit>>;
  count(): Promise<number>;
}

export class ZoteroStore implements ZoteroMirror {
  constructor(readonly db: ZoteroDB = new ZoteroDB()) {}

  // ---- mirror ----

  async putItems(items: MirrorItem[]): Promise<void> {
    if (!items.length) return;
    await this.db.transaction('rw', [this.db.items, this.db.identities], async () => {
      const old = await this.db.items.bulkGet(items.map((i) => i.key));
      const stale = old.flatMap((o, k) => (o ? o.identity.filter((id) => !items[k].identity.includes(id)) : []));
      if (stale.length) await this.db.identities.bulkDelete(stale);
      await this.db.items.bulkPut(items);
      await this.db.identities.bulkPut(items.flatMap((i) => i.identity.map((id) => ({ id, itemKey: i.key }))));
    });
  }

  async removeItems(keys: string[]): Promise<void> {
    if (!keys.length) return;
    await this.db.transaction('rw', [this.db.items, this.db.identities], async () => {
      const old = await this.db.items.bulkGet(keys);
      // Only rows still pointing at these items: another item may share an identity key.
      const ids = old.flatMap((o) => o?.identity ?? []);
      const rows = await this.db.identities.bulkGet(ids);
      await this.db.identities.bulkDelete(rows.filter((r): r is IdentityRow => !!r && keys.includes(r.itemKey)).map((r) => r.id));
      await this.db.items.bulkDelete(keys);
    });
  }

  async putCollections(cols: MirrorCollection[]): Promise<void> {
    if (cols.length) await this.db.collections.bulkPut(cols);
  }

  async removeCollections(keys: string[]): Promise<void> {
    if (keys.length) await this.db.collections.bulkDelete(keys);
  }

  async item(key: string): Promise<MirrorItem | undefined> {
    return this.db.items.get(key);
  }

  async lookup(identity: string[]): Promise<MirrorHit | undefined> {
    return (await this.lookupMany([{ id: '', identity }])).get('');
  }

  async lookupMany(papers: { id: string; identity: string[] }[]): Promise<Map<string, MirrorHit>> {
    const all = [...new Set(papers.flatMap((p) => p.identity))];
    const out = new Map<string, MirrorHit>();
    if (!all.length) return out;
    const rows = await this.db.identities.bulkGet(all);
    const itemOf = new Map(all.map((id, k) => [id, rows[k]?.itemKey]));
    const keys = [...new Set(rows.flatMap((r) => (r ? [r.itemKey] : [])))];
    const items = new Map((await this.db.items.bulkGet(keys)).flatMap((i) => (i ? [[i.key, i] as const] : [])));
    const colKeys = [...new Set([...items.values()].flatMap((i) => i.collections))];
    const cols = new Map((await this.db.collections.bulkGet(colKeys)).flatMap((c) => (c ? [[c.key, c] as const] : [])));
    for (const p of papers) {
      const key = p.identity.map((k) => itemOf.get(k)).find(Boolean);
      const item = key && items.get(key);
      if (item)
        out.set(p.id, {
          itemKey: item.key,
          title: item.title,
          gloss: item.gloss,
          collections: item.collections.map((c) => cols.get(c)).filter((c): c is MirrorCollection => !!c),
        });
    }
    return out;
  }

  count(): Promise<number> {
    return this.db.items.count();
  }

  // ---- links and pending creates ----

  linkByPaper(paperId: string): Promise<Link | undefined> {
    return this.db.links.get(paperId);
  }

  linkByItem(itemKey: string): Promise<Link | undefined> {
    return this.db.links.where('itemKey').equals(itemKey).first();
  }

  linkByNote(noteKey: string): Promise<Link | undefined> {
    return this.db.links.where('noteKey').equals(noteKey).first();
  }

  async putLink(link: Link): Promise<void> {
    await this.db.links.put(link);
  }

  async removeLink(paperId: string): Promise<void> {
    await this.db.links.delete(paperId);
  }

  links(): Promise<Link[]> {
    return this.db.links.toArray();
  }

  pendingCreates(): Promise<PendingCreate[]> {
    return this.db.pending.orderBy('at').toArray();
  }

  async putPending(p: PendingCreate): Promise<void> {
    await this.db.pending.put(p);
  }

  async removePending(token: string): Promise<void> {
    await this.db.pending.delete(token);
  }

  // ---- small state ----

  async get<T>(k: string): Promise<T | undefined> {
    return (await this.db.kv.get(k))?.v as T | undefined;
  }

  async set(k: string, v: unknown): Promise<void> {
    if (v === undefined) await this.db.kv.delete(k);
    else await this.db.kv.put({ k, v });
  }

  /** Forgets everything (disconnect, or another library chosen). */
  async clear(): Promise<void> {
    await this.db.transaction('rw', [this.db.items, this.db.identities, this.db.collections, this.db.links, this.db.pending, this.db.kv], async () => {
      await Promise.all([
        this.db.items.clear(),
        this.db.identities.clear(),
        this.db.collections.clear(),
        this.db.links.clear(),
        this.db.pending.clear(),
        this.db.kv.clear(),
      ]);
    });
  }
}
