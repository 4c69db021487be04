/**
 * The library as an extension page (library, options) reaches it: through the background, the
 * only writer. Whole-library reads and imports go in chunks a message can carry.
 */
import type { ImportItem } from '../import/types';
import { call } from '../rpc/client';
import { MAX_IMPORT_CHUNK } from '../rpc/protocol';
import type { PaperRecord } from '../core/types';
import type { BackupInfo } from '../library/backups';
import type { ImportProgress, ImportSummary } from '../library/service';

/** Papers per read: a few MB per message even with long notes and abstracts. */
const READ_CHUNK = 2_000;

export interface RemoteLibrary {
  /** Every saved paper, newest first. */
  all(): Promise<PaperRecord[]>;
  count(): Promise<number>;
  importItems(args: { items: ImportItem[]; mode: 'merge' | 'replace'; dryRun?: boolean }): Promise<ImportSummary>;
  /** Hands a file's items to the background once, in message-sized chunks; the token names them. */
  stageImport(items: ImportItem[], onStaged?: (staged: number) => void): Promise<string>;
  /** What importing the staged items would change (nothing is written). */
  previewImport(token: string, mode: 'merge' | 'replace'): Promise<ImportSummary>;
  /** Writes the next part of the staged items; call until `done`. */
  stepImport(token: string, mode: 'merge' | 'replace'): Promise<ImportProgress>;
  /** Stops between parts: what was written stays. */
  cancelImport(token: string): Promise<ImportProgress | null>;
}

export interface RemoteBackups {
  list(): Promise<BackupInfo[]>;
  snapshot(): Promise<BackupInfo>;
  text(id: number): Promise<string | undefined>;
  restore(id: number): Promise<ImportSummary>;
}

export const remoteLibrary: RemoteLibrary = {
  async all() {
    const papers: PaperRecord[] = [];
    for (;;) {
      const { total, papers: chunk } = await call('list', { offset: papers.length, limit: READ_CHUNK });
      papers.push(...chunk);
      if (!chunk.length || papers.length >= total) return papers;
    }
  },
  count: () => call('list', { limit: 1 }).then((r) => r.total),
  async importItems({ items, mode, dryRun }) {
    let token: string | undefined;
    for (let i = 0; i === 0 || i < items.length; i += MAX_IMPORT_CHUNK) {
      ({ token } = await call('importStage', { token, items: items.slice(i, i + MAX_IMPORT_CHUNK) }));
    }
    return call('importCommit', { token: token!, mode, dryRun });
  },
  async stageImport(items, onStaged) {
    let token: string | undefined;
    for (let i = 0; i === 0 || i < items.length; i += MAX_IMPORT_CHUNK) {
      const staged = await call('importStage', { token, items: items.slice(i, i + MAX_IMPORT_CHUNK) });
      token = staged.token;
      onStaged?.(staged.staged);
    }
    return token!;
  },
  previewImport: (token, mode) => call('importCommit', { token, mode, dryRun: true }),
  stepImport: (token, mode) => call('importStep', { token, mode }),
  cancelImport: (token) => call('importCancel', { token }),
};

export const remoteBackups: RemoteBackups = {
  list: () => call('backupList', {}),
  snapshot: () => call('backupSnapshot', {}),
  text: async (id) => {
    // Part by part: a large library's backup is more than one message may carry.
    const parts: string[] = [];
    for (let from = 0; ;) {
      const part = await call('backupText', { id, from });
      if (!part) return undefined;
      parts.push(part.text);
      from += part.text.length;
      if (from >= part.total || !part.text) return parts.join('');
    }
  },
  restore: (id) => call('backupRestore', { id }),
};
