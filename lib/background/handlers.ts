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

export interface BackgroundParts {
  library: LibraryService;
  backups: Backups;
  settings: SettingsStore;
  panels: Panels;
  tabs: TabPapers;
}

export function makeHandlers(parts: BackgroundParts): Handlers {
  const { library, settings, panels, backups } = parts;
  const admin: AdminApi = {
    settings: () => settings.get(),
    updateSettings: ({ change }) => settings.update(change),
    ...importsApi(library, backups),
  };
  return { library, admin, page: (caller) => pageApi(parts, caller), panel: (caller) => panels.api(caller) };
}
