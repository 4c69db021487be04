/**
 * The library service for an extension page (library, options), on the same database as the
 * background (extension pages share its origin). Used for what is too large for a message:
 * reading the whole library and importing files. Its writes tell the background to reload.
 */
import { browser } from 'wxt/browser';
import { GlossDB } from '../db/schema';
import { CHANGE_KEY, type ChangeNotice } from '../rpc/protocol';
import { LibraryService } from './service';

export function pageLibrary(): LibraryService {
  return new LibraryService(new GlossDB(), {
    onChange: (ids) => {
      const notice: ChangeNotice = { at: Date.now(), ids, source: 'page' };
      void browser.storage.local.set({ [CHANGE_KEY]: notice });
    },
    seenMemory: async () => false,
  });
}
