/**
 * Every key an import could find a saved paper by (its identifiers, its normalized title), read
 * once and kept current, so an import looks up only the papers whose keys the library holds.
 *
 * Looking up each paper of a file cost ~4 reads per paper (lib/library/import-lookup.ts): at
 * 50,000 papers ~200,000 IndexedDB requests in the preview and as many again in the write, nearly
 * all answered "nothing" when the file is new to the library (bench/README.md, issue 18). One
 * key-only walk of each index instead reads every key once; a paper none of whose keys is among
 * them cannot be found by `find`, so it needs no read at all.
 *
 * The sets only ever grow: a key kept after its paper was deleted (or of a write that rolled
 * back) costs one read that finds nothing; a key missing would make an import add a second copy
 * of a saved paper. So the store reports every record it writes, as it writes it (announced or
 * quiet, `PaperStore.watchStored`), subscribed before the walk starts: a write after the walk's
 * snapshot is heard of, one before it is in the walk. The sets are consulted only once the
 * import's transaction holds the papers (lib/library/import-lookup.ts), so any write queued
 * before it has been made and heard of. Released when no import has asked for a while (they hold
 * ~4 strings a paper).
 */
import type { GlossDB } from '../db/schema';
import type { PaperStore } from './store';

export interface LibraryKeySets {
  /** Every record's id and every key of the papers' `aliases` index (its other identifiers). */
  aliases: Set<string>;
  /** Every `titleKey`. */
  titles: Set<string>;
  /** Every tombstone's id: with `aliases`, what a write must read before it writes a record. */
  graves: Set<string>;
}

/** How long the sets are kept after the last import asked for them (parts come seconds apart). */
export const KEYS_IDLE_MS = 60_000;

export class LibraryKeys {
  private sets?: Promise<LibraryKeySets>;
  private unwatch?: () => void;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly db: GlossDB,
    private readonly store: Pick<PaperStore, 'watchStored'>,
    private readonly idleMs = KEYS_IDLE_MS,
  ) {}

  /** The sets, read on first use; each call keeps them another `idleMs`. */
  get(): Promise<LibraryKeySets> {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.release(), this.idleMs);
    // In Node (tests, benches) a pending release must not keep the process alive.
    (this.timer as { unref?: () => void }).unref?.();
    if (this.sets) return this.sets;
    const heard: LibraryKeySets = { aliases: new Set(), titles: new Set(), graves: new Set() };
    let live: LibraryKeySets | undefined;
    // Before the walk: what commits while it runs is added either way (the sets only grow).
    this.unwatch = this.store.watchStored((recs, removed) => {
      const into = live ?? heard;
      for (const id of removed) into.graves.add(id);
      for (const rec of recs) {
        into.aliases.add(rec.id);
        for (const a of rec.aliases) into.aliases.add(a);
        if (rec.titleKey) into.titles.add(rec.titleKey);
      }
    });
    const db = this.db;
    const read = db
      .transaction('r', db.papers, db.tombstones, () =>
        Promise.all([
          db.papers.toCollection().primaryKeys(),
          db.papers.orderBy('aliases').uniqueKeys(),
          db.papers.orderBy('titleKey').uniqueKeys(),
          db.tombstones.toCollection().primaryKeys(),
        ]),
      )
      .then(([ids, aliases, titles, graves]) => {
        live = { aliases: new Set([...ids, ...(aliases as string[])]), titles: new Set(titles as string[]), graves: new Set(graves) };
        for (const g of heard.graves) live.graves.add(g);
        for (const a of heard.aliases) live.aliases.add(a);
        for (const t of heard.titles) live.titles.add(t);
        return live;
      });
    const sets = read.catch((err) => {
      // A failed walk is not kept: the next import reads again.
      if (this.sets === sets) this.release();
      throw err;
    });
    this.sets = sets;
    return sets;
  }

  /** Drops the sets (the next import reads them again). */
  release() {
    clearTimeout(this.timer);
    this.unwatch?.();
    this.unwatch = undefined;
    this.sets = undefined;
  }
}
