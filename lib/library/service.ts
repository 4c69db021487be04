/**
 * The library: every read and write of saved papers goes through here. The background exposes
 * it over RPC; arguments arrive already validated (lib/rpc/protocol.ts).
 */
import type { Table } from 'dexie';
import { STAMP_KEY, bumpVectorStamp, vectorStamp } from '../db/derived';
import { toVectorRecord, type DerivedRecord, type DraftRecord, type GlossDB, type TrashRecord, type VisitRecord } from '../db/schema';
import { papersByKeys } from '../db/papers-by-keys';
import { GlossError } from '../errors';
import { normalizeTitle } from '../ids';
import { preview } from '../text';
import type { ImportItem } from '../import/types';
import type { EntryState, PaperIds, PaperMeta, PaperRecord, RelatedPaper } from '../types';
import { aliasesOfPaper, samePaperByTitle } from './identity';
import { changedFields, fillCitation, improveFromFile } from './paper-merge';
import { CiteKeyRegistry } from './cite-key-registry';
import { assignCiteKey, citeKeyProblem } from './cite-keys';
import { RelatedEngine, type PaperVectors } from './related-engine';
import type { TopicModel } from '../search/topic-model';
import { SearchEngine } from './search-engine';
import type { SortOrder } from '../search/library-search';
import { normalizeTags } from './tags';
import { TRASH_DAYS } from './trash-days';

export type ChangeListener = (ids: string[]) => void;

export interface LibraryOptions {
  onChange?: ChangeListener;
  now?: () => number;
  /** Whether to remember papers shown to the user (the "seen before" setting). */
  seenMemory?: () => Promise<boolean>;
  /** Where the topic model comes from; the extension fetches its own copy (tests read the file). */
  topicModel?: () => Promise<TopicModel>;
}

/** Tag suggestions offered while typing: the most used ones. */
const MAX_SUGGESTED_TAGS = 300;

/** Papers shown again within this time count as the same visit, not as "seen before". */
const SAME_VISIT_MS = 30 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;

export { TRASH_DAYS };

/*
 * Reading memory is written on behalf of whatever page is open, so a hostile page could grow it
 * without end by listing ever new papers. These bound it: a real listing shows far fewer than
 * MAX_SIGHTINGS_PER_LOOKUP papers, and SEEN_CAP is years of browsing.
 */
/** Papers remembered as seen; beyond it the least recently seen are forgotten. */
export const SEEN_CAP = 20_000;
/** Listing pages remembered for "new since your last visit"; beyond it the oldest visits go. */
export const VISITS_CAP = 500;
/** Sightings one lookup records (the first ones on the page); the rest are answered but not remembered. */
export const MAX_SIGHTINGS_PER_LOOKUP = 2_000;
/** A seen paper's title is kept only to name it, never searched: a page cannot park megabytes in it. */
const SEEN_TITLE_MAX = 300;

/** Unsaved note drafts kept; a page cannot fill the database through them. */
export const MAX_DRAFTS = 200;

/** Put between the two texts of a note written in two places at once, both of which are kept. */
export const NOTE_CONFLICT_SEPARATOR = '\n\n──── both kept: this note was also changed in another window at the same time ────\n\n';

function stateOf(rec: PaperRecord): EntryState {
  return { id: rec.id, saved: true, note: rec.note, tags: rec.tags, savedAt: rec.savedAt, version: rec.version ?? 0 };
}

function unsavedState(id: string): EntryState {
  return { id, saved: false, note: '', tags: [] };
}

/**
 * The title a page gives a paper it knows only by its identifier (lib/sites/registry.ts
 * paperFromUrl): no better than no title, so a real one may replace it.
 */
function placeholderTitle(title: string, ids: PaperIds): boolean {
  return (
    !title.trim() ||
    (!!ids.arxiv && title === `arXiv:${ids.arxiv}`) ||
    (!!ids.doi && title === `doi:${ids.doi}`) ||
    (!!ids.openreview && title === `OpenReview ${ids.openreview}`)
  );
}

/** `stored` with the fields it lacks taken from `page`. */
function fillEmpty<T extends object>(stored: T, page: T): T {
  const out: Record<string, unknown> = { ...(stored as Record<string, unknown>) };
  for (const [k, v] of Object.entries(page)) if (v && !out[k]) out[k] = v;
  return out as T;
}

/**
 * The page's metadata, merged into what was stored: it only fills fields the record lacks. Any
 * page can ask for a save, so a page must not be able to rename a saved paper or point its
 * links elsewhere; identifiers are united, since they only make the paper easier to find.
 */
function merge(rec: PaperRecord, paper: PaperMeta): PaperRecord {
  const title = placeholderTitle(rec.title, rec.ids) && paper.title ? paper.title : rec.title;
  return {
    ...rec,
    ids: fillEmpty(rec.ids, paper.ids),
    title,
    titleKey: normalizeTitle(title),
    authors: rec.authors.length ? rec.authors : paper.authors,
    abstract: rec.abstract || paper.abstract,
    published: rec.published || paper.published,
    links: fillEmpty(rec.links, paper.links),
    category: rec.category || paper.category,
    ...fillCitation(rec, paper),
    aliases: [...new Set([...rec.aliases, ...aliasesOfPaper(paper)])],
  };
}

/** Two texts of one note, both kept: the second is appended unless one already holds the other. */
function uniteNotes(kept: string, other: string, separator = '\n\n'): string {
  if (!other.trim() || kept.includes(other)) return kept;
  if (!kept.trim() || other.includes(kept)) return other;
  return `${kept.trimEnd()}${separator}${other}`;
}

/** A record for a paper saved for the first time. */
function newRecord(paper: PaperMeta, t: number, extra: { note?: string; tags?: string[]; savedAt?: number } = {}): PaperRecord {
  return {
    ...paper,
    aliases: aliasesOfPaper(paper),
    titleKey: normalizeTitle(paper.title),
    note: extra.note ?? '',
    tags: normalizeTags(extra.tags ?? []),
    savedAt: extra.savedAt ?? t,
    updatedAt: t,
  };
}

/** A record as written, with the vectors stored beside it. */
type Written = { rec: PaperRecord } & PaperVectors;

/** Inside `vectorsTx`: `counted()` after writing vectors. */
interface VectorsTx {
  counted(): Promise<void>;
}

export class LibraryService {
  readonly related: RelatedEngine;
  readonly searchIndex: SearchEngine;
  /** Citation keys in use: each record gets one when it is made, and keeps it. */
  readonly citeKeys: CiteKeyRegistry;
  private readonly onChange: ChangeListener;
  private readonly now: () => number;
  private readonly seenMemory: () => Promise<boolean>;

  constructor(
    readonly db: GlossDB,
    options: LibraryOptions = {},
  ) {
    this.onChange = options.onChange ?? (() => {});
    this.now = options.now ?? Date.now;
    this.seenMemory = options.seenMemory ?? (async () => true);
    this.related = new RelatedEngine(db, options.topicModel);
    this.searchIndex = new SearchEngine(db, this.related);
    // Records given keys (and arXiv dates) on first load: the indexes reload them, pages refresh.
    this.citeKeys = new CiteKeyRegistry(db, (ids) => {
      this.applied({ reset: true });
      this.onChange(ids);
    });
  }

  /** Keeps both in-memory indexes in step with a write that has committed. */
  private applied(change: { set?: Written[]; removed?: string[]; reset?: boolean; stamp?: number }) {
    if (change.reset) {
      this.related.reset();
      this.searchIndex.reset();
      return;
    }
    this.related.applied({ set: change.set?.map((s) => ({ id: s.rec.id, ...s })), removed: change.removed, stamp: change.stamp });
    this.searchIndex.applied({ set: change.set, removed: change.removed });
  }

  /** Drops the in-memory indexes; they reload from the database on next use. */
  resetIndexes() {
    this.applied({ reset: true });
  }

  /** Library search as the user types: text with prefix and fuzzy matching, filters, sorting. */
  async search({ query, sort, limit = 50 }: { query: string; sort?: SortOrder; limit?: number }) {
    return this.searchIndex.search(query, { sort, limit });
  }

  /** The record a paper is, by any identifier, else by title and authors (preprint ↔ published). */
  private async find(ids: string[], paper?: Pick<PaperMeta, 'title' | 'authors'>): Promise<PaperRecord | undefined> {
    const direct = (await this.db.papers.get(ids[0])) ?? (await this.db.papers.where('aliases').anyOf(ids).first());
    if (direct || !paper) return direct;
    const sameTitle = await this.db.papers.where('titleKey').equals(normalizeTitle(paper.title)).toArray();
    return sameTitle.find((rec) => samePaperByTitle(rec, paper));
  }

  /** Writes records with their vectors, each one version on; call inside `vectorsTx`. */
  private async writeRecords(recs: PaperRecord[], tx: VectorsTx): Promise<Written[]> {
    const next = recs.map((rec) => ({ ...rec, version: (rec.version ?? 0) + 1 }));
    const written = next.map((rec) => ({ rec, ...this.related.vectorsFor(rec) }));
    if (!recs.length) return written;
    await this.db.papers.bulkPut(next);
    await this.db.vectors.bulkPut(written.map((w) => toVectorRecord(w.rec.id, w.v, w.topic)));
    await tx.counted();
    return written;
  }

  /**
   * A transaction over papers, vectors and the vectors stamp (lib/db/derived.ts). Whatever
   * writes vectors inside it calls `counted()`, which moves the stamp on; the stamp is returned
   * so the related index can say which state it reflects. A write first waits for the topic
   * model, which cannot be fetched inside the transaction (without it, topic vectors are filled
   * in when the related index next loads).
   */
  private async vectorsTx<T>(
    mode: 'r' | 'rw',
    fn: (tx: VectorsTx) => Promise<T>,
    also: Table[] = [],
  ): Promise<{ result: T; stamp?: number }> {
    if (mode === 'rw') await this.related.model();
    let stamp: number | undefined;
    const tx: VectorsTx = { counted: () => bumpVectorStamp(this.db).then((n) => void (stamp = n)) };
    const result = await this.db.transaction(mode, [this.db.papers, this.db.vectors, this.db.derived, ...also], () => fn(tx));
    return { result, stamp };
  }

  /** Writes a record and its vector together; the indexes follow once the write committed. */
  private async put(rec: PaperRecord): Promise<PaperRecord> {
    const { result: written, stamp } = await this.vectorsTx('rw', (tx) => this.writeRecords([rec], tx));
    this.applied({ set: written, stamp });
    return written[0].rec;
  }

  private keysWarming = false;
  /**
   * Reads the library's keys a moment after a page first asks about its papers, so the star that
   * saves a new paper does not wait for them (a read of every record, once per worker life).
   */
  private warmKeys() {
    if (this.keysWarming) return;
    this.keysWarming = true;
    setTimeout(() => {
      void Promise.allSettled([...this.lookups]).then(() => this.citeKeys.ready().catch(() => {}));
    }, 1_000);
  }

  /** Lookups being answered: a cold index load waits for them (it would hold up the marks). */
  private readonly lookups = new Set<Promise<unknown>>();

  /** One batched answer for a whole page: saved state, note and tags per entry, in order. */
  lookup(args: { papers: PaperMeta[]; page?: string; remember?: boolean }): Promise<EntryState[]> {
    const answer = this.answerLookup(args);
    this.lookups.add(answer);
    const done = () => this.lookups.delete(answer);
    answer.then(done, done);
    this.warmKeys();
    return answer;
  }

  private async answerLookup({ papers, page, remember = true }: { papers: PaperMeta[]; page?: string; remember?: boolean }): Promise<EntryState[]> {
    const wanted = papers.map(aliasesOfPaper);
    const found = await papersByKeys(this.db, 'aliases', wanted.flat());
    const byAlias = new Map<string, PaperRecord>();
    for (const rec of found) for (const a of rec.aliases) byAlias.set(a, rec);
    const matched = wanted.map((aliases) => aliases.map((a) => byAlias.get(a)).find(Boolean));
    // Entries with no identifier match may still be a saved preprint's published version.
    const unmatched = papers.filter((_, i) => !matched[i]);
    if (unmatched.length) {
      const byTitle = await papersByKeys(this.db, 'titleKey', unmatched.map((p) => normalizeTitle(p.title)));
      papers.forEach((p, i) => {
        matched[i] ??= byTitle.find((rec) => samePaperByTitle(rec, p));
      });
    }
    const states = papers.map((p, i) => (matched[i] ? stateOf(matched[i]!) : unsavedState(p.id)));
    if (await this.seenMemory()) {
      const t = this.now();
      const visit = await this.recall(papers, states, page, t);
      // A refresh after a change elsewhere is not another sighting; nor is a listing row a
      // content script asks about (it reports the rows that were on screen: `saw`).
      if (remember) this.remember(papers, page, visit, t);
    }
    return states;
  }

  /** Sighting writes still running (lookups answer before they finish). */
  private sightings: Promise<void> = Promise.resolve();

  /** Resolves once every sighting recorded so far is stored. */
  settled(): Promise<void> {
    return this.sightings;
  }

  /**
   * Marks what was seen before and what is new on this listing, then records the sightings.
   * The marks need only the reads; the write runs after the answer goes back to the page.
   */
  /** Marks what was seen before and what is new on this listing; reads only. */
  private async recall(papers: PaperMeta[], states: EntryState[], page: string | undefined, t: number): Promise<VisitRecord | undefined> {
    const [seen, visit] = await Promise.all([this.db.seen.bulkGet(papers.map((p) => p.id)), page ? this.db.visits.get(page) : undefined]);
    const before = visit && t - visit.at > SAME_VISIT_MS ? new Set(visit.ids) : undefined;
    papers.forEach((p, i) => {
      const s = seen[i];
      if (s && t - s.lastSeen > SAME_VISIT_MS) states[i].seen = { first: s.firstSeen, count: s.count };
      else if (s && s.count > 1) states[i].seen = { first: s.firstSeen, count: s.count - 1 };
      // Entries past the recorded ones were never remembered: calling them new would be a guess.
      if (before && i < MAX_SIGHTINGS_PER_LOOKUP && !before.has(p.id)) states[i].isNew = true;
    });
    return visit;
  }

  /**
   * Papers the user was shown: a content script reports the rows that came on screen (a page's
   * hidden cards never do), so a page cannot write its choice of papers into the reading memory.
   */
  async saw({ papers, page }: { papers: PaperMeta[]; page?: string }): Promise<void> {
    if (!(await this.seenMemory())) return;
    const t = this.now();
    this.remember(papers, page, page ? await this.db.visits.get(page) : undefined, t);
  }

  /** Records sightings after the answer went back; a visit of the same listing gathers its rows. */
  private remember(papers: PaperMeta[], page: string | undefined, visit: VisitRecord | undefined, t: number) {
    const recorded = papers.slice(0, MAX_SIGHTINGS_PER_LOOKUP);
    const ids = recorded.map((p) => p.id);
    const write = async () => {
      await this.db.transaction('rw', this.db.seen, this.db.visits, async () => {
        const current = await this.db.seen.bulkGet(ids);
        await this.db.seen.bulkPut(
          recorded.map((p, i) => {
            const s = current[i];
            const fresh = !s || t - s.lastSeen > SAME_VISIT_MS;
            const title = p.title.slice(0, SEEN_TITLE_MAX);
            return s ? { ...s, title, lastSeen: t, count: s.count + (fresh ? 1 : 0) } : { id: p.id, title, firstSeen: t, lastSeen: t, count: 1 };
          }),
        );
        const excess = (await this.db.seen.count()) - SEEN_CAP;
        if (excess > 0) await this.db.seen.bulkDelete(await this.db.seen.orderBy('lastSeen').limit(excess).primaryKeys());
        if (!page) return;
        const sameVisit = visit && t - visit.at <= SAME_VISIT_MS;
        if (sameVisit) {
          // Rows come on screen as the user scrolls: one visit holds all of them.
          const now = await this.db.visits.get(page);
          const all = [...new Set([...(now?.ids ?? []), ...ids])].slice(0, MAX_SIGHTINGS_PER_LOOKUP);
          if (all.length !== now?.ids.length) await this.db.visits.put({ key: page, at: now?.at ?? t, ids: all });
          return;
        }
        await this.db.visits.put({ key: page, at: t, ids });
        if ((await this.db.visits.count()) > VISITS_CAP) {
          // Visits have no index on their time (adding one needs a schema version), so they are
          // read whole; evicting a tenth at a time makes that once per VISITS_CAP / 10 new pages.
          const all = await this.db.visits.toArray();
          all.sort((a, b) => a.at - b.at);
          await this.db.visits.bulkDelete(all.slice(0, all.length - Math.floor(VISITS_CAP * 0.9)).map((v) => v.key));
        }
      });
    };
    this.sightings = this.sightings.then(write).catch((err) => console.warn('[gloss] could not record sightings', err));
  }

  /** Forgets every paper Gloss has shown; saved papers stay. */
  async clearSeen(_args: Record<string, never> = {}): Promise<{ cleared: number }> {
    await this.sightings;
    const cleared = await this.db.seen.count();
    await this.db.transaction('rw', this.db.seen, this.db.visits, async () => {
      await this.db.seen.clear();
      await this.db.visits.clear();
    });
    return { cleared };
  }

  /** Library papers related to each page entry, strongest first, the entry itself excluded. */
  async relatedTo({ papers, k = 3 }: { papers: PaperMeta[]; k?: number }): Promise<RelatedPaper[][]> {
    // Loading the index is a few hundred ms of work in the worker's one thread: let the saved
    // state that pages asked for at the same time go out first.
    if (!this.related.loaded) await Promise.allSettled([...this.lookups]);
    const index = await this.related.ready();
    const hitsPer = papers.map((p) => index.related(p, { k, exclude: aliasesOfPaper(p) }));
    const ids = [...new Set(hitsPer.flat().map((h) => h.id))];
    const recs = new Map((await this.db.papers.bulkGet(ids)).filter((r): r is PaperRecord => !!r).map((r) => [r.id, r]));
    return hitsPer.map((hits) =>
      hits
        .filter((h) => recs.has(h.id))
        .map((h) => {
          const rec = recs.get(h.id)!;
          return { id: h.id, title: rec.title, note: preview(rec.note, 100), score: h.score, terms: h.terms, ...(h.subject && { subject: true }), href: rec.links.abs ?? rec.links.hf };
        }),
    );
  }

  async save({ paper, note, tags }: { paper: PaperMeta; note?: string; tags?: string[] }): Promise<EntryState> {
    const existing = await this.find(aliasesOfPaper(paper), paper);
    const t = this.now();
    const rec: PaperRecord = existing ? { ...merge(existing, paper), updatedAt: t } : newRecord(paper, t);
    // Only a new record needs the library's keys (read once per worker life, on the first save).
    rec.citeKey = await this.citeKeys.keyFor(rec);
    if (note !== undefined) rec.note = note;
    if (tags !== undefined) rec.tags = normalizeTags(tags);
    const written = await this.put(rec);
    this.onChange([written.id]);
    return stateOf(written);
  }

  /**
   * Moves records to the trash, with their notes and tags; call inside a `vectorsTx` that has
   * the trash in scope. A paper already in the trash (removed, saved again, removed again) keeps
   * the notes and tags of both removals.
   */
  private async moveToTrash(recs: PaperRecord[], tx: VectorsTx) {
    if (!recs.length) return;
    const t = this.now();
    const ids = recs.map((r) => r.id);
    const earlier = await this.db.trash.bulkGet(ids);
    await this.db.trash.bulkPut(
      recs.map((rec, i): TrashRecord => {
        const old = earlier[i];
        const kept = old ? { ...rec, note: uniteNotes(rec.note, old.note), tags: normalizeTags([...rec.tags, ...old.tags]) } : rec;
        return { ...kept, removedAt: t };
      }),
    );
    await this.db.papers.bulkDelete(ids);
    await this.db.vectors.bulkDelete(ids);
    await tx.counted();
  }

  /** Removes a paper to the trash; returns what was removed so the caller can offer an undo. */
  async unsave({ id }: { id: string }): Promise<PaperRecord | null> {
    const { result: removed, stamp } = await this.vectorsTx(
      'rw',
      async (tx) => {
        const rec = await this.find([id]);
        if (rec) await this.moveToTrash([rec], tx);
        return rec ?? null;
      },
      [this.db.trash],
    );
    if (removed) {
      this.applied({ removed: [removed.id], stamp });
      this.onChange([removed.id]);
    }
    return removed;
  }

  /**
   * Changes only the field given, so a note edited in one tab and tags in another both stick.
   * Writing to a paper that is not saved yet saves it, when the page's metadata comes along.
   */
  private async updateField(
    id: string,
    paper: PaperMeta | undefined,
    field: Partial<Pick<PaperRecord, 'note' | 'tags' | 'citeKey'>>,
    noteBase?: string,
  ): Promise<EntryState> {
    let conflict = false as boolean;
    const { result: written, stamp } = await this.vectorsTx('rw', async (tx) => {
      const existing = await this.find([id]);
      if (!existing) return undefined;
      const next = { ...existing, ...field, updatedAt: this.now() };
      // The stored note moved on since this editor loaded it, to something else than what it
      // now writes: another window wrote in between. Neither text may be lost.
      if (field.note !== undefined && noteBase !== undefined && existing.note !== noteBase && existing.note !== field.note) {
        next.note = uniteNotes(existing.note, field.note, NOTE_CONFLICT_SEPARATOR);
        conflict = next.note !== field.note;
      }
      return this.writeRecords([next], tx);
    });
    if (!written) {
      if (!paper) throw new GlossError('not-found', `No saved paper ${id}.`);
      return this.save({ paper, ...field });
    }
    this.applied({ set: written, stamp });
    this.onChange([written[0].rec.id]);
    return { ...stateOf(written[0].rec), ...(conflict && { conflict: true }) };
  }

  /**
   * Sets a paper's note. `base` is the stored note the editor started from: when the stored
   * note has since changed to something else, both texts are kept, one after the other with
   * NOTE_CONFLICT_SEPARATOR between them, and the answer says `conflict: true`.
   */
  async setNote({ id, note, base, paper }: { id: string; note: string; base?: string; paper?: PaperMeta }): Promise<EntryState> {
    const state = await this.updateField(id, paper, { note }, base);
    await this.dropStoredDraft([id, state.id], note, state.note);
    return state;
  }

  /** Deletes the draft of a note whose text is now stored (alone, or beside another window's). */
  private async dropStoredDraft(ids: string[], written: string, stored: string) {
    await this.db.transaction('rw', this.db.drafts, async () => {
      const drafts = await this.db.drafts.bulkGet([...new Set(ids)]);
      const done = drafts.filter((d): d is DraftRecord => !!d && (d.text === stored || d.text === written));
      if (done.length) await this.db.drafts.bulkDelete(done.map((d) => d.id));
    });
  }

  setTags({ id, tags, paper }: { id: string; tags: string[]; paper?: PaperMeta }): Promise<EntryState> {
    return this.updateField(id, paper, { tags: normalizeTags(tags) });
  }

  /**
   * Records older than keys have been given theirs (a flag the first load stores): readers need
   * not wait for the library's keys to load, only for that one-time backfill.
   */
  private keysChecked?: Promise<void>;
  private keysGiven(): Promise<void> {
    this.keysChecked ??= this.citeKeys.backfilled().then(
      async (done) => void (done || (await this.citeKeys.ready())),
      (err) => {
        this.keysChecked = undefined;
        throw err;
      },
    );
    return this.keysChecked;
  }

  /** Changes a paper's citation key to one the user chose; it must be free in the library. */
  async setCiteKey({ id, key }: { id: string; key: string }): Promise<PaperRecord> {
    await this.citeKeys.ready();
    const rec = await this.find([id]);
    if (!rec) throw new GlossError('not-found', `No saved paper ${id}.`);
    if (rec.citeKey === key) return rec;
    const problem = citeKeyProblem(key, await this.citeKeys.takenByOther(key, rec.citeKey));
    if (problem) throw new GlossError('invalid', problem);
    await this.updateField(rec.id, undefined, { citeKey: key });
    await this.citeKeys.renamed(rec.citeKey, key);
    return (await this.find([rec.id]))!;
  }

  /**
   * Imports papers in one transaction: all or nothing. Items naming the same paper (by any
   * identifier, or title and authors) merge; importing the same file twice changes nothing.
   * `dryRun` answers what would change without writing.
   */
  async importItems({ items, mode = 'merge', dryRun = false }: { items: ImportItem[]; mode?: 'merge' | 'replace'; dryRun?: boolean }): Promise<ImportSummary> {
    const summary: ImportSummary = { added: 0, updated: 0, unchanged: 0, removed: 0 };
    const t = this.now();
    // Keys of the papers that stay (all but replaced ones; the trash always stays). A dry run
    // works on a copy so it reserves nothing.
    const live = await this.citeKeys.ready();
    const trashKeys = new Map((await this.db.trash.toArray()).flatMap((r) => (r.citeKey ? [[r.citeKey.toLowerCase(), r.aliases] as const] : [])));
    const taken = mode === 'replace' ? new Set(trashKeys.keys()) : dryRun ? new Set(live) : live;
    // A key held only by this same paper's copy in the trash (a backup restored after a removal)
    // is the paper's own: it takes it back.
    const ownInTrash = (key: string | undefined, rec: PaperRecord) => !!key && !!trashKeys.get(key.toLowerCase())?.some((a) => rec.aliases.includes(a));
    let written: Written[] = [];
    await this.vectorsTx(dryRun ? 'r' : 'rw', async (tx) => {
      if (mode === 'replace') {
        summary.removed = await this.db.papers.count();
        if (!dryRun) {
          await Promise.all([this.db.papers.clear(), this.db.vectors.clear()]);
          await tx.counted();
        }
      }
      const pending = new Map<string, PaperRecord>();
      const byAlias = new Map<string, string>();
      for (const item of items) {
        const aliases = aliasesOfPaper(item.paper);
        const pendingId = aliases.map((a) => byAlias.get(a)).find(Boolean);
        const base = pendingId ? pending.get(pendingId) : mode === 'replace' ? undefined : await this.find(aliases, item.paper);
        const rec: PaperRecord = base ? mergeImported(improveFromFile(merge(base, item.paper), item.paper), item) : newRecord(item.paper, t, item);
        rec.citeKey ??= ownInTrash(item.citeKey, rec) ? item.citeKey : assignCiteKey(rec, taken, item.citeKey);
        pending.set(rec.id, rec);
        for (const a of rec.aliases) byAlias.set(a, rec.id);
      }
      const changed: PaperRecord[] = [];
      for (const rec of pending.values()) {
        const before = mode === 'replace' ? undefined : await this.db.papers.get(rec.id);
        if (!before) summary.added++;
        else if (sameRecord(before, rec)) {
          summary.unchanged++;
          continue;
        } else {
          summary.updated++;
          if (dryRun && (summary.changes ??= []).length < MAX_PREVIEW_CHANGES) summary.changes.push({ id: rec.id, title: before.title, fields: changedFields(before, rec) });
        }
        changed.push({ ...rec, updatedAt: before ? t : rec.updatedAt });
      }
      if (!dryRun && changed.length) written = await this.writeRecords(changed, tx);
    });
    if (!dryRun && mode === 'replace') this.citeKeys.reset();
    if (!dryRun && (written.length || summary.removed)) {
      this.applied({ reset: true });
      this.onChange(written.map((w) => w.rec.id));
    }
    return summary;
  }

  /**
   * Deletes everything Gloss keeps about the user's reading: saved papers, the trash, reading
   * memory, backups, drafts and derived data; settings stay. The options page confirms with
   * the count of saved papers first.
   */
  async deleteAll(_args: Record<string, never> = {}): Promise<{ deleted: number }> {
    // A sighting write still queued would otherwise land after the clear.
    await this.sightings;
    const db = this.db;
    const deleted = await db.papers.count();
    await db.transaction('rw', [db.papers, db.vectors, db.derived, db.trash, db.seen, db.visits, db.backups, db.drafts], async () => {
      const stamp = await vectorStamp(db);
      await Promise.all([db.papers, db.vectors, db.derived, db.trash, db.seen, db.visits, db.backups, db.drafts].map((t) => (t as Table).clear()));
      // The counter alone survives, moved on: were it to restart, an index loaded before this
      // (another worker, a page) could label a snapshot of the deleted papers with a stamp that
      // becomes current again.
      await db.derived.put({ key: STAMP_KEY, value: stamp + 1 } as DerivedRecord);
    });
    this.applied({ reset: true });
    this.citeKeys.reset();
    this.onChange([]);
    return { deleted };
  }

  /** Removed papers, most recently removed first. */
  async trash(_args: Record<string, never> = {}): Promise<TrashRecord[]> {
    return this.db.trash.orderBy('removedAt').reverse().toArray();
  }

  /**
   * Puts removed papers back. A paper saved again since keeps its current record, with the
   * removed note appended when it differs and the tags united.
   */
  async restore({ ids }: { ids: string[] }): Promise<{ restored: number }> {
    const t = this.now();
    const { result: written, stamp } = await this.vectorsTx(
      'rw',
      async (tx) => {
        const trashed = (await this.db.trash.bulkGet(ids)).filter((r): r is TrashRecord => !!r);
        const pending = new Map<string, PaperRecord>();
        const byAlias = new Map<string, string>();
        for (const { removedAt: _, ...rec } of trashed) {
          const pendingId = rec.aliases.map((a) => byAlias.get(a)).find(Boolean);
          const current = pendingId ? pending.get(pendingId) : await this.find(rec.aliases, rec);
          const next: PaperRecord = current
            ? { ...current, note: uniteNotes(current.note, rec.note), tags: normalizeTags([...current.tags, ...rec.tags]), updatedAt: t }
            : rec;
          pending.set(next.id, next);
          for (const a of next.aliases) byAlias.set(a, next.id);
        }
        await this.db.trash.bulkDelete(trashed.map((r) => r.id));
        return this.writeRecords([...pending.values()], tx);
      },
      [this.db.trash],
    );
    if (written.length) {
      this.applied({ set: written, stamp });
      this.onChange(written.map((w) => w.rec.id));
    }
    return { restored: written.length };
  }

  /** Deletes removed papers for good: the given ones, or without ids those removed over TRASH_DAYS ago. */
  async purgeTrash({ ids }: { ids?: string[] } = {}): Promise<{ purged: number }> {
    if (!ids) return { purged: await this.db.trash.where('removedAt').below(this.now() - TRASH_DAYS * DAY_MS).delete() };
    const purged = await this.db.transaction('rw', this.db.trash, async () => {
      const found = (await this.db.trash.bulkGet(ids)).filter(Boolean).length;
      await this.db.trash.bulkDelete(ids);
      return found;
    });
    return { purged };
  }

  /** Keeps the text of a note being typed until it is stored on its paper. */
  async putDraft({ id, text, base }: { id: string; text: string; base: string }): Promise<DraftRecord> {
    const draft: DraftRecord = { id, text, base, at: this.now() };
    await this.db.transaction('rw', this.db.drafts, async () => {
      await this.db.drafts.put(draft);
      if ((await this.db.drafts.count()) <= MAX_DRAFTS) return;
      const all = await this.db.drafts.toArray();
      all.sort((a, b) => a.at - b.at);
      await this.db.drafts.bulkDelete(all.slice(0, all.length - MAX_DRAFTS).map((d) => d.id));
    });
    return draft;
  }

  async getDraft({ id }: { id: string }): Promise<DraftRecord | null> {
    return (await this.db.drafts.get(id)) ?? null;
  }

  async clearDraft({ id }: { id: string }): Promise<{ cleared: boolean }> {
    return this.db.transaction('rw', this.db.drafts, async () => {
      const cleared = !!(await this.db.drafts.get(id));
      await this.db.drafts.delete(id);
      return { cleared };
    });
  }

  /** Every unsaved note draft, newest first, with its saved paper's title ('' when not saved). */
  async drafts(_args: Record<string, never> = {}): Promise<Array<DraftRecord & { title: string }>> {
    const all = await this.db.drafts.toArray();
    all.sort((a, b) => b.at - a.at);
    const titles = new Map<string, string>();
    for (const rec of await papersByKeys(this.db, 'aliases', all.map((d) => d.id))) for (const a of rec.aliases) titles.set(a, rec.title);
    return all.map((d) => ({ ...d, title: titles.get(d.id) ?? '' }));
  }

  /** Tags, untags or moves to the trash many papers in one transaction; returns what was removed (for undo). */
  async bulk({ ids, action, tags = [] }: { ids: string[]; action: 'tag' | 'untag' | 'delete'; tags?: string[] }): Promise<{ changed: number; removed: PaperRecord[] }> {
    const t = this.now();
    let set: Written[] = [];
    const removed: PaperRecord[] = [];
    const drop = new Set(tags.map((x) => x.toLowerCase()));
    const { stamp } = await this.vectorsTx(
      'rw',
      async (tx) => {
        const recs = (await this.db.papers.bulkGet(ids)).filter((r): r is PaperRecord => !!r);
        if (action === 'delete') {
          await this.moveToTrash(recs, tx);
          removed.push(...recs);
          return;
        }
        const changed = recs.flatMap((rec) => {
          const next = normalizeTags(action === 'tag' ? [...rec.tags, ...tags] : rec.tags.filter((x) => !drop.has(x.toLowerCase())));
          return next.join('\u0000') === rec.tags.join('\u0000') ? [] : [{ ...rec, tags: next, updatedAt: t }];
        });
        set = await this.writeRecords(changed, tx);
      },
      action === 'delete' ? [this.db.trash] : [],
    );
    this.applied({ set, removed: removed.map((r) => r.id), stamp });
    const changed = set.length + removed.length;
    if (changed) this.onChange([...set.map((x) => x.rec.id), ...removed.map((r) => r.id)]);
    return { changed, removed };
  }

  /**
   * Every saved paper, for export and backups. Without `version`: a write count means nothing
   * outside this database, and importers read records field by field (lib/import/backup.ts
   * refuses fields it does not know).
   */
  async all(_args: Record<string, never> = {}): Promise<PaperRecord[]> {
    await this.keysGiven();
    const recs = await this.db.papers.orderBy('savedAt').reverse().toArray();
    return recs.map(({ version: _, ...rec }) => rec);
  }

  /** Saved papers, newest first. */
  async list({ limit = 200, offset = 0 }: { limit?: number; offset?: number } = {}): Promise<{
    total: number;
    papers: PaperRecord[];
  }> {
    await this.keysGiven();
    const [total, papers] = await Promise.all([
      this.db.papers.count(),
      this.db.papers.orderBy('savedAt').reverse().offset(offset).limit(limit).toArray(),
    ]);
    return { total, papers };
  }

  async get({ id }: { id: string }): Promise<PaperRecord | null> {
    await this.keysGiven();
    return (await this.find([id])) ?? null;
  }

  /** The library's most used tags with how many papers carry each (autocomplete). */
  async tags(_args: Record<string, never> = {}): Promise<Array<{ tag: string; count: number }>> {
    const counts = new Map<string, number>();
    await this.db.papers.orderBy('tags').eachKey((k) => {
      const t = String(k);
      counts.set(t, (counts.get(t) ?? 0) + 1);
    });
    return [...counts]
      .map(([tag, count]) => ({ tag, count }))
      .sort((a, b) => b.count - a.count || a.tag.localeCompare(b.tag))
      .slice(0, MAX_SUGGESTED_TAGS);
  }
}

export interface ImportSummary {
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  /** In a dry run: per paper that would be updated, what would change (the first MAX_PREVIEW_CHANGES). */
  changes?: Array<{ id: string; title: string; fields: string[] }>;
  /** The local backup taken before a replace (lib/background/imports.ts). */
  backup?: { id: number; count: number };
}

/** Updated papers a preview lists one by one. */
export const MAX_PREVIEW_CHANGES = 200;

/** An imported note joins the one already there instead of replacing it; tags are united. */
function mergeImported(rec: PaperRecord, item: ImportItem): PaperRecord {
  const note = item.note?.trim();
  return {
    ...rec,
    note: !note || rec.note.includes(note) ? rec.note : rec.note.trim() ? `${rec.note.trimEnd()}\n\n${note}` : note,
    tags: normalizeTags([...rec.tags, ...(item.tags ?? [])]),
    savedAt: Math.min(rec.savedAt, item.savedAt ?? rec.savedAt),
  };
}

/** JSON with object keys sorted at every level, so equal records compare equal. */
function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stable(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

function sameRecord(a: PaperRecord, b: PaperRecord): boolean {
  return stable({ ...a, updatedAt: 0, version: 0 }) === stable({ ...b, updatedAt: 0, version: 0 });
}

/** The methods the background exposes over RPC. */
export type GlossApi = Pick<
  LibraryService,
  | 'lookup'
  | 'relatedTo'
  | 'search'
  | 'save'
  | 'unsave'
  | 'setNote'
  | 'setTags'
  | 'setCiteKey'
  | 'list'
  | 'get'
  | 'tags'
  | 'clearSeen'
  | 'deleteAll'
  | 'bulk'
  | 'trash'
  | 'restore'
  | 'purgeTrash'
  | 'putDraft'
  | 'getDraft'
  | 'clearDraft'
  | 'drafts'
>;
export type MethodName = keyof GlossApi;
