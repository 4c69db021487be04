/**
 * Imports and backups for extension pages, through the contract: the background is the only
 * writer. A file's items arrive in chunks (a message carries at most MAX_MESSAGE_BYTES) and are
 * staged under a token. A preview (`importCommit` with dryRun) looks at them all; the import is
 * written in parts of IMPORT_PART papers (`importStep`), each its own transaction: one
 * transaction for a whole 10,000-paper file kept every page's lookups waiting for it (8–15 s in
 * bench/import-scale.ts), and left nothing to report progress on or stop between.
 */
import { GlossError } from '../core/errors';
import type { ImportItem } from '../import/types';
import type { Backups } from '../library/backups';
import type { ImportOutcome, ImportProgress, LibraryService } from '../library/service';
import { BACKUP_PART, type AdminApi } from '../rpc/protocol';
import { clearImportTimings, timed } from '../library/import-timing';

/** Staged items wait this long for their commit (a page that went away leaves nothing behind). */
const STAGE_TTL_MS = 10 * 60 * 1000;
/** One import at most this many items (a 200 MB backup with abstracts holds ~100,000). */
export const MAX_STAGED_ITEMS = 200_000;
/** Papers per written part: a lookup waits at most for one part's transaction. */
export const IMPORT_PART = 1_000;

interface Writing {
  mode: 'merge' | 'replace';
  next: number;
  outcomes: Map<string, ImportOutcome>;
  removed: number;
  backup?: { id: number; count: number };
  /** The part being written: a cancel waits for it, and a second step is refused. */
  running?: Promise<unknown>;
}

interface Stage {
  items: ImportItem[];
  at: number;
  writing?: Writing;
}

type ImportsApi = Pick<
  AdminApi,
  'importStage' | 'importCommit' | 'importStep' | 'importCancel' | 'backupList' | 'backupSnapshot' | 'backupText' | 'backupRestore'
>;

function progress(stage: Stage, w: Writing): ImportProgress {
  const summary = { added: 0, updated: 0, unchanged: 0 };
  for (const o of w.outcomes.values()) summary[o]++;
  const total = stage.items.length;
  return { ...summary, removed: w.removed, ...(w.backup && { backup: w.backup }), written: w.next, total, done: w.next >= total };
}

const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

export function importsApi(library: LibraryService, backups: Backups, now: () => number = Date.now): ImportsApi {
  const staged = new Map<string, Stage>();
  // Parts but the last are written quietly; an import that ends any other way announces here.
  const endEarly = (stage: Stage) => {
    if (stage.writing?.next) library.store.announceReset();
  };
  const sweep = () => {
    for (const [token, s] of staged) {
      if (now() - s.at <= STAGE_TTL_MS) continue;
      staged.delete(token);
      endEarly(s);
    }
  };
  const dropped = () => new GlossError('not-found', 'This import took too long and was dropped. Choose the file again.');
  return {
    async importStage({ token, items }) {
      sweep();
      // A new import: the previous one's timings go (lib/library/import-timing.ts).
      if (!token) clearImportTimings();
      const stage = token ? staged.get(token) : { items: [], at: now() };
      if (!stage) throw dropped();
      if (stage.writing) throw new GlossError('invalid', 'This import is already being written.');
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
      if (!stage) throw dropped();
      if (stage.writing) throw new GlossError('invalid', 'This import is already being written.');
      // A preview keeps the items for the import that follows it.
      if (!dryRun) staged.delete(token);
      if (mode !== 'replace' || dryRun) return timed(dryRun ? `preview ${mode}` : mode, () => library.importItems({ items: stage.items, mode, dryRun }));
      // Replacing removes every saved paper: a local backup of them is taken first, and if it
      // cannot be taken nothing is replaced.
      const backup = await backups.snapshot('before-import');
      const summary = await library.importItems({ items: stage.items, mode, dryRun });
      return { ...summary, backup: { id: backup.id, count: backup.count } };
    },
    async importStep({ token, mode }) {
      const stage = staged.get(token);
      if (!stage) throw dropped();
      const w: Writing = (stage.writing ??= { mode, next: 0, outcomes: new Map(), removed: 0 });
      if (w.mode !== mode) throw new GlossError('invalid', `This import is being written as a ${w.mode}.`);
      // Two steps at once would write the same part twice.
      if (w.running) throw new GlossError('invalid', 'A part of this import is being written.');
      const first = w.next === 0;
      const part = stage.items.slice(w.next, w.next + IMPORT_PART);
      try {
        // As importCommit: no backup, no replace. The first part removes the library, in the
        // same transaction as it writes; the later parts merge into what the earlier ones wrote.
        const running = (async () => {
          if (first && mode === 'replace') {
            const backup = await backups.snapshot('before-import');
            w.backup = { id: backup.id, count: backup.count };
          }
          // Indexes, pages and tabs hear of the import once, with its last part: following each
          // part made every open tab's related index reload from the database per part.
          const quiet = w.next + part.length < stage.items.length;
          return library.importItems({ items: part, mode: first ? mode : 'merge', outcomes: w.outcomes, quiet });
        })();
        w.running = running;
        const summary = await timed('part', () => running);
        if (first) w.removed = summary.removed;
      } catch (err) {
        w.running = undefined;
        staged.delete(token);
        endEarly(stage);
        const where = part[0] ? ` (in papers ${(w.next + 1).toLocaleString('en')}–${(w.next + part.length).toLocaleString('en')}, ${part[0].where} on)` : '';
        const before = progress(stage, w);
        const kept = before.written
          ? `${plural(before.written, 'paper')} of ${before.total.toLocaleString('en')} were imported before it (${before.added} new, ${before.updated} updated); the rest were not.`
          : 'Nothing was imported.';
        throw new GlossError(err instanceof GlossError ? err.code : 'internal', `The import stopped${where}: ${(err as Error).message}. ${kept}`);
      }
      w.running = undefined;
      w.next += part.length;
      stage.at = now();
      const out = progress(stage, w);
      if (out.done) staged.delete(token);
      return out;
    },
    async importCancel({ token }) {
      const stage = staged.get(token);
      staged.delete(token);
      if (!stage?.writing) return null;
      // A part being written completes (it is one transaction); what is reported includes it.
      await stage.writing.running?.catch(() => {});
      endEarly(stage);
      return progress(stage, stage.writing);
    },
    backupList: () => backups.list(),
    backupSnapshot: () => backups.snapshot('manual'),
    backupText: async ({ id, from = 0 }) => (await backups.textPart(id, from, BACKUP_PART)) ?? null,
    backupRestore: ({ id }) => backups.restore(id),
  };
}
