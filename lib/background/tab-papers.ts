/**
 * Which papers each tab has shown, so a change is announced only to the tabs showing it (and a
 * tab never hears which other papers changed). Kept in the worker's memory: after a restart it
 * is empty, and a tab it knows nothing of is told to ask again for all its rows.
 */
/** A page decides how many papers it shows: past this many, its tab is simply told to ask again. */
export const MAX_IDS_PER_TAB = 20_000;

export class TabPapers {
  private readonly byTab = new Map<number, Set<string>>();

  shown(tabId: number, ids: string[]) {
    let set = this.byTab.get(tabId);
    if (!set) this.byTab.set(tabId, (set = new Set()));
    for (const id of ids) set.add(id);
    if (set.size > MAX_IDS_PER_TAB) this.byTab.delete(tabId);
  }

  forget(tabId: number) {
    this.byTab.delete(tabId);
  }

  /** What to tell a tab about a change to `ids`: the ids it shows, null for "ask again", or nothing. */
  noticeFor(tabId: number, ids: string[]): string[] | null | undefined {
    const set = this.byTab.get(tabId);
    if (!set) return null;
    if (!ids.length) return null; // "everything changed" (a restore, delete everything)
    const mine = ids.filter((id) => set.has(id));
    return mine.length ? mine : undefined;
  }
}
