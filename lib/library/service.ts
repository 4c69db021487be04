/**
 * The library: every read and write of saved papers goes through here. The background exposes
 * it over RPC; arguments arrive already validated (lib/rpc/protocol.ts).
 */
import { aliasesOf } from '../ids';
import type { GlossDB } from '../db/schema';
import { GlossError } from '../errors';
import type { EntryState, PaperMeta, PaperRecord } from '../types';
import { normalizeTags } from './tags';

export type ChangeListener = (ids: string[]) => void;

function stateOf(rec: PaperRecord): EntryState {
  return { id: rec.id, saved: true, note: rec.note, tags: rec.tags, savedAt: rec.savedAt };
}

function unsavedState(id: string): EntryState {
  return { id, saved: false, note: '', tags: [] };
}

function aliasesOfPaper(paper: PaperMeta): string[] {
  return [...new Set([paper.id, ...aliasesOf(paper.ids)])];
}

/** The page's metadata, merged over what was stored: the page wins, but never erases a field. */
function merge(rec: PaperRecord, paper: PaperMeta): PaperRecord {
  return {
    ...rec,
    ids: { ...rec.ids, ...paper.ids },
    title: paper.title || rec.title,
    authors: paper.authors.length ? paper.authors : rec.authors,
    abstract: paper.abstract || rec.abstract,
    published: paper.published || rec.published,
    links: { ...rec.links, ...paper.links },
    aliases: [...new Set([...rec.aliases, ...aliasesOfPaper(paper)])],
  };
}

export class LibraryService {
  constructor(
    private readonly db: GlossDB,
    private readonly onChange: ChangeListener = () => {},
    private readonly now: () => number = Date.now,
  ) {}

  /** The record an id or any of its aliases points to. */
  private async find(ids: string[]): Promise<PaperRecord | undefined> {
    const direct = await this.db.papers.get(ids[0]);
    if (direct) return direct;
    return this.db.papers.where('aliases').anyOf(ids).first();
  }

  /** One batched answer for a whole page: saved state, note and tags per entry, in order. */
  async lookup({ papers }: { papers: PaperMeta[] }): Promise<EntryState[]> {
    const wanted = papers.map(aliasesOfPaper);
    const all = [...new Set(wanted.flat())];
    const found = await this.db.papers.where('aliases').anyOf(all).toArray();
    const byAlias = new Map<string, PaperRecord>();
    for (const rec of found) for (const a of rec.aliases) byAlias.set(a, rec);
    return papers.map((p, i) => {
      const rec = wanted[i].map((a) => byAlias.get(a)).find(Boolean);
      return rec ? stateOf(rec) : unsavedState(p.id);
    });
  }

  async save({ paper, note, tags }: { paper: PaperMeta; note?: string; tags?: string[] }): Promise<EntryState> {
    const rec = await this.db.transaction('rw', this.db.papers, async () => {
      const existing = await this.find(aliasesOfPaper(paper));
      const t = this.now();
      const next: PaperRecord = existing
        ? { ...merge(existing, paper), updatedAt: t }
        : { ...paper, aliases: aliasesOfPaper(paper), note: '', tags: [], savedAt: t, updatedAt: t };
      if (note !== undefined) next.note = note;
      if (tags !== undefined) next.tags = normalizeTags(tags);
      await this.db.papers.put(next);
      return next;
    });
    this.onChange([rec.id]);
    return stateOf(rec);
  }

  /** Removes a paper; returns what was removed so the caller can offer an undo. */
  async unsave({ id }: { id: string }): Promise<PaperRecord | null> {
    const removed = await this.db.transaction('rw', this.db.papers, async () => {
      const rec = await this.find([id]);
      if (rec) await this.db.papers.delete(rec.id);
      return rec ?? null;
    });
    if (removed) this.onChange([removed.id]);
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
    const rec = await this.db.transaction('rw', this.db.papers, async () => {
      const existing = await this.find([id]);
      if (!existing) return undefined;
      await this.db.papers.update(existing.id, { ...field, updatedAt: this.now() });
      return this.db.papers.get(existing.id);
    });
    if (!rec) {
      if (!paper) throw new GlossError('not-found', `No saved paper ${id}.`);
      return this.save({ paper, ...field });
    }
    this.onChange([rec.id]);
    return stateOf(rec);
  }

  setNote({ id, note, paper }: { id: string; note: string; paper?: PaperMeta }): Promise<EntryState> {
    return this.updateField(id, paper, { note });
  }

  setTags({ id, tags, paper }: { id: string; tags: string[]; paper?: PaperMeta }): Promise<EntryState> {
    return this.updateField(id, paper, { tags: normalizeTags(tags) });
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
}

/** The methods the background exposes over RPC. */
export type GlossApi = Pick<LibraryService, 'lookup' | 'save' | 'unsave' | 'setNote' | 'setTags' | 'list' | 'get'>;
export type MethodName = keyof GlossApi;
