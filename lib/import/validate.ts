import { MAX_NOTE_LENGTH, paperMeta } from '../rpc/protocol';
import { ValidationError } from '../rpc/validate';
import { ImportError, type ImportItem, type SkippedEntry } from './types';
import { CITE_KEY_PATTERN } from '../export/cite-keys';

/** No paper was saved before this (Gloss, and the tools it imports from, are far younger). */
export const EARLIEST_TIME = Date.UTC(1990, 0, 1);
/** Room for a clock that runs a little ahead on the machine that wrote the file. */
const CLOCK_SKEW = 24 * 60 * 60 * 1000;

/**
 * A time stamp from a file: a whole number of milliseconds from 1990-01-01 to a day from now.
 * Anything else (-1e300 was one) made `new Date(t).toISOString()` throw and blanked the library.
 */
export function checkTime(value: unknown, field: string, where: string, now = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < EARLIEST_TIME || value > now + CLOCK_SKEW) {
    const found = typeof value === 'number' ? String(value) : typeof value;
    throw new ImportError(`"${field}" must be a time between 1990-01-01 and now (found ${found})`, where);
  }
  return value;
}

/**
 * Every paper must be one the background would accept from a page. Returns new items built only
 * from what the validators return, never the objects the readers made from the file: a key the
 * validators do not know cannot reach the library.
 */
export function validateItems(items: ImportItem[], now = Date.now(), skipped?: SkippedEntry[]): ImportItem[] {
  if (skipped) {
    return items.flatMap((item) => {
      try {
        return validateItems([item], now);
      } catch (err) {
        if (!(err instanceof ImportError)) throw err;
        skipped.push({ where: item.where, message: err.message.slice(item.where.length + 2) });
        return [];
      }
    });
  }
  return items.map((item) => {
    const { where } = item;
    let paper;
    try {
      paper = paperMeta(item.paper, 'paper');
    } catch (err) {
      if (err instanceof ValidationError) throw new ImportError(err.message.replace(/^paper\.?/, '').replace(/^: /, ''), where);
      throw err;
    }
    const { note, tags } = item;
    if (note !== undefined && typeof note !== 'string') throw new ImportError('"note" must be text', where);
    if (note !== undefined && note.length > MAX_NOTE_LENGTH)
      throw new ImportError(`note is longer than ${MAX_NOTE_LENGTH.toLocaleString('en')} characters`, where);
    if (tags !== undefined && !(Array.isArray(tags) && tags.every((t) => typeof t === 'string'))) {
      throw new ImportError('"tags" must be a list of text', where);
    }
    return {
      paper,
      ...(note !== undefined && { note }),
      ...(tags !== undefined && { tags: [...tags] }),
      ...(item.savedAt !== undefined && { savedAt: checkTime(item.savedAt, 'savedAt', where, now) }),
      // A key the library could not hold is dropped, not an error: the paper gets a new one.
      ...(typeof item.citeKey === 'string' && CITE_KEY_PATTERN.test(item.citeKey) && { citeKey: item.citeKey }),
      // Readers only give a known status (lib/import/backup.ts, lib/library/status.ts).
      ...(item.status !== undefined && { status: item.status }),
      ...(item.status !== undefined && item.statusAt !== undefined && { statusAt: checkTime(item.statusAt, 'statusAt', where, now) }),
      where,
    };
  });
}
