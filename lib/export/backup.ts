/** The full-fidelity JSON backup: everything needed to rebuild the library, nothing derived. */
import type { PaperRecord } from '../core/types';

export const BACKUP_FORMAT = 'gloss-backup';
export const BACKUP_VERSION = 1;

export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: number;
  exportedAt: string;
  papers: PaperRecord[];
}

export function toBackup(papers: PaperRecord[], now = new Date()): string {
  // A record's version and modification times are this database's bookkeeping, not the paper.
  const backup: Backup = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    exportedAt: now.toISOString(),
    papers: papers.map(({ version: _v, mtimes: _m, ...p }) => p),
  };
  return `${JSON.stringify(backup, null, 1)}\n`;
}
