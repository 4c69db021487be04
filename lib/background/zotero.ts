/**
 * Zotero in the background: the connection (key, library, collection) kept in the database where
 * no content script can read it, the sync engine (lib/zotero) over the store's seam (SyncLocal),
 * runs after local changes, on an alarm and on demand, one at a time, and the mirror that tells
 * listing rows "in Zotero".
 */
import type { GlossDB } from '../db/schema';
import type { LibraryService } from '../library/service';
import { SyncLocal } from '../library/sync-local';
import type { PaperMeta } from '../core/types';
import { createZoteroSync, ZoteroError, type ZoteroSync, type ZoteroSyncStatus } from '../zotero';
import { ZoteroApi } from '../zotero/api';
import { identityKeys } from '../zotero/map';
import type { MirrorHit } from '../zotero/store';
import { ZoteroStore } from '../zotero/store';
import { libraryPrefix, type LibraryRef } from '../zotero/types';

export const ZOTERO_ALARM = 'gloss-zotero-sync';
/** Changes wait this long for more (a note being typed) before a sync takes them. */
const AFTER_CHANGE_MS = 4_000;
/** The alarm: picks up what other machines wrote, and resumes a sync a stopped worker left. */
export const SYNC_EVERY_MINUTES = 10;
const CONFIG_KEY = 'zotero';

export interface ZoteroConfig {
  apiKey: string;
  library: LibraryRef;
  username: string;
  /** Collection new items from Gloss go into. */
  collectionKey?: string;
  /** Unsaving in Gloss deletes the Zotero item too (off by default: it only loses Gloss's mark). */
  deleteInZotero?: boolean;
  /** Papers saved in Gloss go to Zotero too (on by default); off: Zotero is only read, and shown on rows. */
  saveToZotero?: boolean;
  /** Only the tests' stand-in sets it; the options page never does. */
  baseUrl?: string;
}

/** What the options page and popup show. The key itself never leaves the background. */
export interface ZoteroState {
  connected: boolean;
  username?: string;
  library?: string;
  collectionKey?: string;
  deleteInZotero?: boolean;
  saveToZotero?: boolean;
  status?: ZoteroSyncStatus;
  /** Where the first pull is, while it runs. */
  progress?: { phase: 'pull' | 'push'; done: number; total: number };
}

export interface AlarmsLike {
  create(name: string, info: { delayInMinutes?: number; periodInMinutes?: number }): unknown;
  clear(name: string): unknown;
}

export class ZoteroService {
  private sync?: ZoteroSync;
  private config?: ZoteroConfig | null;
  private readonly store: ZoteroStore;
  private readonly local: SyncLocal;
  private timer?: ReturnType<typeof setTimeout>;
  private progress?: ZoteroState['progress'];
  private running?: Promise<void>;

  constructor(
    private readonly db: GlossDB,
    library: LibraryService,
    private readonly alarms: AlarmsLike,
    private readonly onState: () => void = () => {},
    options: { store?: ZoteroStore; fetch?: typeof fetch; onMirror?: () => void } = {},
  ) {
    this.store = options.store ?? new ZoteroStore();
    this.fetchImpl = options.fetch;
    this.onMirror = options.onMirror ?? (() => {});
    this.local = new SyncLocal(db, library.store);
    library.alsoDelete(() => this.forgetAll());
    // Local changes go out a moment after the last one; what sync itself wrote does not.
    library.store.subscribe((commit) => {
      if (commit.origin === 'local' && commit.changes.length) this.soon();
    });
  }

  private readonly fetchImpl?: typeof fetch;
  /** The mirror changed: listing rows may be in Zotero now, or no longer. */
  private readonly onMirror: () => void;

  /** Read once: null (not connected) is remembered too, or every page lookup read it again. */
  private async loadConfig(): Promise<ZoteroConfig | null> {
    if (this.config !== undefined) return this.config;
    const stored = ((await this.db.kv.get(CONFIG_KEY))?.value as ZoteroConfig | undefined) ?? null;
    // A connect or disconnect while it was read has the last word.
    if (this.config === undefined) this.config = stored;
    return this.config;
  }

  private engine(config: ZoteroConfig): ZoteroSync {
    this.sync ??= createZoteroSync({
      apiKey: config.apiKey,
      library: config.library,
      local: this.local,
      store: this.store,
      baseUrl: config.baseUrl,
      fetch: this.fetchImpl,
      settings: () => ({
        collectionKey: this.config?.collectionKey,
        deleteInZotero: this.config?.deleteInZotero,
        saveToZotero: this.config?.saveToZotero !== false,
      }),
    });
    return this.sync;
  }

  /**
   * Checks a key and connects the library it names (the personal one unless a group is given).
   * Nothing is stored unless the key can read that library.
   */
  async connect(args: {
    apiKey: string;
    group?: number;
    collectionKey?: string;
    deleteInZotero?: boolean;
    baseUrl?: string;
  }): Promise<ZoteroState & { groups: string[]; canWrite: boolean }> {
    // The key names its account; then the chosen library is checked with the engine's own rules.
    const account = await new ZoteroApi({ apiKey: args.apiKey, baseUrl: args.baseUrl, fetch: this.fetchImpl, retries: 1 }).keyInfo();
    const library: LibraryRef = args.group ? { type: 'group', id: args.group } : { type: 'user', id: account.userID };
    const config: ZoteroConfig = {
      apiKey: args.apiKey,
      library,
      username: account.username,
      ...(args.collectionKey && { collectionKey: args.collectionKey }),
      ...(args.deleteInZotero && { deleteInZotero: true }),
      ...(args.baseUrl && { baseUrl: args.baseUrl }),
    };
    const checked = await createZoteroSync({
      apiKey: config.apiKey,
      library,
      local: this.local,
      store: this.store,
      baseUrl: config.baseUrl,
      fetch: this.fetchImpl,
    }).connect();
    await this.disconnectEngine();
    await this.db.kv.put({ key: CONFIG_KEY, value: config });
    this.config = config;
    this.alarms.create(ZOTERO_ALARM, { delayInMinutes: 0.05, periodInMinutes: SYNC_EVERY_MINUTES });
    this.onState();
    void this.syncNow().catch(() => {});
    return { ...(await this.state()), groups: checked.groups, canWrite: checked.canWrite };
  }

  /** Changes settings of the connected library (collection, delete in Zotero). */
  async configure(args: { collectionKey?: string; deleteInZotero?: boolean; saveToZotero?: boolean }): Promise<ZoteroState> {
    const config = await this.loadConfig();
    if (!config) throw new ZoteroError('no-access', 'Zotero is not connected.');
    const next: ZoteroConfig = { ...config };
    if (args.collectionKey === '') delete next.collectionKey;
    else if (args.collectionKey !== undefined) next.collectionKey = args.collectionKey;
    if (args.deleteInZotero !== undefined) next.deleteInZotero = args.deleteInZotero;
    if (args.saveToZotero !== undefined) next.saveToZotero = args.saveToZotero;
    await this.db.kv.put({ key: CONFIG_KEY, value: next });
    this.config = next;
    this.onState();
    return this.state();
  }

  private async disconnectEngine() {
    clearTimeout(this.timer);
    await this.running?.catch(() => {});
    this.sync = undefined;
  }

  /** Forgets the key, the mirror and the sync state. Gloss's own papers stay. */
  async disconnect(): Promise<ZoteroState> {
    await this.disconnectEngine();
    await this.db.kv.delete(CONFIG_KEY);
    this.config = null;
    await this.store.clear();
    this.alarms.clear(ZOTERO_ALARM);
    this.onState();
    return this.state();
  }

  async state(): Promise<ZoteroState> {
    const config = await this.loadConfig();
    if (!config) return { connected: false };
    const status = await this.engine(config).status();
    return {
      connected: true,
      username: config.username,
      library: libraryPrefix(config.library),
      collectionKey: config.collectionKey,
      deleteInZotero: !!config.deleteInZotero,
      saveToZotero: config.saveToZotero !== false,
      status,
      ...(this.progress && { progress: this.progress }),
    };
  }

  async collections(): Promise<Array<{ key: string; name: string }>> {
    const all = await this.store.db.collections.toArray();
    return all.map((c) => ({ key: c.key, name: c.name })).sort((a, b) => a.name.localeCompare(b.name));
  }

  /**
   * At the worker's start: a sync the browser stopped half way (creates sent but not answered, a
   * first pull under way) or changes still waiting go out now, not at the next alarm.
   */
  async resume(): Promise<void> {
    const config = await this.loadConfig();
    if (!config) return;
    if (await this.engine(config).waiting()) this.soon();
  }

  /** A sync a moment after the last local change. */
  private soon() {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.syncNow().catch(() => {}), AFTER_CHANGE_MS);
  }

  /** Runs a sync now (or joins the one running); resolves when it ends. Errors are kept in the status. */
  async syncNow(): Promise<void> {
    const config = await this.loadConfig();
    if (!config) return;
    this.running ??= (async () => {
      try {
        const report = await this.engine(config).syncOnce({
          onProgress: (p) => {
            this.progress = p;
            this.onState();
          },
        });
        if (report.pulled || report.created || report.pushed) this.onMirror();
      } finally {
        this.progress = undefined;
        this.running = undefined;
        this.onState();
      }
    })();
    return this.running;
  }

  /** For each paper in Zotero: its item and collections, by the caller's id. Nothing when not connected. */
  async inZotero(papers: PaperMeta[]): Promise<Map<string, MirrorHit>> {
    if (!(await this.loadConfig())) return new Map();
    return this.store.lookupMany(papers.map((p) => ({ id: p.id, identity: identityKeys(p.ids, p.title, p.id) })));
  }

  /** What the panel says of a paper in Zotero (collections by name, links), or undefined. */
  async describe(paper: PaperMeta): Promise<{ collections: string[]; select: string; web: string } | undefined> {
    const hit = (await this.inZotero([paper])).get(paper.id);
    return hit && { collections: hit.collections.map((c) => c.name), ...this.links(hit) };
  }

  /** Links that open a Zotero item: the desktop app and the web library. */
  links(hit: MirrorHit): { select: string; web: string } {
    const lib = this.config?.library;
    const select = lib?.type === 'group' ? `zotero://select/groups/${lib.id}/items/${hit.itemKey}` : `zotero://select/library/items/${hit.itemKey}`;
    const web =
      lib?.type === 'group'
        ? `https://www.zotero.org/groups/${lib.id}/items/${hit.itemKey}`
        : `https://www.zotero.org/${encodeURIComponent(this.config?.username ?? '')}/items/${hit.itemKey}`;
    return { select, web };
  }

  /** Delete everything: the connection and mirror go with the rest of what Gloss keeps. */
  async forgetAll(): Promise<void> {
    await this.disconnect();
  }
}
