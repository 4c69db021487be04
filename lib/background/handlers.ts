/** Who answers what: the one place the background's callers meet its parts. */
import type { LibraryService } from '../library/service';
import type { AdminApi } from '../rpc/protocol';
import type { Handlers } from '../rpc/server';
import type { SettingsStore } from '../settings/store';
import { pageApi } from './page-api';
import type { Panels } from './panels';
import type { TabPapers } from './tab-papers';

export interface BackgroundParts {
  library: LibraryService;
  settings: SettingsStore;
  panels: Panels;
  tabs: TabPapers;
  /** Announces a change to `ids` (all: empty) to extension pages and the tabs showing them. */
  notify(ids: string[]): void;
}

export function makeHandlers(parts: BackgroundParts): Handlers {
  const { library, settings, panels } = parts;
  const admin: AdminApi = {
    settings: () => settings.get(),
    updateSettings: ({ change }) => settings.update(change),
    reindex: async ({ ids }) => {
      library.resetIndexes();
      parts.notify(ids);
    },
    draftGet: async ({ id }) => (await settings.drafts.get(id)) ?? null,
    draftPut: async (draft) => void (await settings.drafts.put(draft)),
    draftClear: async ({ id }) => void (await settings.drafts.delete(id)),
  };
  return { library, admin, page: (caller) => pageApi(parts, caller), panel: (caller) => panels.api(caller) };
}
