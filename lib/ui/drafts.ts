/**
 * Notes being typed, kept in storage.local until they are saved, so closing the popup or leaving
 * the page mid-sentence loses nothing: the next editor for that paper picks the draft up.
 */
import { browser } from 'wxt/browser';

const PREFIX = 'gloss:draft:';

export interface Draft {
  text: string;
  /** The saved note the draft started from: a draft older than a newer save is not restored over it. */
  base: string;
  at: number;
}

export const draftStore = {
  async get(id: string): Promise<Draft | undefined> {
    const key = PREFIX + id;
    return (await browser.storage.local.get(key))[key] as Draft | undefined;
  },
  async put(id: string, draft: Draft) {
    await browser.storage.local.set({ [PREFIX + id]: draft });
  },
  async clear(id: string) {
    await browser.storage.local.remove(PREFIX + id);
  },
};

export type DraftStore = typeof draftStore;
