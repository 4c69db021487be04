/**
 * The entry point the background wires up:
 *
 *   const zotero = createZoteroSync({ apiKey, library: { type: 'user', id }, local, store });
 *   await zotero.connect();                  // checks the key, names the account
 *   await zotero.syncOnce({ signal, onProgress });
 *   await zotero.status();
 *   await zotero.mirror.lookupMany(rows);    // "in Zotero" for listing rows
 */
import { DEFAULT_BASE_URL, ZoteroApi, type ZoteroApiOptions } from './api';
import { ZoteroError, isAbort, isQuotaError } from './errors';
import type { LocalLibrary } from './local';
import { ZoteroStore, type ZoteroMirror } from './store';
import { SyncEngine, type SyncProgress, type SyncReport, type SyncSettings } from './sync';
import { libraryPrefix, type LibraryRef, type ZoteroKeyInfo } from './types';

export interface ZoteroSyncOptions {
  apiKey: string;
  library: LibraryRef;
  local: LocalLibrary;
  /** Defaults to the `gloss-zotero` database. */
  store?: ZoteroStore;
  baseUrl?: string;
  fetch?: typeof fetch;
  settings?: () => SyncSettings | Promise<SyncSettings>;
  /** Client tuning (tests shorten timeouts and retry waits). */
  api?: Partial<Omit<ZoteroApiOptions, 'apiKey' | 'baseUrl' | 'fetch'>>;
  now?: () => number;
}

export interface ConnectResult {
  userID: number;
  username: string;
  canRead: boolean;
  canWrite: boolean;
  /** The key can read and write notes (needed for Gloss's child notes). */
  canNotes: boolean;
  /** Group ids the key can reach, when it has group access. */
  groups: string[];
}

export interface ZoteroSyncStatus {
  library: string;
  libraryVersion: number;
  lastSync?: number;
  /** Papers waiting to be written to Zotero, creates waiting for an answer included. */
  pending: number;
  /** A pull under way (or stopped midway): items read so far, of how many. */
  pulling?: { done: number; total?: number };
  mirrorItems: number;
  removedInZotero: string[];
  lastError?: { kind: string; message: string; at: number };
  running: boolean;
}

export interface ZoteroSync {
  readonly mirror: ZoteroMirror;
  readonly store: ZoteroStore;
  connect(signal?: AbortSignal): Promise<ConnectResult>;
  syncOnce(opts?: { signal?: AbortSignal; onProgress?: (p: SyncProgress) => void }): Promise<SyncReport>;
  status(): Promise<ZoteroSyncStatus>;
  /**
   * Whether a sync has anything to finish or send: creates not answered, a pull under way, papers
   * marked dirty, or one outbox entry. What `status` counts, without reading the whole outbox (the
   * worker asks at every start).
   */
  waiting(): Promise<boolean>;
}

export function createZoteroSync(opts: ZoteroSyncOptions): ZoteroSync {
  const prefix = libraryPrefix(opts.library);
  const store = opts.store ?? new ZoteroStore();
  const now = opts.now ?? Date.now;
  const api = new ZoteroApi({ ...opts.api, apiKey: opts.apiKey, baseUrl: opts.baseUrl ?? DEFAULT_BASE_URL, fetch: opts.fetch, now });
  const engine = new SyncEngine({ api, prefix, local: opts.local, store, settings: opts.settings, now });
  let running: Promise<SyncReport> | undefined;

  async function ownLibrary(): Promise<void> {
    // Another library than last time: what is stored belongs to the other one.
    const was = await store.get<string>('library');
    if (was !== prefix) {
      await store.clear();
      await store.set('library', prefix);
    }
  }

  return {
    mirror: store,
    store,
    async connect(signal) {
      const info: ZoteroKeyInfo = await api.keyInfo(signal);
      const groups = Object.keys(info.access?.groups ?? {});
      let canRead: boolean;
      let canWrite: boolean;
      if (opts.library.type === 'user') {
        const own = info.userID === opts.library.id;
        canRead = own && !!info.access?.user?.library;
        canWrite = own && !!info.access?.user?.write;
      } else {
        const g = info.access?.groups?.[String(opts.library.id)] ?? info.access?.groups?.all;
        canRead = !!g?.library;
        canWrite = !!g?.write;
      }
      const canNotes = opts.library.type === 'group' ? canRead : !!info.access?.user?.notes;
      if (!canRead) throw new ZoteroError('no-access', `This key cannot read ${prefix}.`);
      return { userID: info.userID, username: info.username, canRead, canWrite, canNotes, groups };
    },
    syncOnce({ signal, onProgress } = {}) {
      // One run at a time: a second caller shares the first one's result.
      running ??= (async () => {
        try {
          await ownLibrary();
          const report = await engine.run({ signal, onProgress });
          await store.set('lastError', undefined);
          return report;
        } catch (err) {
          if (!isAbort(err)) {
            const e =
              err instanceof ZoteroError
                ? err
                : isQuotaError(err)
                  ? new ZoteroError('storage-full', 'The browser has no room left to store the Zotero library; free some space and sync again.')
                  : new ZoteroError('network', err instanceof Error ? err.message : String(err));
            await store.set('lastError', { kind: e.kind, message: e.message, at: now() }).catch(() => undefined);
          }
          throw err;
        } finally {
          running = undefined;
        }
      })();
      return running;
    },
    async waiting() {
      const [dirty, pending, pull] = await Promise.all([store.get<string[]>('dirty'), store.pendingCreates(), store.get<unknown>('pull')]);
      if (dirty?.length || pending.length || pull) return true;
      return (await opts.local.changes(await opts.local.cursor('zotero'), 1)).length > 0;
    },
    async status() {
      const [libraryVersion, lastSync, dirty, pending, pull, removed, lastError, mirrorItems] = await Promise.all([
        store.get<number>('libraryVersion'),
        store.get<number>('lastSync'),
        store.get<string[]>('dirty'),
        store.pendingCreates(),
        store.get<{ done: number; keys: string[] }>('pull'),
        store.get<string[]>('removedInZotero'),
        store.get<ZoteroSyncStatus['lastError']>('lastError'),
        store.count(),
      ]);
      const outbox = await opts.local.changes(await opts.local.cursor('zotero'), 10_000);
      return {
        library: prefix,
        libraryVersion: libraryVersion ?? 0,
        lastSync,
        pending: new Set([...(dirty ?? []), ...outbox.map((e) => e.id), ...pending.flatMap((p) => p.links.map((l) => l.paperId))]).size,
        pulling: pull ? { done: pull.done, total: pull.keys.length } : undefined,
        mirrorItems,
        removedInZotero: removed ?? [],
        lastError,
        running: !!running,
      };
    },
  };
}

export { ZoteroError } from './errors';
export type { SyncProgress, SyncReport, SyncSettings } from './sync';
export type { LocalLibrary, LocalPaper, OutboxEntry, SyncWrite } from './local';
export type { MirrorHit, ZoteroMirror } from './store';
