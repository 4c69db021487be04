/**
 * Automatic local backups: snapshots of the whole library kept in the database (the newest
 * KEEP of them), taken on the schedule the user picks, restorable from the options page.
 * A restore first snapshots the library as it is, so a restore can itself be undone.
 */
import type { BackupRecord, GlossDB } from '../db/schema';
import type { PaperRecord } from '../core/types';
import { backupPieces } from '../export/backup';
import { parseBackupText } from '../import/backup';
import type { ImportSummary, LibraryService } from './service';

export const KEEP = 7;

/** Idle between the steps of making a backup (see `pause`). */
const PAUSE_MS = 10;
/** How long a backup's text stays decoded after a page read a part of it. */
const KEEP_READING_MS = 30_000;
/** Papers read per request while a backup is made. */
const READ_PAGE = 2_000;

/** Bytes of a backup's text (UTF-16 code units for those stored as strings, as before). */
const sizeOf = (data: string | Blob) => (typeof data === 'string' ? data.length : data.size);

export type BackupInfo = Omit<BackupRecord, 'data'> & { id: number; bytes: number };

export class Backups {
  constructor(
    private readonly db: GlossDB,
    private readonly library: LibraryService,
    private readonly now: () => number = Date.now,
    /**
     * Between the steps of a backup: lets the pages' requests in, and leaves the worker idle a
     * little, so a backup running beside page visits takes less of a 2-core machine (a
     * backup of 50,000 papers takes a few seconds longer).
     */
    private readonly pause: () => Promise<void> = () => new Promise((resolve) => setTimeout(resolve, PAUSE_MS)),
  ) {}

  async snapshot(reason: BackupRecord['reason'] = 'manual'): Promise<BackupInfo> {
    // Read, written out and stored a piece at a time between the pages' requests: at 50,000
    // papers reading the papers in one call, writing the text in one JSON.stringify and storing
    // it as one string each held the worker 0.5–1.5 s (bench/README.md, issue 18).
    const papers: PaperRecord[] = [];
    for await (const page of this.library.allInPages(READ_PAGE)) {
      papers.push(...page);
      await this.pause();
    }
    // Newest first, as the library lists them.
    papers.sort((a, b) => b.savedAt - a.savedAt);
    const parts: Blob[] = [];
    for (const piece of backupPieces(papers, new Date(this.now()))) {
      if (parts.length) await this.pause();
      parts.push(new Blob([piece]));
    }
    const data = new Blob(parts, { type: 'application/json' });
    const record: BackupRecord = { at: this.now(), count: papers.length, reason, data };
    const id = await this.db.transaction('rw', this.db.backups, async () => {
      const id = (await this.db.backups.add(record)) as number;
      const old = await this.db.backups.orderBy('at').reverse().offset(KEEP).primaryKeys();
      await this.db.backups.bulkDelete(old);
      return id;
    });
    return { id, at: record.at, count: record.count, reason, bytes: data.size };
  }

  async list(): Promise<BackupInfo[]> {
    const all = await this.db.backups.orderBy('at').reverse().toArray();
    return all.map(({ data, ...b }) => ({ ...b, id: b.id!, bytes: sizeOf(data) }));
  }

  async text(id: number): Promise<string | undefined> {
    const data = (await this.db.backups.get(id))?.data;
    return typeof data === 'string' || data === undefined ? data : data.text();
  }

  /** The text a page reads part by part, kept for the next part's request (and then let go). */
  private reading?: { id: number; text: Promise<string | undefined>; timer?: ReturnType<typeof setTimeout> };

  /** `size` characters of a backup's text from `from` on, and its whole length (undefined: no such backup). */
  async textPart(id: number, from: number, size: number): Promise<{ text: string; total: number } | undefined> {
    if (this.reading?.id !== id) this.reading = { id, text: this.text(id) };
    const reading = this.reading;
    clearTimeout(reading.timer);
    reading.timer = setTimeout(() => this.reading === reading && (this.reading = undefined), KEEP_READING_MS);
    const text = await reading.text;
    return text === undefined ? undefined : { text: text.slice(from, from + size), total: text.length };
  }

  /** Replaces the library with a snapshot (after snapshotting the current library). */
  async restore(id: number): Promise<ImportSummary> {
    const data = await this.text(id);
    if (!data) throw new Error('That backup no longer exists.');
    const items = parseBackupText(data);
    await this.snapshot('before-restore');
    return this.library.importItems({ items, mode: 'replace' });
  }

  /** Whether a scheduled backup is due, given the last one and the period. */
  async due(periodMs: number): Promise<boolean> {
    const last = await this.db.backups.orderBy('at').last();
    return !last || this.now() - last.at >= periodMs;
  }
}
