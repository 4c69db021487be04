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
import { INDEX_FORMAT, indexKeywords } from '../search/library-search';
import { SCAN_END, SCAN_FIELDS, SnapshotScan, scanColumn } from './snapshot-scan';

export const SEARCH_SNAPSHOT_KEY = 'search-snapshot' as const;
/**
 * The record's shape: one stored under another (or none, before the scan columns) is not read;
 * the next cold search builds and stores it again.
 */
export const SEARCH_SNAPSHOT_FORMAT = 2;
/** Between the parts of a list field (authors, tags): a character no title or tag contains. */
const SEP = '\u001f';

export interface SearchSnapshotRecord {
  key: typeof SEARCH_SNAPSHOT_KEY;
  /** SEARCH_SNAPSHOT_FORMAT when it was stored. */
  format: number;
  /** The index's INDEX_FORMAT then: which abstract terms the keywords column keeps. */
  indexFormat: string;
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
  hasAbstract: Uint8Array;
  /**
   * What the scan reads while the index loads (lib/library/snapshot-scan.ts), per SCAN_FIELDS
   * entry: every paper's text as the index holds it, folded, in one string. Strings and typed
   * arrays come out of IndexedDB as whole copies, not 10k objects each. The keywords column is
   * also where the index's keywords are kept: the abstract terms it searches by (indexKeywords),
   * space-separated, already folded; not the 48-term vector, which it never reads past them.
   */
  scanText: string[];
  /** Where each paper starts in its field's scanText: papers + 1 offsets per field, fields one after another. */
  scanStarts: Uint32Array;
}

/** The scan columns of the papers in these columns (list fields joined with SEP). */
function scanColumns(
  c: Pick<SearchSnapshotRecord, 'titles' | 'authors' | 'notes' | 'tags'> & { keywords: string[] },
): Pick<SearchSnapshotRecord, 'scanText' | 'scanStarts'> {
  const n = c.titles.length;
  const texts: Record<(typeof SCAN_FIELDS)[number], string[]> = {
    title: c.titles,
    authors: c.authors.map((a) => split(a).join(' ')),
    keywords: c.keywords,
    note: c.notes,
    tags: c.tags.map((t) => split(t).join(' ')),
  };
  const scanStarts = new Uint32Array(SCAN_FIELDS.length * (n + 1));
  const scanText = SCAN_FIELDS.map((f, i) => {
    const column = scanColumn(texts[f]);
    scanStarts.set(column.starts, i * (n + 1));
    return column.text;
  });
  return { scanText, scanStarts };
}

/** The scan columns as SnapshotScan reads them; throws when they do not fit the snapshot's papers. */
export function scanColumnsOf(s: SearchSnapshotRecord): Array<{ text: string; starts: Uint32Array }> {
  const n = s.ids.length;
  const damaged = () => new Error('The stored search snapshot is damaged (scan columns).');
  if (
    !Array.isArray(s.scanText) ||
    s.scanText.length !== SCAN_FIELDS.length ||
    !(s.scanStarts instanceof Uint32Array) ||
    s.scanStarts.length !== SCAN_FIELDS.length * (n + 1)
  ) {
    throw damaged();
  }
  return s.scanText.map((text, f) => {
    const starts = s.scanStarts.subarray(f * (n + 1), (f + 1) * (n + 1));
    if (typeof text !== 'string' || starts[0] !== 0 || starts[n] !== text.length) throw damaged();
    // Every paper's text ends where the next begins: otherwise a match would be given to the wrong paper.
    for (let i = 1; i <= n; i++) if (starts[i] <= starts[i - 1] || text[starts[i] - 1] !== SCAN_END) throw damaged();
    return { text, starts };
  });
}

/** The columns of `papers`, with the keywords the index gives each. */
export function toSearchSnapshot(stamp: number, papers: PaperRecord[], keywords: (p: PaperRecord) => string[]): SearchSnapshotRecord {
  return withScan({
    key: SEARCH_SNAPSHOT_KEY,
    format: SEARCH_SNAPSHOT_FORMAT,
    indexFormat: INDEX_FORMAT,
    stamp,
    ids: papers.map((p) => p.id),
    titles: papers.map((p) => p.title),
    authors: papers.map((p) => p.authors.join(SEP)),
    notes: papers.map((p) => p.note),
    tags: papers.map((p) => p.tags.join(SEP)),
    published: papers.map((p) => p.published ?? ''),
    savedAt: Float64Array.from(papers, (p) => p.savedAt),
    updatedAt: Float64Array.from(papers, (p) => p.updatedAt),
    // What the index searches an abstract by: its distinctive terms the other fields lack.
    keywords: papers.map((p) => indexKeywords(p, keywords(p)).join(' ')),
    hasAbstract: Uint8Array.from(papers, (p) => (p.abstract ? 1 : 0)),
  });
}

const withScan = ({ keywords, ...s }: Omit<SearchSnapshotRecord, 'scanText' | 'scanStarts'> & { keywords: string[] }): SearchSnapshotRecord => ({
  ...s,
  ...scanColumns({ ...s, keywords }),
});

const KEYWORDS = SCAN_FIELDS.indexOf('keywords');

/** Paper i's keywords as stored (space-separated), read out of their scan column. */
function keywordsAt(s: SearchSnapshotRecord, i: number): string {
  const at = KEYWORDS * (s.ids.length + 1) + i;
  return s.scanText[KEYWORDS].slice(s.scanStarts[at], s.scanStarts[at + 1] - SCAN_END.length);
}

const split = (s: string) => (s ? s.split(SEP) : []);

/**
 * The papers as the search index reads them: every field it indexes, filters or sorts by. The
 * abstract stands in as its distinctive terms, which is also what the index searches it by, so
 * the provisional scan and the ranked index agree on what an abstract contains. Not records to
 * store or show: hits are read from the papers table.
 */
export function fromSearchSnapshot(s: SearchSnapshotRecord): { papers: PaperRecord[]; keywords: (p: PaperRecord) => string[]; scan: SnapshotScan } {
  const n = s.ids.length;
  for (const column of [s.titles, s.authors, s.notes, s.tags, s.published, s.savedAt, s.updatedAt, s.hasAbstract]) {
    if (column?.length !== n) throw new Error('The stored search snapshot is damaged (columns of different lengths).');
  }
  const scan = new SnapshotScan(s.ids, scanColumnsOf(s));
  const papers: PaperRecord[] = [];
  // Split only when asked (an index built from the snapshot, not loaded): ~480k strings at 10k papers.
  const row = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const id = s.ids[i];
    row.set(id, i);
    papers.push({
      id,
      ids: {},
      title: s.titles[i],
      authors: split(s.authors[i]),
      note: s.notes[i],
      tags: split(s.tags[i]),
      ...(s.published[i] && { published: s.published[i] }),
      ...(s.hasAbstract[i] && { abstract: keywordsAt(s, i) }),
      savedAt: s.savedAt[i],
      updatedAt: s.updatedAt[i],
      aliases: [id],
      titleKey: '',
      links: {},
      source: '',
    } as PaperRecord);
  }
  const keywords = (p: PaperRecord) => {
    const i = row.get(p.id);
    const k = i === undefined ? '' : keywordsAt(s, i);
    return k ? k.split(' ') : [];
  };
  return { papers, keywords, scan };
}

/** Whether a stored snapshot has today's shape and keeps the keywords today's index uses. */
const current = (s: SearchSnapshotRecord) => s.format === SEARCH_SNAPSHOT_FORMAT && s.indexFormat === INDEX_FORMAT;

/** The stored snapshot if it reflects the current stamp in today's format, and that stamp. */
export function readSearchSnapshot(db: GlossDB): Promise<{ snapshot?: SearchSnapshotRecord; stamp: number }> {
  return db.transaction('r', db.derived, () =>
    Promise.all([db.derived.get(SEARCH_SNAPSHOT_KEY), vectorStamp(db)]).then(([record, stamp]) => {
      const s = record as SearchSnapshotRecord | undefined;
      return s?.stamp === stamp && current(s) ? { snapshot: s, stamp } : { stamp };
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
  // Damage here would be carried into the patched record; refused, the next cold search rebuilds it.
  scanColumnsOf(s);
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
  return withScan({
    key: SEARCH_SNAPSHOT_KEY,
    format: SEARCH_SNAPSHOT_FORMAT,
    indexFormat: INDEX_FORMAT,
    stamp,
    ids: pick(s.ids, fresh.ids),
    titles: pick(s.titles, fresh.titles),
    authors: pick(s.authors, fresh.authors),
    notes: pick(s.notes, fresh.notes),
    tags: pick(s.tags, fresh.tags),
    published: pick(s.published, fresh.published),
    savedAt: Float64Array.from(pick(s.savedAt, fresh.savedAt)),
    updatedAt: Float64Array.from(pick(s.updatedAt, fresh.updatedAt)),
    keywords: [...kept.map((i) => keywordsAt(s, i)), ...added.map((_, j) => keywordsAt(fresh, j))],
    hasAbstract: Uint8Array.from(pick(s.hasAbstract, fresh.hasAbstract)),
  });
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
          if (!stored || !current(stored) || (await vectorStamp(this.db)) !== last) return false;
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
