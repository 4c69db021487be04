import { BACKUP_FORMAT, BACKUP_VERSION } from '../export/backup';
import { READING_STATUSES, type PaperRecord } from '../core/types';
import { parseJson } from './json';
import { ImportError, type ImportItem } from './types';
import { checkTime, validateItems } from './validate';

export function isBackup(data: unknown): boolean {
  return !!data && typeof data === 'object' && (data as { format?: unknown }).format === BACKUP_FORMAT;
}

// A file's value in a message: String() on an object with a "toString" key would throw.
const shown = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : typeof v);

export function readBackup(data: unknown, now = Date.now()): ImportItem[] {
  const b = data as { version?: unknown; papers?: unknown };
  if (typeof b.version !== 'number' || b.version > BACKUP_VERSION) {
    throw new ImportError(`This backup was written by a newer Gloss (format version ${shown(b.version)}); update Gloss to import it.`);
  }
  if (!Array.isArray(b.papers)) throw new ImportError('The backup has no "papers" list.');
  return b.papers.map((raw, i) => {
    if (!raw || typeof raw !== 'object') throw new ImportError('expected a paper object', `paper ${i + 1}`);
    const p = raw as Partial<PaperRecord>;
    const where = `paper ${i + 1} (${shown(p.id)})`;
    // A backup may carry the write count and modification times of the database it came from;
    // in this library they mean nothing, and are made afresh on writing.
    const {
      note,
      tags,
      savedAt,
      aliases: _a,
      titleKey: _t,
      updatedAt,
      version: _v,
      mtimes: _m,
      citeKey,
      status,
      statusAt,
      ...paper
    } = p as Partial<PaperRecord> & { version?: number };
    if (note !== undefined && typeof note !== 'string') throw new ImportError('"note" must be text', where);
    if (tags !== undefined && !(Array.isArray(tags) && tags.every((t) => typeof t === 'string'))) {
      throw new ImportError('"tags" must be a list of text', where);
    }
    // updatedAt is not imported (the import is the update), but a nonsense one means a corrupt file.
    checkTime(updatedAt, 'updatedAt', where, now);
    if (status !== undefined && !(READING_STATUSES as readonly unknown[]).includes(status)) {
      throw new ImportError(`"status" must be one of ${READING_STATUSES.join(', ')}`, where);
    }
    if (status) checkTime(statusAt, 'statusAt', where, now);
    return {
      paper: paper as PaperRecord,
      note,
      tags,
      savedAt: savedAt as number | undefined,
      citeKey: typeof citeKey === 'string' ? citeKey : undefined,
      ...(status && { status, ...(statusAt !== undefined && { statusAt }) }),
      where,
    };
  });
}

/**
 * A stored snapshot's text as import items. Restoring a local backup needs only this, so the
 * background does not carry the BibTeX and CSL readers (~600 KB it parsed on every start).
 */
export function parseBackupText(text: string): ImportItem[] {
  const data = parseJson(text.replace(/^\uFEFF/, '').trim());
  if (!isBackup(data)) throw new ImportError('This is not a Gloss backup.');
  return validateItems(readBackup(data));
}
