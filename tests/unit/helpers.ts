import { GlossDB } from '../../lib/db/schema';
import { canonicalId } from '../../lib/core/ids';
import type { PaperIds, PaperMeta } from '../../lib/core/types';
import { LibraryService } from '../../lib/library/service';
import { asRecords, type CorpusPaper } from '../corpus';

let counter = 0;

/** A fresh database in fake-indexeddb, unique per call so tests never share state. */
export function freshDb(): GlossDB {
  return new GlossDB(`gloss-test-${Date.now()}-${counter++}`);
}

/** Imports corpus papers as a library; every seventh gets the tag "misc" and a note from its title's first word. */
export async function importCorpus(db: GlossDB, corpus: CorpusPaper[]): Promise<void> {
  const items = asRecords(corpus).map((p, i) => ({
    paper: { ...p, ...(i % 7 === 0 && { tags: ['misc'], note: `note about ${p.title.split(' ')[0]}` }) },
    where: `line ${i + 1}`,
  }));
  await new LibraryService(db).importItems({ items });
}

export function paper(ids: PaperIds, overrides: Partial<PaperMeta> = {}): PaperMeta {
  return {
    id: canonicalId(ids)!,
    ids,
    title: `Paper ${JSON.stringify(ids)}`,
    authors: ['Ada Lovelace', 'Alan Turing'],
    abstract: 'An abstract.',
    published: '2026-06-26',
    links: {},
    source: 'test',
    ...overrides,
  };
}

import { makeHandlers } from '../../lib/background/handlers';
import { Panels, memorySessionArea } from '../../lib/background/panels';
import { TabPapers } from '../../lib/background/tab-papers';
import type { Handlers } from '../../lib/rpc/server';
import { SettingsStore } from '../../lib/settings/store';
import { Backups } from '../../lib/library/backups';
import { ZoteroService } from '../../lib/background/zotero';
import { ZoteroDB, ZoteroStore } from '../../lib/zotero/store';

export const EXT = 'gloss-extension-id';
/** Senders as the browser fills them in. */
export const senders = {
  popup: { id: EXT, url: `chrome-extension://${EXT}/popup.html` },
  libraryPage: { id: EXT, url: `chrome-extension://${EXT}/library.html`, tab: { id: 7 }, frameId: 0 },
  contentScript: (tabId = 1) => ({ id: EXT, url: 'https://huggingface.co/papers', tab: { id: tabId }, frameId: 0 }),
  panel: (tabId = 1) => ({ id: EXT, url: `chrome-extension://0b6c3a10-dyn/panel.html#x`, tab: { id: tabId }, frameId: 3 }),
};

/** The background's handlers over `lib`, as the extension wires them (tab messages recorded). */
export function backgroundFor(lib: LibraryService, db = lib.db) {
  const closed: number[] = [];
  const settings = new SettingsStore(db);
  const panels = new Panels(lib, memorySessionArea(), async (tabId) => void closed.push(tabId));
  const tabs = new TabPapers();
  const alarms = { create: () => {}, clear: () => {} };
  const zotero = new ZoteroService(db, lib, alarms, () => {}, { store: new ZoteroStore(new ZoteroDB(`gloss-zotero-${db.name}`)) });
  const handlers: Handlers = makeHandlers({ library: lib, settings, panels, tabs, backups: new Backups(db, lib), zotero });
  return { handlers, settings, panels, tabs, closed };
}
