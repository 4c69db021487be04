import { BACKUP_FORMAT, BACKUP_VERSION } from '../export/backup';
import type { PaperRecord } from '../types';
import { parseJson } from './json';
import { ImportError, type ImportItem } from './types';
import { validateItems } from './validate';

export function isBackup(data: unknown): boolean {
  return !!data && typeof data === 'object' && (data as { format?: unknown }).format === BACKUP_FORMAT;
}

export function readBackup(data: unknown): ImportItem[] {
  const b = data as { version?: unknown; papers?: unknown };
  if (typeof b.version !== 'number' || b.version > BACKUP_VERSION) {
    throw new ImportError(`This backup was written by a newer Gloss (format version ${String(b.version)}); update Gloss to import it.`);
  }
  if (!Array.isArray(b.papers)) throw new ImportError('The backup has no "papers" list.');
  return b.papers.map((raw, i) => {
    const where = `paper ${i + 1}`;
    if (!raw || typeof raw !== 'object') throw new ImportError('expected a paper object', where);
    const p = raw as Partial<PaperRecord>;
    const { note, tags, savedAt, aliases: _a, titleKey: _t, updatedAt: _u, ...paper } = p;
    if (note !== undefined && typeof note !== 'string') throw new ImportError('"note" must be text', `${where} (${String(p.id)})`);
    if (tags !== undefined && !(Array.isArray(tags) && tags.every((t) => typeof t === 'string'))) {
      throw new ImportError('"tags" must be a list of text', `${where} (${String(p.id)})`);
    }
    if (savedAt !== undefined && (typeof savedAt !== 'number' || !Number.isFinite(savedAt))) {
      throw new ImportError('"savedAt" must be a time', `${where} (${String(p.id)})`);
    }
    return { paper: paper as PaperRecord, note, tags, savedAt, where: `${where} (${String(p.id)})` };
  });
}

/**
 * A stored snapshot's text as import items. Restoring a local backup needs only this, so the
 * background does not carry the BibTeX and CSL readers (~600 KB it parsed on every start).
 */
export function parseBackupText(text: string): ImportItem[] {
  const data = parseJson(text.replace(/^\uFEFF/, '').trim());
  if (!isBackup(data)) throw new ImportError('This is not a Gloss backup.');
  const items = readBackup(data);
  validateItems(items);
  return items;
}
