/**
 * An in-memory LocalLibrary with the same contract as the real store: user edits bump the
 * version, stamp per-field mtimes and enter the outbox; writes from sync bump the version and
 * do not. Tests use it as one "machine".
 */
import { aliasesOf, normalizeTitle } from '../core/ids';
import { normalizeTags } from '../core/tags';
import type { PaperMeta } from '../core/types';
import type { LocalLibrary, LocalPaper, OutboxEntry, SyncWrite } from './local';

export class MemoryLibrary implements LocalLibrary {
  readonly papers = new Map<string, LocalPaper>();
  readonly outbox: OutboxEntry[] = [];
  private readonly cursors = new Map<string, number>();
  private seq = 0;
  /** Papers whose note holds both texts of a conflict. */
  readonly conflicts = new Set<string>();

  constructor(private readonly now: () => number = Date.now) {}

  private commit(rec: LocalPaper, fields: string[], deleted?: boolean): void {
    this.outbox.push({ seq: ++this.seq, id: rec.id, version: rec.version, at: this.now(), fields, ...(deleted && { deleted }) });
  }

  private stamp(rec: LocalPaper, fields: string[]): void {
    const t = this.now();
    rec.mtimes = { ...rec.mtimes, ...Object.fromEntries(fields.map((f) => [f, t])) };
    rec.version++;
    rec.updatedAt = t;
  }

  // ---- what the user does ----

  save(paper: PaperMeta, extra: { note?: string; tags?: string[] } = {}): LocalPaper {
    const existing = this.papers.get(paper.id);
    const t = this.now();
    const rec: LocalPaper = {
      ...paper,
      aliases: [...new Set([paper.id, ...aliasesOf(paper.ids)])],
      titleKey: normalizeTitle(paper.title),
      note: extra.note ?? existing?.note ?? '',
      tags: normalizeTags(extra.tags ?? existing?.tags ?? []),
      savedAt: t,
      updatedAt: t,
      version: existing?.version ?? 0,
      mtimes: existing?.mtimes,
    };
    this.stamp(rec, ['title', 'authors', 'abstract', 'published', 'note', 'tags', 'saved']);
    this.papers.set(rec.id, rec);
    this.commit(rec, ['title', 'authors', 'abstract', 'published', 'note', 'tags', 'saved']);
    return rec;
  }

  editNote(id: string, note: string): void {
    const rec = this.must(id);
    rec.note = note;
    this.stamp(rec, ['note']);
    this.commit(rec, ['note']);
  }

  setTags(id: string, tags: string[]): void {
    const rec = this.must(id);
    rec.tags = normalizeTags(tags);
    this.stamp(rec, ['tags']);
    this.commit(rec, ['tags']);
  }

  unsave(id: string): void {
    const rec = this.must(id);
    rec.deleted = this.now();
    this.stamp(rec, ['saved']);
    this.commit(rec, ['saved'], true);
  }

  private must(id: string): LocalPaper {
    const rec = this.papers.get(id);
    if (!rec) throw new Error(`no paper ${id}`);
    return rec;
  }

  /** Saved papers (not tombstoned). */
  saved(): LocalPaper[] {
    return [...this.papers.values()].filter((p) => !p.deleted);
  }

  // ---- LocalLibrary ----

  async changes(afterSeq: number, limit: number): Promise<OutboxEntry[]> {
    return this.outbox.filter((e) => e.seq > afterSeq).slice(0, limit);
  }

  async cursor(consumer: string): Promise<number> {
    return this.cursors.get(consumer) ?? 0;
  }

  async ack(consumer: string, seq: number): Promise<void> {
    this.cursors.set(consumer, Math.max(seq, this.cursors.get(consumer) ?? 0));
  }

  async savedIds(): Promise<string[]> {
    return this.saved().map((p) => p.id);
  }

  async get(id: string): Promise<LocalPaper | undefined> {
    const r = this.papers.get(id);
    return r && structuredClone(r);
  }

  async findByIdentity(keys: string[]): Promise<LocalPaper | undefined> {
    const set = new Set(keys);
    for (const p of this.papers.values()) {
      if (p.aliases.some((a) => set.has(a)) || (p.titleKey.length >= 20 && set.has(`title:${p.titleKey}`))) return structuredClone(p);
    }
    return undefined;
  }

  async applyFromSync(w: SyncWrite): Promise<LocalPaper | null> {
    const existing = this.papers.get(w.id);
    if (w.expectedVersion === undefined ? existing && !existing.deleted : existing?.version !== w.expectedVersion) return null;
    const t = this.now();
    let rec: LocalPaper;
    if (!existing || (w.expectedVersion === undefined && existing.deleted)) {
      if (!w.paper) throw new Error('A new paper needs its metadata');
      const ids = w.paper.ids ?? {};
      rec = {
        id: w.id,
        ids,
        title: w.paper.title,
        authors: w.paper.authors,
        abstract: w.paper.abstract,
        published: w.paper.published,
        links: w.paper.links ?? {},
        source: 'zotero',
        aliases: [...new Set([w.id, ...aliasesOf(ids), ...(existing?.aliases ?? [])])],
        titleKey: normalizeTitle(w.paper.title),
        note: w.note ?? existing?.note ?? '',
        tags: normalizeTags(w.tags ?? existing?.tags ?? []),
        savedAt: t,
        updatedAt: t,
        version: (existing?.version ?? 0) + 1,
        mtimes: existing?.mtimes,
      };
    } else {
      rec = { ...existing, version: existing.version + 1, updatedAt: t };
      if (w.paper) {
        rec.title = w.paper.title;
        rec.titleKey = normalizeTitle(w.paper.title);
        rec.authors = w.paper.authors;
        rec.abstract = w.paper.abstract;
        rec.published = w.paper.published;
        if (w.paper.ids) rec.aliases = [...new Set([...rec.aliases, ...aliasesOf(w.paper.ids)])];
      }
      if (w.note !== undefined) rec.note = w.note;
      if (w.tags !== undefined) rec.tags = normalizeTags(w.tags);
      if (w.deleted === true) rec.deleted = t;
      if (w.deleted === false) delete rec.deleted;
    }
    if (w.noteConflict) this.conflicts.add(w.id);
    this.papers.set(w.id, rec);
    return structuredClone(rec);
  }
}
