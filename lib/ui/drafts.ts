/**
 * Notes being typed, kept until they are saved, so closing the popup or leaving the page
 * mid-sentence loses nothing: the next editor for that paper picks the draft up. They live in
 * the background's database, asked for by extension pages only: storage.local is readable by
 * every content script, and so by a compromised page renderer.
 */
import { call } from '../rpc/client';

export interface Draft {
  text: string;
  /** The saved note the draft started from: a draft older than a newer save is not restored over it. */
  base: string;
  at: number;
}

export const draftStore = {
  async get(id: string): Promise<Draft | undefined> {
    const d = await call('draftGet', { id });
    return d ? { text: d.text, base: d.base, at: d.at } : undefined;
  },
  async put(id: string, draft: Draft) {
    await call('draftPut', { id, ...draft });
  },
  async clear(id: string) {
    await call('draftClear', { id });
  },
};

export type DraftStore = typeof draftStore;
