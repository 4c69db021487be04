/**
 * The library: every read and write of saved papers goes through here. The background exposes
 * it over RPC; arguments arrive already validated (lib/rpc/protocol.ts).
 */
import { bumpVectorStamp } from '../db/derived';
import { toVectorRecord, type GlossDB } from '../db/schema';
import { papersByKeys } from '../db/papers-by-keys';
import { GlossError } from '../errors';
import { normalizeTitle } from '../ids';
import { preview } from '../text';
import type { ImportItem } from '../import/types';
import type { EntryState, PaperMeta, PaperRecord, RelatedPaper } from '../types';
import { aliasesOfPaper, samePaperByTitle } from './identity';
import { RelatedEngine, type PaperVectors } from './related-engine';
import type { TopicModel } from '../search/topic-model';
import { SearchEngine } from './search-engine';
import type { SortOrder } from '../search/library-search';
import { normalizeTags } from './tags';

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

function stateOf(rec: PaperRecord): EntryState {
  return { id: rec.id, saved: true, note: rec.note, tags: rec.tags, savedAt: rec.savedAt };
}

function unsavedState(id: string): EntryState {
  return { id, saved: false, note: '', tags: [] };
}

/** The page's metadata, merged over what was stored: the page wins, but never erases a field. */
function merge(rec: PaperRecord, paper: PaperMeta): PaperRecord {
  const title = paper.title || rec.title;
  return {
    ...rec,
    ids: { ...rec.ids, ...paper.ids },
    title,
    titleKey: normalizeTitle(title),
    authors: paper.authors.length ? paper.authors : rec.authors,
    abstract: paper.abstract || rec.abstract,
    published: paper.published || rec.published,
    links: { ...rec.links, ...paper.links },
    aliases: [...new Set([...rec.aliases, ...aliasesOfPaper(paper)])],
  };
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

  /** Writes records with their vectors; call inside `vectorsTx`. */
  private async writeRecords(recs: PaperRecord[], tx: VectorsTx): Promise<Written[]> {
    const written = recs.map((rec) => ({ rec, ...this.related.vectorsFor(rec) }));
    if (!recs.length) return written;
    await this.db.papers.bulkPut(recs);
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
  private async vectorsTx<T>(mode: 'r' | 'rw', fn: (tx: VectorsTx) => Promise<T>): Promise<{ result: T; stamp?: number }> {
    if (mode === 'rw') await this.related.model();
    let stamp: number | undefined;
    const tx: VectorsTx = { counted: () => bumpVectorStamp(this.db).then((n) => void (stamp = n)) };
    const result = await this.db.transaction(mode, this.db.papers, this.db.vectors, this.db.derived, () => fn(tx));
    return { result, stamp };
  }

  /** Writes a record and its vector together; the indexes follow once the write committed. */
  private async put(rec: PaperRecord) {
    const { result: written, stamp } = await this.vectorsTx('rw', (tx) => this.writeRecords([rec], tx));
    this.applied({ set: written, stamp });
  }

  /** Lookups being answered: a cold index load waits for them (it would hold up the marks). */
  private readonly lookups = new Set<Promise<unknown>>();

  /** One batched answer for a whole page: saved state, note and tags per entry, in order. */
  lookup(args: { papers: PaperMeta[]; page?: string; remember?: boolean }): Promise<EntryState[]> {
    const answer = this.answerLookup(args);
    this.lookups.add(answer);
    const done = () => this.lookups.delete(answer);
    answer.then(done, done);
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
    // A refresh after a change elsewhere is not another sighting.
    if (remember && (await this.seenMemory())) await this.recall(papers, states, page);
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
  private async recall(papers: PaperMeta[], states: EntryState[], page?: string) {
    const t = this.now();
    const ids = papers.map((p) => p.id);
    const [seen, visit] = await Promise.all([this.db.seen.bulkGet(ids), page ? this.db.visits.get(page) : undefined]);
    const before = visit && t - visit.at > SAME_VISIT_MS ? new Set(visit.ids) : undefined;
    papers.forEach((p, i) => {
      const s = seen[i];
      if (s && t - s.lastSeen > SAME_VISIT_MS) states[i].seen = { first: s.firstSeen, count: s.count };
      else if (s && s.count > 1) states[i].seen = { first: s.firstSeen, count: s.count - 1 };
      if (before && !before.has(p.id)) states[i].isNew = true;
    });
    const write = async () => {
      await this.db.transaction('rw', this.db.seen, this.db.visits, async () => {
        const current = await this.db.seen.bulkGet(ids);
        await this.db.seen.bulkPut(
          papers.map((p, i) => {
            const s = current[i];
            const fresh = !s || t - s.lastSeen > SAME_VISIT_MS;
            return s
              ? { ...s, title: p.title, lastSeen: t, count: s.count + (fresh ? 1 : 0) }
              : { id: p.id, title: p.title, firstSeen: t, lastSeen: t, count: 1 };
          }),
        );
        if (page && (!visit || t - visit.at > SAME_VISIT_MS)) await this.db.visits.put({ key: page, at: t, ids });
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
    if (note !== undefined) rec.note = note;
    if (tags !== undefined) rec.tags = normalizeTags(tags);
    await this.put(rec);
    this.onChange([rec.id]);
    return stateOf(rec);
  }

  /** Removes a paper; returns what was removed so the caller can offer an undo. */
  async unsave({ id }: { id: string }): Promise<PaperRecord | null> {
    const { result: removed, stamp } = await this.vectorsTx('rw', async (tx) => {
      const rec = await this.find([id]);
      if (rec) {
        await this.db.papers.delete(rec.id);
        await this.db.vectors.delete(rec.id);
        await tx.counted();
      }
      return rec ?? null;
    });
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
    field: Partial<Pick<PaperRecord, 'note' | 'tags'>>,
  ): Promise<EntryState> {
    const { result: written, stamp } = await this.vectorsTx('rw', async (tx) => {
      const existing = await this.find([id]);
      if (!existing) return undefined;
      return this.writeRecords([{ ...existing, ...field, updatedAt: this.now() }], tx);
    });
    if (!written) {
      if (!paper) throw new GlossError('not-found', `No saved paper ${id}.`);
      return this.save({ paper, ...field });
    }
    this.applied({ set: written, stamp });
    this.onChange([written[0].rec.id]);
    return stateOf(written[0].rec);
  }

  setNote({ id, note, paper }: { id: string; note: string; paper?: PaperMeta }): Promise<EntryState> {
    return this.updateField(id, paper, { note });
  }

  setTags({ id, tags, paper }: { id: string; tags: string[]; paper?: PaperMeta }): Promise<EntryState> {
    return this.updateField(id, paper, { tags: normalizeTags(tags) });
  }

  /**
   * Imports papers in one transaction: all or nothing. Items naming the same paper (by any
   * identifier, or title and authors) merge; importing the same file twice changes nothing.
   * `dryRun` answers what would change without writing.
   */
  async importItems({ items, mode = 'merge', dryRun = false }: { items: ImportItem[]; mode?: 'merge' | 'replace'; dryRun?: boolean }): Promise<ImportSummary> {
    const summary: ImportSummary = { added: 0, updated: 0, unchanged: 0, removed: 0 };
    const t = this.now();
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
        const rec: PaperRecord = base ? mergeImported(merge(base, item.paper), item) : newRecord(item.paper, t, item);
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
        } else summary.updated++;
        changed.push({ ...rec, updatedAt: before ? t : rec.updatedAt });
      }
      if (!dryRun && changed.length) written = await this.writeRecords(changed, tx);
    });
    if (!dryRun && (written.length || summary.removed)) {
      this.applied({ reset: true });
      this.onChange(written.map((w) => w.rec.id));
    }
    return summary;
  }

  /** Deletes every saved paper (the options page confirms with the count first). */
  async deleteAll(_args: Record<string, never> = {}): Promise<{ deleted: number }> {
    const deleted = await this.db.papers.count();
    await this.vectorsTx('rw', async (tx) => {
      await Promise.all([this.db.papers.clear(), this.db.vectors.clear()]);
      await tx.counted();
    });
    this.applied({ reset: true });
    this.onChange([]);
    return { deleted };
  }

  /** Tags, untags or deletes many papers in one transaction; returns what deletion removed (for undo). */
  async bulk({ ids, action, tags = [] }: { ids: string[]; action: 'tag' | 'untag' | 'delete'; tags?: string[] }): Promise<{ changed: number; removed: PaperRecord[] }> {
    const t = this.now();
    let set: Written[] = [];
    const removed: PaperRecord[] = [];
    const drop = new Set(tags.map((x) => x.toLowerCase()));
    const { stamp } = await this.vectorsTx('rw', async (tx) => {
      const recs = (await this.db.papers.bulkGet(ids)).filter((r): r is PaperRecord => !!r);
      if (action === 'delete') {
        await this.db.papers.bulkDelete(recs.map((r) => r.id));
        await this.db.vectors.bulkDelete(recs.map((r) => r.id));
        if (recs.length) await tx.counted();
        removed.push(...recs);
        return;
      }
      const changed = recs.flatMap((rec) => {
        const next = normalizeTags(action === 'tag' ? [...rec.tags, ...tags] : rec.tags.filter((x) => !drop.has(x.toLowerCase())));
        return next.join('\u0000') === rec.tags.join('\u0000') ? [] : [{ ...rec, tags: next, updatedAt: t }];
      });
      set = await this.writeRecords(changed, tx);
    });
    this.applied({ set, removed: removed.map((r) => r.id), stamp });
    const changed = set.length + removed.length;
    if (changed) this.onChange([...set.map((x) => x.rec.id), ...removed.map((r) => r.id)]);
    return { changed, removed };
  }

  /** Every saved paper, for export and backups. */
  async all(_args: Record<string, never> = {}): Promise<PaperRecord[]> {
    return this.db.papers.orderBy('savedAt').reverse().toArray();
  }

  /** Saved papers, newest first. */
  async list({ limit = 200, offset = 0 }: { limit?: number; offset?: number } = {}): Promise<{
    total: number;
    papers: PaperRecord[];
  }> {
    const [total, papers] = await Promise.all([
      this.db.papers.count(),
      this.db.papers.orderBy('savedAt').reverse().offset(offset).limit(limit).toArray(),
    ]);
    return { total, papers };
  }

  async get({ id }: { id: string }): Promise<PaperRecord | null> {
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
}

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
  return stable({ ...a, updatedAt: 0 }) === stable({ ...b, updatedAt: 0 });
}

/** The methods the background exposes over RPC. */
export type GlossApi = Pick<
  LibraryService,
  'lookup' | 'relatedTo' | 'search' | 'save' | 'unsave' | 'setNote' | 'setTags' | 'list' | 'get' | 'tags' | 'clearSeen' | 'deleteAll' | 'bulk'
>;
export type MethodName = keyof GlossApi;
