import { canonicalId } from '../../lib/core/ids';
import type { PaperIds, PaperMeta } from '../../lib/core/types';
import { createZoteroSync, type ZoteroSync } from '../../lib/zotero';
import { MemoryLibrary } from '../../lib/zotero/local-memory';
import { ZoteroDB, ZoteroStore } from '../../lib/zotero/store';
import type { SyncSettings } from '../../lib/zotero/sync';
import { ZoteroStandin } from '../zotero-standin/server';

export const KEY = 'AbCdEfGhIjKlMnOpQrStUvWx';
export const PREFIX = '/users/7';

export async function startStandin(): Promise<ZoteroStandin> {
  const s = new ZoteroStandin();
  s.addKey(KEY, { userID: 7, username: 'ada', access: { user: { library: true, notes: true, write: true } } });
  await s.start();
  return s;
}

let n = 0;

export interface Machine {
  local: MemoryLibrary;
  store: ZoteroStore;
  sync: ZoteroSync;
  settings: SyncSettings;
  /** A fresh engine over the same stored state: a service worker that was stopped and woke up. */
  restart(): Machine;
}

export function machine(s: ZoteroStandin, settings: SyncSettings = {}, existing?: { local: MemoryLibrary; store: ZoteroStore }): Machine {
  const local = existing?.local ?? new MemoryLibrary();
  const store = existing?.store ?? new ZoteroStore(new ZoteroDB(`gloss-zotero-test-${Date.now()}-${n++}`));
  const sync = createZoteroSync({
    apiKey: KEY,
    library: { type: 'user', id: 7 },
    local,
    store,
    baseUrl: s.baseUrl,
    settings: () => settings,
    api: { retryBaseMs: 20, timeoutMs: 1_500 },
  });
  const m: Machine = { local, store, sync, settings, restart: () => machine(s, settings, { local, store }) };
  return m;
}

export function paper(ids: PaperIds, title: string, overrides: Partial<PaperMeta> = {}): PaperMeta {
  return {
    id: canonicalId(ids)!,
    ids,
    title,
    authors: ['Ada Lovelace', 'Alan Turing'],
    abstract: `Abstract of ${title}.`,
    published: '2024-01-15',
    links: {},
    source: 'test',
    ...overrides,
  };
}
