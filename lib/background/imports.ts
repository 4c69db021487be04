/**
 * Imports and backups for extension pages, through the contract: the background is the only
 * writer. A file's items arrive in chunks (a message carries at most MAX_MESSAGE_BYTES), are
 * staged under a token, and are written by one all-or-nothing `importItems` on commit.
 */
import { GlossError } from '../core/errors';
import type { ImportItem } from '../import/types';
import type { Backups } from '../library/backups';
import type { LibraryService } from '../library/service';
import type { AdminApi } from '../rpc/protocol';

/** Staged items wait this long for their commit (a page that went away leaves nothing behind). */
const STAGE_TTL_MS = 10 * 60 * 1000;
/** One import at most this many items (a 50 MB file of the largest readers is well under it). */
export const MAX_STAGED_ITEMS = 200_000;

type ImportsApi = Pick<AdminApi, 'importStage' | 'importCommit' | 'backupList' | 'backupSnapshot' | 'backupText' | 'backupRestore'>;

export function importsApi(library: LibraryService, backups: Backups, now: () => number = Date.now): ImportsApi {
  const staged = new Map<string, { items: ImportItem[]; at: number }>();
  const sweep = () => {
    for (const [token, s] of staged) if (now() - s.at > STAGE_TTL_MS) staged.delete(token);
  };
  return {
    async importStage({ token, items }) {
      sweep();
      const stage = token ? staged.get(token) : { items: [], at: now() };
      if (!stage) throw new GlossError('not-found', 'This import took too long and was dropped. Choose the file again.');
      if (stage.items.length + items.length > MAX_STAGED_ITEMS)
        throw new GlossError('invalid', `An import can hold at most ${MAX_STAGED_ITEMS.toLocaleString('en')} papers.`);
      stage.items.push(...items);
      stage.at = now();
      const id = token ?? crypto.randomUUID();
      staged.set(id, stage);
      return { token: id, staged: stage.items.length };
    },
    async importCommit({ token, mode, dryRun }) {
      const stage = staged.get(token);
      if (!stage) throw new GlossError('not-found', 'This import took too long and was dropped. Choose the file again.');
      // A preview keeps the items for the import that follows it.
      if (!dryRun) staged.delete(token);
      if (mode !== 'replace' || dryRun) return library.importItems({ items: stage.items, mode, dryRun });
      // Replacing removes every saved paper: a local backup of them is taken first, and if it
      // cannot be taken nothing is replaced.
      const backup = await backups.snapshot('before-import');
      const summary = await library.importItems({ items: stage.items, mode, dryRun });
      return { ...summary, backup: { id: backup.id, count: backup.count } };
    },
    backupList: () => backups.list(),
    backupSnapshot: () => backups.snapshot('manual'),
    backupText: async ({ id }) => (await backups.text(id)) ?? null,
    backupRestore: ({ id }) => backups.restore(id),
  };
}
