/**
 * Which papers each tab shows, under which of the tab's own ids, so a committed change is sent
 * to the tabs showing it as the new states of their rows (and a tab never hears which other
 * papers changed). Kept in the worker's memory: after a restart it is empty, and a tab it knows
 * nothing of is told to ask again for all its rows.
 */
import type { Commit } from '../library/store';
import type { RowState } from '../rpc/protocol';

/** A page decides how many papers it shows: past this many, its tab is simply told to ask again. */
export const MAX_IDS_PER_TAB = 20_000;

/** What a tab is told of a commit: its rows' new states, `null` for "ask again", or nothing shown changed. */
export type TabNotice = RowState[] | null | undefined;

export class TabPapers {
  /** Per tab: a record id or alias → the tab's row ids it stands for. */
  private readonly byTab = new Map<number, Map<string, Set<string>>>();

  /**
   * The tab shows these rows. `record` is the id of the saved record a row was found as, when it
   * differs from the row's own (a published version found by its preprint's title).
   */
  shown(tabId: number, rows: Array<{ row: string; record?: string }>) {
    let keys = this.byTab.get(tabId);
    if (!keys) this.byTab.set(tabId, (keys = new Map()));
    for (const { row, record } of rows) {
      for (const key of record && record !== row ? [row, record] : [row]) {
        let set = keys.get(key);
        if (!set) keys.set(key, (set = new Set()));
        set.add(row);
      }
    }
    if (keys.size > MAX_IDS_PER_TAB) this.byTab.delete(tabId);
  }

  forget(tabId: number) {
    this.byTab.delete(tabId);
  }

  /** The new states of the tab's rows that a commit changed (by any id the paper has). */
  noticeFor(tabId: number, commit: Pick<Commit, 'changes' | 'reset'>): TabNotice {
    const keys = this.byTab.get(tabId);
    if (!keys) return null;
    if (!commit.changes.length) return commit.reset ? null : undefined;
    const states = new Map<string, RowState>();
    for (const c of commit.changes) {
      const state = { saved: !!c.record, note: !!c.record?.note, tags: !!c.record?.tags.length, ...(c.record?.status && { status: c.record.status }) };
      for (const key of [c.id, ...c.aliases]) for (const row of keys.get(key) ?? []) states.set(row, { id: row, ...state });
    }
    return states.size ? [...states.values()] : undefined;
  }
}
