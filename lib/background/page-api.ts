/**
 * What a content script may ask (PageApi): flags for the papers its own tab shows, and opening
 * the private panel. Never text: a content script shares its process with a hostile page.
 */
import type { Caller } from '../rpc/callers';
import { GlossError } from '../core/errors';
import type { MarkState, PageApi } from '../rpc/protocol';
import type { LibraryService } from '../library/service';
import type { SettingsStore } from '../settings/store';
import { siteOf } from '../sites/registry';
import type { EntryState } from '../core/types';
import type { Panels } from './panels';
import type { TabPapers } from './tab-papers';
import type { ZoteroService } from './zotero';

export interface PageDeps {
  library: LibraryService;
  settings: SettingsStore;
  panels: Panels;
  tabs: TabPapers;
  zotero: ZoteroService;
}

/** Related papers counted per row: the row shows whether there are any, the panel shows them. */
const RELATED_K = 3;

export const markState = (s: EntryState, zotero = false): MarkState => ({
  saved: s.saved,
  note: !!s.note,
  tags: s.tags.length > 0,
  seen: !!s.seen,
  isNew: !!s.isNew,
  zotero,
  ...(s.saved && s.status && { status: s.status }),
});

export function pageApi(deps: PageDeps, caller: Extract<Caller, { kind: 'page' }>): PageApi {
  const { library, settings, panels, tabs, zotero } = deps;
  const on = async () => !(await settings.get()).disabledSites.includes(siteOf(caller.url));
  /**
   * A site the user turned Gloss off on is told nothing and recorded nowhere, whatever its content
   * script asks: the script asks about a page's first papers before it has the settings' answer.
   */
  const whereOn = async () => {
    if (!(await on())) throw new GlossError('forbidden', 'Gloss is turned off on this site.');
  };
  return {
    async pageLookup({ papers, page }) {
      await whereOn();
      const [states, inZotero] = await Promise.all([library.lookup({ papers, page }), zotero.inZotero(papers).catch(() => new Map())]);
      tabs.shown(
        caller.tabId,
        papers.map((p, i) => ({ row: p.id, record: states[i].id })),
      );
      return states.map((s, i) => markState(s, inZotero.has(papers[i].id)));
    },
    async pageRelated({ papers }) {
      await whereOn();
      // Counted only where the match is strong for this library, so a large one does not light every row.
      return library.relatedCounts({ papers, k: RELATED_K });
    },
    async pageSeen({ papers, page }) {
      await whereOn();
      await library.saw({ papers, page });
    },
    async openPanel({ paper, toggle, theme }) {
      await whereOn();
      tabs.shown(caller.tabId, [{ row: paper.id }]);
      return panels.open(caller.tabId, { paper, toggle, theme });
    },
    async closePanel() {
      await panels.close(caller.tabId);
    },
    async pageSettings() {
      return { enabled: await on(), theme: (await settings.get()).theme };
    },
  };
}
