/**
 * Reading status in formats that have no field for it: a tag, as Zotero users keep theirs
 * ("status:read"), in RIS `KW` and CSL-JSON `keyword`; read back from a CSL-JSON import.
 */
import { READING_STATUSES, type ReadingStatus } from './types';

export const STATUS_LABEL: Record<ReadingStatus, string> = { 'to-read': 'To read', reading: 'Reading', read: 'Read' };

export const statusTag = (s: ReadingStatus) => `status:${s}`;

/** Splits a `status:…` tag from the others; the last one given wins. */
export function statusFromTags(tags: string[]): { tags: string[]; status?: ReadingStatus } {
  let status: ReadingStatus | undefined;
  const rest = tags.filter((t) => {
    const m = t
      .trim()
      .toLowerCase()
      .match(/^status:(.+)$/);
    if (!m || !(READING_STATUSES as readonly string[]).includes(m[1])) return true;
    status = m[1] as ReadingStatus;
    return false;
  });
  return { tags: rest, ...(status && { status }) };
}
