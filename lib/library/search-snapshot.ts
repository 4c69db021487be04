/**
 * What the library search needs of every paper, stored as one record of columns: a cold worker's
 * first search reads it instead of every paper record (abstracts, links, aliases) and every vector
 * record. At 10k papers those two full reads were most of the ~690 ms from a stopped worker to the
 * popup's first results (bench/README.md).
 *
 * Derived data under the vectors stamp (lib/db/derived.ts): every store transaction that writes a
 * paper writes its vectors and moves the stamp, so a snapshot taken at the current stamp holds
 * every paper as stored; any other is ignored and replaced.
 */
import { vectorStamp } from '../db/derived';
import type { GlossDB } from '../db/schema';
import type { PaperRecord } from '../core/types';

export const SEARCH_SNAPSHOT_KEY = 'search-snapshot' as const;
/** Between the parts of a list field (authors, tags): a character no title or tag contains. */
const SEP = '\u001f';

export interface SearchSnapshotRecord {
  key: typeof SEARCH_SNAPSHOT_KEY;
  stamp: number;
  ids: string[];
  titles: string[];
  authors: string[];
  notes: string[];
  tags: string[];
  /** '' for none. */
  published: string[];
  savedAt: Float64Array;
  updatedAt: Float64Array;
  /** The abstract's distinctive terms (what the index searches abstracts by), space-separated. */
  keywords: string[];
  hasAbstract: Uint8Array;
}

/** The columns of `papers`, with the keywords the index gives each. */
export function toSearchSnapshot(stamp: number, papers: PaperRecord[], keywords: (p: PaperRecord) => string[]): SearchSnapshotRecord {
  return {
    key: SEARCH_SNAPSHOT_KEY,
    stamp,
    ids: papers.map((p) => p.id),
    titles: papers.map((p) => p.title),
    authors: papers.map((p) => p.authors.join(SEP)),
    notes: papers.map((p) => p.note),
    tags: papers.map((p) => p.tags.join(SEP)),
    published: papers.map((p) => p.published ?? ''),
    savedAt: Float64Array.from(papers, (p) => p.savedAt),
    updatedAt: Float64Array.from(papers, (p) => p.updatedAt),
    keywords: papers.map((p) => keywords(p).join(' ')),
    hasAbstract: Uint8Array.from(papers, (p) => (p.abstract ? 1 : 0)),
  };
}

const split = (s: string) => (s ? s.split(SEP) : []);

/**
 * The papers as the search index reads them: every field it indexes, filters or sorts by. The
 * abstract stands in as its distinctive terms, which is also what the index searches it by, so
 * the provisional scan and the ranked index agree on what an abstract contains. Not records to
 * store or show: hits are read from the papers table.
 */
export function fromSearchSnapshot(s: SearchSnapshotRecord): { papers: PaperRecord[]; keywords: (p: PaperRecord) => string[] } {
  const n = s.ids.length;
  for (const column of [s.titles, s.authors, s.notes, s.tags, s.published, s.savedAt, s.updatedAt, s.keywords, s.hasAbstract]) {
    if (column?.length !== n) throw new Error('The stored search snapshot is damaged (columns of different lengths).');
  }
  const papers: PaperRecord[] = [];
  // Kept joined and split when asked (once per paper, as the index adds it): split up front, every
  // paper's ~48 terms as their own strings and array were ~100 MB at 50k papers for the whole build
  // (bench/worker-memory.ts).
  const terms = new Map<string, string>();
  for (let i = 0; i < n; i++) {
    const id = s.ids[i];
    terms.set(id, s.keywords[i]);
    papers.push({
      id,
      ids: {},
      title: s.titles[i],
      authors: split(s.authors[i]),
      note: s.notes[i],
      tags: split(s.tags[i]),
      ...(s.published[i] && { published: s.published[i] }),
      ...(s.hasAbstract[i] && { abstract: s.keywords[i] }),
      savedAt: s.savedAt[i],
      updatedAt: s.updatedAt[i],
      aliases: [id],
      titleKey: '',
      links: {},
      source: '',
    } as PaperRecord);
  }
  return { papers, keywords: (p) => terms.get(p.id)?.split(' ').filter(Boolean) ?? [] };
}

/** The stored snapshot if it reflects the current stamp, and that stamp. */
export function readSearchSnapshot(db: GlossDB): Promise<{ snapshot?: SearchSnapshotRecord; stamp: number }> {
  return db.transaction('r', db.derived, () =>
    Promise.all([db.derived.get(SEARCH_SNAPSHOT_KEY), vectorStamp(db)]).then(([record, stamp]) => {
      const s = record as SearchSnapshotRecord | undefined;
      return s?.stamp === stamp ? { snapshot: s, stamp } : { stamp };
    }),
  );
}

/** Stores the snapshot only if no paper was written since `snapshot.stamp`; says whether it did. */
export function writeSearchSnapshot(db: GlossDB, snapshot: SearchSnapshotRecord): Promise<boolean> {
  return db.transaction('rw', db.derived, () =>
    vectorStamp(db).then((stamp) => (stamp === snapshot.stamp ? db.derived.put(snapshot).then(() => true) : false)),
  );
}

/** One committed write as the snapshot follows it: papers set (with their keywords) and removed. */
export interface SnapshotChange {
  stamp: number;
  set: Array<{ rec: PaperRecord; keywords: string[] }>;
  removed: string[];
}

/** Applies contiguous changes to a snapshot at the stamp before the first; undefined when they do not follow on. */
export function patchSearchSnapshot(s: SearchSnapshotRecord, changes: SnapshotChange[]): SearchSnapshotRecord | undefined {
  let stamp = s.stamp;
  for (const c of changes) {
    if (c.stamp !== stamp + 1) return undefined;
    stamp = c.stamp;
  }
  const latest = new Map<string, PaperRecord | null>();
  const terms = new Map<string, string[]>();
  for (const c of changes) {
    c.set.forEach(({ rec, keywords }) => (latest.set(rec.id, rec), terms.set(rec.id, keywords)));
    c.removed.forEach((id) => latest.set(id, null));
  }
  const kept: number[] = [];
  s.ids.forEach((id, i) => latest.has(id) || kept.push(i));
  const added = [...latest.values()].filter((r): r is PaperRecord => !!r);
  const fresh = toSearchSnapshot(stamp, added, (p) => terms.get(p.id) ?? []);
  const pick = <T>(old: ArrayLike<T>, add: ArrayLike<T>): T[] => [...kept.map((i) => old[i]), ...Array.from(add)];
  return {
    key: SEARCH_SNAPSHOT_KEY,
    stamp,
    ids: pick(s.ids, fresh.ids),
    titles: pick(s.titles, fresh.titles),
    authors: pick(s.authors, fresh.authors),
    notes: pick(s.notes, fresh.notes),
    tags: pick(s.tags, fresh.tags),
    published: pick(s.published, fresh.published),
    savedAt: Float64Array.from(pick(s.savedAt, fresh.savedAt)),
    updatedAt: Float64Array.from(pick(s.updatedAt, fresh.updatedAt)),
    keywords: pick(s.keywords, fresh.keywords),
    hasAbstract: Uint8Array.from(pick(s.hasAbstract, fresh.hasAbstract)),
  };
}

/**
 * Brings the stored snapshot along with committed writes, a few seconds after a burst of them,
 * so that the next cold search after a save still reads one record. It rewrites the compact
 * record (a few MB at 10k papers) once per burst, not the papers. When a change was missed (a
 * stamp skipped, a reset) the stored snapshot is left stale and the next cold search rebuilds it.
 */
export class SearchSnapshotFollower {
  private pending: SnapshotChange[] = [];
  private timer?: ReturnType<typeof setTimeout>;
  private running = Promise.resolve();

  constructor(
    private readonly db: GlossDB,
    private readonly delayMs: number,
  ) {}

  add(change: SnapshotChange) {
    this.pending.push(change);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Drops what is pending (after a reset the stored snapshot is stale anyway). */
  clear() {
    clearTimeout(this.timer);
    this.pending = [];
  }

  /** Applies what is pending now (tests call it directly); resolves whether a snapshot was stored. */
  flush(): Promise<boolean> {
    clearTimeout(this.timer);
    const changes = this.pending.splice(0);
    const run = this.running.then(async () => {
      if (!changes.length || !this.db.isOpen()) return false;
      const last = changes[changes.length - 1].stamp;
      try {
        return await this.db.transaction('rw', this.db.derived, async () => {
          const stored = (await this.db.derived.get(SEARCH_SNAPSHOT_KEY)) as SearchSnapshotRecord | undefined;
          if (!stored || (await vectorStamp(this.db)) !== last) return false;
          const next = patchSearchSnapshot(stored, changes);
          if (!next) return false;
          await this.db.derived.put(next);
          return true;
        });
      } catch (err) {
        // Only speed is lost: the next cold search reads the papers and stores a new snapshot.
        console.warn('Gloss: could not update the search snapshot.', err);
        return false;
      }
    });
    this.running = run.then(() => undefined);
    return run;
  }
}
