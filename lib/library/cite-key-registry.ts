/**
 * The library's citation keys in use, so a new record gets one no other paper has. Kept in
 * memory (the papers table has no index on keys, and adding one needs a schema version): read
 * once per worker life, then kept in step by the library, which assigns every new key here.
 * Keys of papers in the trash stay taken, so restoring one never makes a duplicate.
 */
import type { GlossDB } from '../db/schema';
import type { PaperStore } from './store';
import type { PaperRecord } from '../core/types';
import { arxivDate } from '../core/citation';
import { assignCiteKey, backfillCiteKeys, keyFreed } from '../export/cite-keys';

const BACKFILLED = 'citeKeysBackfilled';

export class CiteKeyRegistry {
  private taken?: Promise<Set<string>>;

  constructor(
    private readonly db: GlossDB,
    private readonly store: PaperStore,
  ) {}

  /**
   * Every key in use, lower-cased. The first call also gives records saved before keys existed
   * theirs, in the order they were saved (cite-keys.ts backfillCiteKeys), and stores them: from
   * then on a record's key never changes unless the user changes it.
   */
  ready(): Promise<Set<string>> {
    this.taken ??= this.load().catch((err) => {
      this.taken = undefined;
      throw err;
    });
    return this.taken;
  }

  /** Forgets what it read (after the library was replaced or deleted); read again when next asked. */
  reset() {
    this.taken = undefined;
  }

  private async load(): Promise<Set<string>> {
    const { db } = this;
    // After the one-time backfill, reading the keys blocks no writer.
    if ((await db.kv.get(BACKFILLED))?.value) {
      return db.transaction('r', db.papers, db.trash, async () => {
        const taken = new Set<string>();
        const add = (r: PaperRecord) => void (r.citeKey && taken.add(r.citeKey.toLowerCase()));
        await db.papers.each(add);
        await db.trash.each(add);
        return taken;
      });
    }
    // Through the store like every write (a version on, each changed field's time), but as
    // Gloss's own filling-in: not the user's change, so nothing to sync; the indexes reload
    // (dates changed), the vectors stay.
    return this.store.write(
      async (w) => {
        const [papers, trash] = await Promise.all([db.papers.toArray(), db.trash.toArray()]);
        const taken = new Set<string>();
        // Live papers first: when an old trashed copy and a live paper would want the same key,
        // the live one (which the user may be citing) gets the plain key.
        const keyed = new Map(backfillCiteKeys(papers, taken).map((r) => [r.id, r]));
        // arXiv papers saved before dates came from their ids: the month the id says, once.
        for (const r of papers) {
          const date = !r.published && arxivDate(r.ids.arxiv);
          if (date) keyed.set(r.id, { ...(keyed.get(r.id) ?? r), published: date });
        }
        const keyedTrash = backfillCiteKeys(trash, taken);
        if (keyed.size) {
          await w.put([...keyed.values()]);
          w.reloadAfter();
        }
        if (keyedTrash.length) await db.trash.bulkPut(keyedTrash);
        // Every record made from now on gets its key when it is made: this never has to run again.
        await db.kv.put({ key: BACKFILLED, value: true });
        return taken;
      },
      { origin: 'system', also: [db.trash, db.kv], textUnchanged: true },
    );
  }

  /** Whether every stored record has its key (the first load has run, in any worker life). */
  async backfilled(): Promise<boolean> {
    return !!(this.taken || (await this.db.kv.get(BACKFILLED))?.value);
  }

  /** A key for a record about to be written: its own if it has one, else a new free one. */
  async keyFor(rec: Pick<PaperRecord, 'authors' | 'title' | 'published' | 'ids' | 'citeKey'>, preferred?: string): Promise<string> {
    if (rec.citeKey) return rec.citeKey;
    return assignCiteKey(rec, await this.ready(), preferred);
  }

  /** Whether a paper other than the one holding `own` has `key` (keys compare without case). */
  async takenByOther(key: string, own: string | undefined): Promise<boolean> {
    if (own && own.toLowerCase() === key.toLowerCase()) return false;
    return (await this.ready()).has(key.toLowerCase());
  }

  /** Records a changed key: the old one is free again. */
  async renamed(from: string | undefined, to: string) {
    const taken = await this.ready();
    if (from) {
      taken.delete(from.toLowerCase());
      keyFreed(taken);
    }
    taken.add(to.toLowerCase());
  }
}
