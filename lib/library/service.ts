/**
 * The library: every read and write of saved papers goes through here. The background exposes
 * it over RPC; arguments arrive already validated (lib/rpc/protocol.ts).
 */
import type { Table } from 'dexie';
import { STAMP_KEY, vectorStamp } from '../db/derived';
import type { DerivedRecord, DraftRecord, GlossDB, TrashRecord } from '../db/schema';
import { papersByKeys } from '../db/papers-by-keys';
import { GlossError } from '../core/errors';
import { canonicalId, normalizeTitle } from '../core/ids';
import type { ImportItem } from '../import/types';
import type { EntryState, PaperIds, PaperMeta, PaperRecord, ReadingStatus, RelatedPaper } from '../core/types';
import type { GlossApi, MetaEdit } from '../rpc/protocol';
import { aliasesOfPaper, samePaperByTitle } from '../core/identity';
import { NOTE_CONFLICT_SEPARATOR } from '../core/notes';
import { ReadingMemory } from './reading-memory';
import { changedFields, fillCitation, improveFromFile } from './paper-merge';
import { CiteKeyRegistry } from './cite-key-registry';
import { findExisting } from './import-lookup';
import { LibraryKeys } from './import-keys';
import { timed } from './import-timing';
import { assignCiteKey, citeKeyProblem } from '../export/cite-keys';
import { RelatedEngine } from './related-engine';
import type { TopicModel } from '../search/topic-model';
import { SearchEngine } from './search-engine';
import type { SortOrder } from '../search/library-search';
import { PaperStore, stableJson, type StoreWriter } from './store';
import { normalizeTags } from '../core/tags';
import { TRASH_DAYS } from '../core/trash-days';

export interface LibraryOptions {
  now?: () => number;
  /** Whether to remember papers shown to the user (the "seen before" setting). */
  seenMemory?: () => Promise<boolean>;
  /** Where the topic model comes from; the extension fetches its own copy (tests read the file). */
  topicModel?: () => Promise<TopicModel>;
}

/** Tag suggestions offered while typing: the most used ones. */
const MAX_SUGGESTED_TAGS = 300;

const DAY_MS = 24 * 60 * 60 * 1000;

export { TRASH_DAYS };

/** Unsaved note drafts kept; a page cannot fill the database through them. */
export const MAX_DRAFTS = 200;

export { NOTE_CONFLICT_SEPARATOR };

function stateOf(rec: PaperRecord): EntryState {
  return {
    id: rec.id,
    saved: true,
    note: rec.note,
    tags: rec.tags,
    savedAt: rec.savedAt,
    version: rec.version ?? 0,
    ...(rec.status && { status: rec.status, statusAt: rec.statusAt }),
  };
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
    (!!ids.openreview && title === `OpenReview ${ids.openreview}`) ||
    title === canonicalId(ids)
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
export function newRecord(
  paper: PaperMeta,
  t: number,
  extra: { note?: string; tags?: string[]; savedAt?: number; status?: ReadingStatus; statusAt?: number } = {},
): PaperRecord {
  return {
    ...paper,
    aliases: aliasesOfPaper(paper),
    titleKey: normalizeTitle(paper.title),
    note: extra.note ?? '',
    tags: normalizeTags(extra.tags ?? []),
    savedAt: extra.savedAt ?? t,
    updatedAt: t,
    ...(extra.status && { status: extra.status, statusAt: extra.statusAt ?? t }),
  };
}

export class LibraryService implements GlossApi {
  /** The one writer: every change to saved papers goes through it and is announced from it. */
  readonly store: PaperStore;
  readonly related: RelatedEngine;
  readonly searchIndex: SearchEngine;
  readonly memory: ReadingMemory;
  /** Citation keys in use: each record gets one when it is made, and keeps it. */
  readonly citeKeys: CiteKeyRegistry;
  private readonly now: () => number;

  constructor(
    readonly db: GlossDB,
    options: LibraryOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.store = new PaperStore(db, { vectors: (rec) => this.related.vectorsFor(rec), ready: () => this.related.model() }, this.now);
    this.related = new RelatedEngine(db, options.topicModel);
    this.related.follow(this.store);
    this.searchIndex = new SearchEngine(db, (p) => this.related.vectorsFor(p).v.map(([t]) => t));
    this.searchIndex.follow(this.store);
    this.memory = new ReadingMemory(db, options.seenMemory, this.now);
    this.citeKeys = new CiteKeyRegistry(db, this.store);
    this.importKeys = new LibraryKeys(db, this.store);
  }

  /** Every key a saved paper can be found by, while imports run (lib/library/import-keys.ts). */
  private readonly importKeys: LibraryKeys;

  /** What else "delete everything" wipes (the Zotero connection and mirror, kept outside this database). */
  private readonly alsoDeleted: Array<() => Promise<void>> = [];
  alsoDelete(wipe: () => Promise<void>) {
    this.alsoDeleted.push(wipe);
  }

  /** Loads what search needs (the popup asks as it opens); answers nothing. */
  async prepareSearch(): Promise<null> {
    await this.searchIndex.ready();
    return null;
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

  /**
   * One batched answer for a whole page: saved state, note and tags per entry, in order, and
   * what the reading memory says of each. Reads only.
   */
  lookup(args: { papers: PaperMeta[]; page?: string }): Promise<EntryState[]> {
    const answer = this.answerLookup(args);
    this.lookups.add(answer);
    const done = () => this.lookups.delete(answer);
    answer.then(done, done);
    this.warmKeys();
    return answer;
  }

  private async answerLookup({ papers, page }: { papers: PaperMeta[]; page?: string }): Promise<EntryState[]> {
    const wanted = papers.map(aliasesOfPaper);
    // Identifiers, titles and the reading memory are read at once: one after another they were
    // three IndexedDB round trips before a warm page's first mark (bench/README.md). Titles are
    // read for every entry, though only those no identifier matches use them: a few more index
    // reads in the same wait cost less than a wait of their own.
    const memory = papers.map((): Pick<EntryState, 'seen' | 'isNew'> => ({}));
    const [found, byTitle] = await Promise.all([
      papersByKeys(this.db, 'aliases', wanted.flat()),
      papersByKeys(
        this.db,
        'titleKey',
        papers.map((p) => normalizeTitle(p.title)),
      ),
      this.memory.recall(papers, memory, page),
    ]);
    const byAlias = new Map<string, PaperRecord>();
    for (const rec of found) for (const a of rec.aliases) byAlias.set(a, rec);
    // Entries with no identifier match may still be a saved preprint's published version.
    const matched = wanted.map((aliases, i) => aliases.map((a) => byAlias.get(a)).find(Boolean) ?? byTitle.find((rec) => samePaperByTitle(rec, papers[i])));
    return papers.map((p, i) => Object.assign(matched[i] ? stateOf(matched[i]!) : unsavedState(p.id), memory[i]));
  }

  /** Records the papers the user was shown (lib/library/reading-memory.ts). */
  saw(args: { papers: PaperMeta[]; page?: string }): Promise<void> {
    return this.memory.saw(args);
  }

  /** Resolves once every sighting recorded so far is stored. */
  settled(): Promise<void> {
    return this.memory.settled();
  }

  /** Forgets every paper Gloss has shown; saved papers stay. */
  clearSeen(_args: Record<string, never> = {}): Promise<{ cleared: number }> {
    return this.memory.clear();
  }

  /**
   * How many library papers are strongly related to each page entry (a listing row's chip), at
   * most `k`. From the index alone: the titles and notes relatedTo reads are for a list, and
   * reading them was an IndexedDB round trip on every page.
   */
  async relatedCounts({ papers, k = 3 }: { papers: PaperMeta[]; k?: number }): Promise<number[]> {
    const index = await this.relatedIndex();
    return papers.map((p) => index.related(p, { k, exclude: aliasesOfPaper(p), chipsOnly: true }).length);
  }

  /** The loaded related index; a cold load waits for the lookups pages asked for at the same time. */
  private async relatedIndex() {
    // Loading the index is a few hundred ms of work in the worker's one thread: let the saved
    // state that pages asked for at the same time go out first.
    if (!this.related.loaded) await Promise.allSettled([...this.lookups]);
    return this.related.ready();
  }

  /** Library papers related to each page entry, strongest first, the entry itself excluded. */
  async relatedTo({ papers, k = 3 }: { papers: PaperMeta[]; k?: number }): Promise<RelatedPaper[][]> {
    const index = await this.relatedIndex();
    const hitsPer = papers.map((p) => index.related(p, { k, exclude: aliasesOfPaper(p) }));
    const ids = [...new Set(hitsPer.flat().map((h) => h.id))];
    const recs = new Map((await this.db.papers.bulkGet(ids)).filter((r): r is PaperRecord => !!r).map((r) => [r.id, r]));
    return hitsPer.map((hits) =>
      hits
        .filter((h) => recs.has(h.id))
        .map((h) => {
          const rec = recs.get(h.id)!;
          return {
            id: h.id,
            title: rec.title,
            // As written, lines and all (a list's "- " is Markdown only at a line's start), with
            // room for the marks RelatedList drops before it cuts to 100.
            note: rec.note.slice(0, 240),
            score: h.score,
            strength: h.strength,
            terms: h.terms,
            ...(h.subject && { subject: true }),
            ...(h.yours && { yours: true }),
            href: rec.links.abs ?? rec.links.hf,
          };
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
    const [written] = await this.store.write((w) => w.put([rec]));
    return stateOf(written);
  }

  /**
   * Moves records to the trash, with their notes and tags; call inside a store write that has
   * the trash in scope. A paper already in the trash (removed, saved again, removed again) keeps
   * the notes and tags of both removals.
   */
  private async moveToTrash(recs: PaperRecord[], w: StoreWriter) {
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
    await w.remove(recs);
  }

  /** Removes a paper to the trash; returns what was removed so the caller can offer an undo. */
  async unsave({ id }: { id: string }): Promise<PaperRecord | null> {
    return this.store.write(
      async (w) => {
        const rec = await this.find([id]);
        if (rec) await this.moveToTrash([rec], w);
        return rec ?? null;
      },
      { also: [this.db.trash] },
    );
  }

  /**
   * Changes only the field given, so a note edited in one tab and tags in another both stick.
   * Writing to a paper that is not saved yet saves it, when the page's metadata comes along.
   */
  private async updateField(
    id: string,
    paper: PaperMeta | undefined,
    field: Partial<Pick<PaperRecord, 'note' | 'tags' | 'citeKey' | 'status' | 'statusAt'>>,
    noteBase?: string,
  ): Promise<EntryState> {
    let conflict = false as boolean;
    const written = await this.store.write(async (w) => {
      const existing = await this.find([id]);
      if (!existing) return undefined;
      const next = { ...existing, ...field, updatedAt: this.now() };
      // A cleared status leaves no keys behind (records compare by their JSON, sameRecord).
      if ('status' in field && !field.status) {
        delete next.status;
        delete next.statusAt;
      }
      // The stored note moved on since this editor loaded it, to something else than what it
      // now writes: another window wrote in between. Neither text may be lost.
      if (field.note !== undefined && noteBase !== undefined && existing.note !== noteBase && existing.note !== field.note) {
        next.note = uniteNotes(existing.note, field.note, NOTE_CONFLICT_SEPARATOR);
        conflict = next.note !== field.note;
      }
      return w.put([next]);
    });
    if (!written) {
      if (!paper) throw new GlossError('not-found', `No saved paper ${id}.`);
      return this.save({ paper, ...field });
    }
    return { ...stateOf(written[0]), ...(conflict && { conflict: true }) };
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

  /** Corrects a saved paper's metadata; an empty value clears the field (the title stays required). */
  async setMeta({ id, meta }: { id: string; meta: MetaEdit }): Promise<PaperRecord> {
    const written = await this.store.write(async (w) => {
      const rec = await this.find([id]);
      if (!rec) throw new GlossError('not-found', `No saved paper ${id}.`);
      const next: Record<string, unknown> = { ...rec, updatedAt: this.now() };
      for (const [k, v] of Object.entries(meta)) {
        const value = typeof v === 'string' ? v.trim() : (v as string[] | undefined)?.map((a: string) => a.trim()).filter(Boolean);
        if (value === undefined || (k === 'title' && !value)) continue;
        if (Array.isArray(value) || value) next[k] = value;
        else delete next[k];
      }
      if (meta.title?.trim()) next.titleKey = normalizeTitle(meta.title.trim());
      const [stored] = await w.put([next as unknown as PaperRecord]);
      return stored;
    });
    return written;
  }

  /** Sets where the user is with reading a paper ('none' clears it), saving the paper first if needed. */
  async setStatus({ id, status, paper }: { id: string; status: ReadingStatus | 'none'; paper?: PaperMeta }): Promise<EntryState> {
    const field = status === 'none' ? { status: undefined } : { status, statusAt: this.now() };
    // The record may be the paper under another identifier, or by its title (a preprint's
    // published version): its own id is the one to write.
    const target = paper ? ((await this.find([id], paper))?.id ?? (await this.save({ paper })).id) : id;
    return this.updateField(target, undefined, field);
  }

  /**
   * Imports papers in one transaction: all or nothing. Items naming the same paper (by any
   * identifier, or title and authors) merge; importing the same file twice changes nothing.
   * `dryRun` answers what would change without writing.
   */
  /**
   * `outcomes`: what earlier parts of the same import did to each paper, updated here (a large
   * import is written in parts, lib/background/imports.ts): a paper an earlier part added stays
   * added when a later part merges into it.
   */
  async importItems({
    items,
    mode = 'merge',
    dryRun = false,
    outcomes,
    quiet,
  }: {
    items: ImportItem[];
    mode?: 'merge' | 'replace';
    dryRun?: boolean;
    outcomes?: Map<string, ImportOutcome>;
    /** Not announced: a part of an import whose last part (or stop) announces (PaperStore.write). */
    quiet?: boolean;
  }): Promise<ImportSummary> {
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
    // Told to `outcomes` only once written: a part that rolls back imported nothing.
    const decided = new Map<string, ImportOutcome>();
    // Read before the transaction opens (a read of its own); only merges look papers up.
    const keys = mode === 'merge' ? await timed('keys', () => this.importKeys.get()) : undefined;
    const plan = async (w?: StoreWriter) => {
      if (mode === 'replace') summary.removed = w ? await w.removeAll() : await this.db.papers.count();
      const pending = new Map<string, PaperRecord>();
      const byAlias = new Map<string, string>();
      const byTitle = new Map<string, string[]>();
      const wanted = items.map((item) => ({ aliases: aliasesOfPaper(item.paper), paper: item.paper }));
      // Batched: one find per paper was most of an import's time (lib/library/import-lookup.ts).
      const existing = mode === 'replace' ? [] : await timed('lookups', () => findExisting(this.db, wanted, keys));
      for (const [i, item] of items.entries()) {
        const { aliases } = wanted[i];
        const pendingId = aliases.map((a) => byAlias.get(a)).find(Boolean);
        // As `find` would once the earlier paper were stored (and does, for an earlier part of a
        // large import): the same title with an author in common is the same paper.
        const sameTitle =
          pendingId || existing[i] ? undefined : byTitle.get(normalizeTitle(item.paper.title))?.find((id) => samePaperByTitle(pending.get(id)!, item.paper));
        const base = pendingId ? pending.get(pendingId) : (existing[i] ?? (sameTitle && pending.get(sameTitle)));
        const rec: PaperRecord = base ? mergeImported(improveFromFile(merge(base, item.paper), item.paper), item) : newRecord(item.paper, t, item);
        rec.citeKey ??= ownInTrash(item.citeKey, rec) ? item.citeKey : assignCiteKey(rec, taken, item.citeKey);
        pending.set(rec.id, rec);
        for (const a of rec.aliases) byAlias.set(a, rec.id);
        const key = normalizeTitle(rec.title);
        if (!byTitle.get(key)?.includes(rec.id)) byTitle.set(key, [...(byTitle.get(key) ?? []), rec.id]);
      }
      const changed: PaperRecord[] = [];
      const recs = [...pending.values()];
      // A record whose id the library's keys lack is not stored: only the others are read.
      const held = recs.flatMap((r, i) => (!keys || keys.aliases.has(r.id) ? [i] : []));
      const stored: Array<PaperRecord | undefined> = new Array(recs.length).fill(undefined);
      if (mode !== 'replace') (await timed('stored', () => this.db.papers.bulkGet(held.map((i) => recs[i].id)))).forEach((r, j) => (stored[held[j]] = r));
      for (const [i, rec] of recs.entries()) {
        const before = stored[i];
        const was = outcomes?.get(rec.id);
        const outcome: ImportOutcome = !before ? 'added' : sameRecord(before, rec) ? 'unchanged' : 'updated';
        decided.set(rec.id, was === 'added' || (was === 'updated' && outcome === 'unchanged') ? was : outcome);
        if (!before) summary.added++;
        else if (outcome === 'unchanged') {
          summary.unchanged++;
          continue;
        } else {
          summary.updated++;
          if (dryRun && (summary.changes ??= []).length < MAX_PREVIEW_CHANGES)
            summary.changes.push({ id: rec.id, title: before.title, fields: changedFields(before, rec) });
        }
        changed.push({ ...rec, updatedAt: before ? t : rec.updatedAt });
      }
      // Neither a record nor a tombstone under a new paper's id: the store need not read for one.
      const absent = keys && new Set(changed.flatMap((r) => (keys.aliases.has(r.id) || keys.graves.has(r.id) ? [] : [r.id])));
      if (w) await timed('put', () => w.put(changed, { absent }));
    };
    if (dryRun) await this.db.transaction('r', [this.db.papers, this.db.trash], () => plan());
    // Indexes reload after an import rather than take thousands of changes one by one.
    else await this.store.write(plan, { reset: true, quiet });
    for (const [id, o] of decided) outcomes?.set(id, o);
    if (!dryRun && mode === 'replace') this.citeKeys.reset();
    return summary;
  }

  /**
   * Deletes everything Gloss keeps about the user's reading: saved papers, the trash, reading
   * memory, backups, drafts and derived data; settings stay. The options page confirms with
   * the count of saved papers first.
   */
  async deleteAll(_args: Record<string, never> = {}): Promise<{ deleted: number }> {
    // A sighting write still queued would otherwise land after the clear.
    await this.memory.settled();
    const db = this.db;
    const deleted = await db.papers.count();
    // Tombstones and the outbox go too: a sync backend must not take "forget everything here"
    // for "delete everything everywhere" (it sees an empty outbox and re-reads the library).
    const tables = [db.papers, db.vectors, db.derived, db.trash, db.seen, db.visits, db.backups, db.drafts, db.tombstones, db.outbox];
    await db.transaction('rw', tables, async () => {
      const stamp = await vectorStamp(db);
      await Promise.all(tables.map((t) => (t as Table).clear()));
      // The counter alone survives, moved on: were it to restart, an index loaded before this
      // (another worker, a page) could label a snapshot of the deleted papers with a stamp that
      // becomes current again.
      await db.derived.put({ key: STAMP_KEY, value: stamp + 1 } as DerivedRecord);
    });
    for (const wipe of this.alsoDeleted) await wipe();
    this.citeKeys.reset();
    this.store.announceReset();
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
    const written = await this.store.write(
      async (w) => {
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
        return w.put([...pending.values()]);
      },
      { also: [this.db.trash] },
    );
    return { restored: written.length };
  }

  /** Deletes removed papers for good: the given ones, or without ids those removed over TRASH_DAYS ago. */
  async purgeTrash({ ids }: { ids?: string[] } = {}): Promise<{ purged: number }> {
    if (!ids)
      return {
        purged: await this.db.trash
          .where('removedAt')
          .below(this.now() - TRASH_DAYS * DAY_MS)
          .delete(),
      };
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
    for (const rec of await papersByKeys(
      this.db,
      'aliases',
      all.map((d) => d.id),
    ))
      for (const a of rec.aliases) titles.set(a, rec.title);
    return all.map((d) => ({ ...d, title: titles.get(d.id) ?? '' }));
  }

  /** Tags, untags or moves to the trash many papers in one transaction; returns what was removed (for undo). */
  async bulk({
    ids,
    action,
    tags = [],
  }: {
    ids: string[];
    action: 'tag' | 'untag' | 'delete';
    tags?: string[];
  }): Promise<{ changed: number; removed: PaperRecord[] }> {
    const t = this.now();
    let set: PaperRecord[] = [];
    const removed: PaperRecord[] = [];
    const drop = new Set(tags.map((x) => x.toLowerCase()));
    await this.store.write(
      async (w) => {
        const recs = (await this.db.papers.bulkGet(ids)).filter((r): r is PaperRecord => !!r);
        if (action === 'delete') {
          await this.moveToTrash(recs, w);
          removed.push(...recs);
          return;
        }
        const changed = recs.flatMap((rec) => {
          const next = normalizeTags(action === 'tag' ? [...rec.tags, ...tags] : rec.tags.filter((x) => !drop.has(x.toLowerCase())));
          return next.join('\u0000') === rec.tags.join('\u0000') ? [] : [{ ...rec, tags: next, updatedAt: t }];
        });
        set = await w.put(changed);
      },
      { also: action === 'delete' ? [this.db.trash] : [] },
    );
    return { changed: set.length + removed.length, removed };
  }

  /**
   * Every saved paper, for export and backups. Without `version` and `mtimes`: they mean nothing
   * outside this database, and importers read records field by field (lib/import/backup.ts
   * refuses fields it does not know).
   */
  async all(_args: Record<string, never> = {}): Promise<PaperRecord[]> {
    await this.keysGiven();
    const recs = await this.db.papers.orderBy('savedAt').reverse().toArray();
    return recs.map(({ version: _v, mtimes: _m, ...rec }) => rec);
  }

  /** Every saved paper as `all` gives them, by id, `size` at a time: what a backup reads between the pages' requests. */
  async *allInPages(size: number): AsyncGenerator<PaperRecord[]> {
    await this.keysGiven();
    for (let after: string | undefined; ;) {
      const page = await (after === undefined ? this.db.papers.orderBy(':id') : this.db.papers.where(':id').above(after)).limit(size).toArray();
      yield page.map(({ version: _v, mtimes: _m, ...rec }) => rec);
      if (page.length < size) return;
      after = page[page.length - 1].id;
    }
  }

  /** Saved papers, newest first. */
  async list({ limit = 200, offset = 0 }: { limit?: number; offset?: number } = {}): Promise<{
    total: number;
    papers: PaperRecord[];
  }> {
    await this.keysGiven();
    const [total, papers] = await Promise.all([this.db.papers.count(), this.db.papers.orderBy('savedAt').reverse().offset(offset).limit(limit).toArray()]);
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

export type ImportOutcome = 'added' | 'updated' | 'unchanged';

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

/** How far an import written in parts has got (lib/background/imports.ts). */
export interface ImportProgress extends ImportSummary {
  /** Papers of the file written so far, of `total`. */
  written: number;
  total: number;
  done: boolean;
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
    // The more recently set status wins; one without a date does not replace a dated one.
    ...(item.status && (!rec.status || (item.statusAt ?? 0) > (rec.statusAt ?? 0)) && { status: item.status, statusAt: item.statusAt ?? rec.statusAt }),
  };
}

function sameRecord(a: PaperRecord, b: PaperRecord): boolean {
  const content = (r: PaperRecord) => stableJson({ ...r, updatedAt: 0, version: 0, mtimes: undefined });
  return content(a) === content(b);
}
