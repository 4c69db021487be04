/**
 * The library service for an extension page (library, options), on the same database as the
 * background (extension pages share its origin). Used for what is too large for a message:
 * reading the whole library and importing files. Its writes ask the background to reload its
 * indexes and tell every open page.
 */
import { GlossDB } from '../db/schema';
import { call } from '../rpc/client';
import { LibraryService } from './service';

export function pageLibrary(): LibraryService {
  return new LibraryService(new GlossDB(), {
    onChange: (ids) => void call('reindex', { ids }).catch(() => {}),
    seenMemory: async () => false,
  });
}
