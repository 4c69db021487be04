/**
 * The saved records an import's papers already are, found with a few batched reads per slice of
 * items. The service's `find` asks up to three reads per paper, one after the other; for a 10,000
 * paper import that was 30,000 sequential round trips in the preview and again in the write
 * (bench/import-scale.ts). The answer is the one `find` gives for each paper: its record by
 * canonical id, else the record holding the alias that sorts first (what `anyOf(...).first()`
 * returns), else the first record by id with the same title and an author in common.
 *
 * Written as promise chains, not async functions: awaiting a nested async function inside the
 * import's transaction let fake-indexeddb (and so possibly a browser) commit it before the next
 * read (Dexie's PrematureCommitError); Dexie's own promises keep the transaction alive.
 */
import Dexie from 'dexie';
import { normalizeTitle } from '../core/ids';
import { samePaperByTitle } from '../core/identity';
import type { PaperMeta, PaperRecord } from '../core/types';
import type { GlossDB } from '../db/schema';
import type { LibraryKeySets } from './import-keys';

/** Papers looked up per batch: bounds the keys of one read, not the import. */
export const LOOKUP_SLICE = 2_000;

export interface Wanted {
  /** The paper's identifiers, canonical first (aliasesOfPaper). */
  aliases: string[];
  paper: Pick<PaperMeta, 'title' | 'authors'>;
}

type Found = Array<PaperRecord | undefined>;

/**
 * `keys`: every key the library holds (lib/library/import-keys.ts), or a superset. A paper none of
 * whose identifiers nor title is among them is not in the library, and is not looked up: into a
 * library that holds none of a file's papers, an import reads nothing per paper.
 */
export function findExisting(db: GlossDB, wanted: Wanted[], keys?: LibraryKeySets): Promise<Found> {
  const found: Found = new Array<PaperRecord | undefined>(wanted.length).fill(undefined);
  const held = (w: Wanted) => !keys || w.aliases.some((a) => keys.aliases.has(a)) || keys.titles.has(normalizeTitle(w.paper.title));
  // The sets are consulted once this transaction holds the papers (its first read is answered):
  // a write queued before it has been made by then, and the store told the sets of it.
  const start = keys ? db.papers.limit(1).primaryKeys() : Dexie.Promise.resolve();
  return start.then(() => {
    const asked = wanted.flatMap((w, i) => (held(w) ? [i] : []));
    let chain: Promise<unknown> = Dexie.Promise.resolve();
    for (let i = 0; i < asked.length; i += LOOKUP_SLICE) {
      const slice = asked.slice(i, i + LOOKUP_SLICE);
      chain = chain.then(() =>
        findSlice(
          db,
          slice.map((j) => wanted[j]),
        ).then((f) => f.forEach((rec, k) => (found[slice[k]] = rec))),
      );
    }
    return chain.then(() => found);
  });
}

// IndexedDB orders string keys by code unit, as `<` does.
const byCodeUnit = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function findSlice(db: GlossDB, wanted: Wanted[]): Promise<Found> {
  return db.papers
    .bulkGet(wanted.map((w) => w.aliases[0]))
    .then((direct) => {
      const found: Found = direct.map((r) => r ?? undefined);
      const missing = wanted.flatMap((_, i) => (found[i] ? [] : [i]));
      if (!missing.length) return found;
      return byKeys(
        db,
        'aliases',
        missing.flatMap((i) => wanted[i].aliases),
      ).then((recs) => {
        const byAlias = new Map<string, PaperRecord[]>();
        for (const rec of recs) for (const a of rec.aliases) byAlias.get(a)?.push(rec) ?? byAlias.set(a, [rec]);
        for (const i of missing) {
          // anyOf(...).first(): the lowest matching key, then the lowest id.
          const first = [...new Set(wanted[i].aliases)].sort(byCodeUnit).find((a) => byAlias.has(a));
          if (first) found[i] = byAlias.get(first)!.reduce((best, r) => (r.id < best.id ? r : best));
        }
        return found;
      });
    })
    .then((found) => {
      const missing = wanted.flatMap((_, i) => (found[i] ? [] : [i]));
      if (!missing.length) return found;
      const keyOf = missing.map((i) => normalizeTitle(wanted[i].paper.title));
      return byKeys(db, 'titleKey', keyOf).then((recs) => {
        const byTitle = new Map<string, PaperRecord[]>();
        for (const rec of recs) byTitle.get(rec.titleKey!)?.push(rec) ?? byTitle.set(rec.titleKey!, [rec]);
        missing.forEach((i, j) => {
          const same = (byTitle.get(keyOf[j]) ?? []).sort((a, b) => byCodeUnit(a.id, b.id));
          found[i] = same.find((rec) => samePaperByTitle(rec, wanted[i].paper));
        });
        return found;
      });
    });
}

/**
 * Records by index keys, in the caller's transaction (lib/db/papers-by-keys.ts opens its own).
 * Equality reads issued together are pipelined, where `anyOf` walks one cursor.
 */
function byKeys(db: GlossDB, index: 'aliases' | 'titleKey', keys: string[]): Promise<PaperRecord[]> {
  return Dexie.Promise.all([...new Set(keys)].map((k) => db.papers.where(index).equals(k).toArray())).then((lists) => {
    const byId = new Map<string, PaperRecord>();
    for (const list of lists) for (const rec of list) byId.set(rec.id, rec);
    return [...byId.values()];
  });
}
