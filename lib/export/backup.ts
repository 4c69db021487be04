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
  return [...backupPieces(papers, now)].join('');
}

/** Papers per piece of `backupPieces`: ~3 ms of JSON.stringify each on the 2-core machine. */
const PIECE = 200;

/**
 * The backup's text in pieces of PIECE papers; joined, the text of `JSON.stringify(backup, null,
 * 1)` and a newline. A scheduled backup of 50,000 papers made in one call held the worker ~0.8 s
 * in JSON.stringify alone (a DevTools profile of warm page visits); in pieces it is made between
 * the pages' requests (lib/library/backups.ts).
 */
export function* backupPieces(papers: PaperRecord[], now = new Date()): Generator<string> {
  yield `{\n "format": ${JSON.stringify(BACKUP_FORMAT)},\n "version": ${BACKUP_VERSION},\n "exportedAt": ${JSON.stringify(now.toISOString())},\n "papers": [`;
  // Each piece is stringified inside the same wrapper, so its papers come out at the depth they
  // have in the whole; the wrapper's own first and last lines are cut off.
  const open = '{\n "papers": [';
  const close = '\n ]\n}';
  for (let i = 0; i < papers.length; i += PIECE) {
    // A record's version and modification times are this database's bookkeeping, not the paper.
    const chunk = papers.slice(i, i + PIECE).map(({ version: _v, mtimes: _m, ...p }) => p);
    const text = JSON.stringify({ papers: chunk }, null, 1);
    yield `${i ? ',' : ''}${text.slice(open.length, text.length - close.length)}`;
  }
  yield papers.length ? `${close}\n` : ']\n}\n';
}
