/** Who answers what: the one place the background's callers meet its parts. */
import type { LibraryService } from '../library/service';
import type { AdminApi } from '../rpc/protocol';
import type { Handlers } from '../rpc/server';
import type { SettingsStore } from '../settings/store';
import type { Backups } from '../library/backups';
import { importsApi } from './imports';
import { pageApi } from './page-api';
import type { Panels } from './panels';
import type { TabPapers } from './tab-papers';
import type { ZoteroService } from './zotero';
import { GlossError } from '../core/errors';
import { ZoteroError } from '../zotero/errors';

export interface BackgroundParts {
  library: LibraryService;
  backups: Backups;
  settings: SettingsStore;
  panels: Panels;
  tabs: TabPapers;
  zotero: ZoteroService;
}

/** A Zotero error reaches the options page with its kind (`zotero-invalid-key`, …) to say what to do. */
const asGlossError = <T>(p: Promise<T>): Promise<T> =>
  p.catch((err) => {
    throw err instanceof ZoteroError ? new GlossError(`zotero-${err.kind}`, err.message) : err;
  });

export function makeHandlers(parts: BackgroundParts): Handlers {
  const { library, settings, panels, backups, zotero } = parts;
  const admin: AdminApi = {
    settings: () => settings.get(),
    updateSettings: ({ change }) => settings.update(change),
    ...importsApi(library, backups),
    zoteroConnect: (args) => asGlossError(zotero.connect(args)),
    zoteroConfigure: (args) => zotero.configure(args),
    zoteroDisconnect: () => zotero.disconnect(),
    zoteroState: () => zotero.state(),
    zoteroCollections: () => zotero.collections(),
    zoteroSync: async () => {
      await zotero.syncNow().catch(() => {});
      return zotero.state();
    },
  };
  return { library, admin, page: (caller) => pageApi(parts, caller), panel: (caller) => panels.api(caller) };
}
