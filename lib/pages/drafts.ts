/**
 * Notes being typed, kept by the background until they are stored, so closing the popup or
 * leaving the page mid-sentence loses nothing: the next editor for that paper picks the draft up,
 * and the library page lists drafts that were never stored. (Not storage.local: content scripts
 * could read it.)
 */
import { call } from '../rpc/client';

export interface Draft {
  text: string;
  /** The saved note the draft started from: a draft older than a newer save is not restored over it. */
  base: string;
  at: number;
}

export interface DraftStore {
  get(id: string): Promise<Draft | undefined>;
  put(id: string, draft: Draft): Promise<void>;
  clear(id: string): Promise<void>;
}

/** For extension pages (popup, library). */
export const draftStore: DraftStore = {
  get: async (id) => (await call('getDraft', { id })) ?? undefined,
  put: async (id, { text, base }) => void (await call('putDraft', { id, text, base })),
  clear: async (id) => void (await call('clearDraft', { id })),
};
