/**
 * Committed changes, told to whoever shows them: extension pages hear which papers changed (they
 * may read everything); a tab hears the new states of its own rows, so it redraws them without
 * asking again, and never which other papers changed.
 */
import type { Commit, PaperStore } from '../library/store';
import type { Notice } from '../rpc/protocol';
import type { TabPapers } from './tab-papers';

export interface NoticeIo {
  toPages(notice: Notice): void;
  toTab(tabId: number, notice: Notice): void;
  openTabs(): Promise<number[]>;
}

export function noticesFor(commit: Commit, tabs: TabPapers, tabIds: number[]): { pages: Notice; tabs: Array<[number, Notice]> } {
  const pages: Notice = { gloss: 'changed', ids: commit.reset && !commit.changes.length ? null : commit.changes.map((c) => c.id) };
  return {
    pages,
    tabs: tabIds.map((tabId) => {
      const states = tabs.noticeFor(tabId, commit);
      // A tab showing none of the changed papers still shows rows they may relate to. It is
      // told only that something changed, never what (pageRelated already answers any paper).
      return [tabId, states === undefined ? { gloss: 'related' } : { gloss: 'states', states }];
    }),
  };
}

export function announceCommits(store: Pick<PaperStore, 'subscribe'>, tabs: TabPapers, io: NoticeIo): () => void {
  return store.subscribe((commit) => {
    void io.openTabs().then((ids) => {
      const { pages, tabs: perTab } = noticesFor(commit, tabs, ids);
      io.toPages(pages);
      for (const [tabId, notice] of perTab) io.toTab(tabId, notice);
    });
  });
}
