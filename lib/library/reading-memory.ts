/**
 * Reading memory: which papers Gloss has shown the user ("seen before") and which papers each
 * listing showed on the last visit ("new since then"). Separate from the library: answering
 * what was seen only reads; the content script reports the rows that came on screen (`saw`),
 * and only that writes.
 */
import type { GlossDB, VisitRecord } from '../db/schema';
import type { EntryState, PaperMeta } from '../core/types';

/*
 * Reading memory is written on behalf of whatever page is open, so a hostile page could grow it
 * without end by listing ever new papers. These bound it: a real listing shows far fewer than
 * MAX_SIGHTINGS_PER_LOOKUP papers, and SEEN_CAP is years of browsing.
 */
/** Papers remembered as seen; beyond it the least recently seen are forgotten. */
export const SEEN_CAP = 20_000;
/** Listing pages remembered for "new since your last visit"; beyond it the oldest visits go. */
export const VISITS_CAP = 500;
/** Sightings one report records (the first ones on the page); the rest are not remembered. */
export const MAX_SIGHTINGS_PER_LOOKUP = 2_000;
/** A seen paper's title is kept only to name it, never searched: a page cannot park megabytes in it. */
const SEEN_TITLE_MAX = 300;

/** Papers shown again within this time count as the same visit, not as "seen before". */
const SAME_VISIT_MS = 30 * 60 * 1000;

export class ReadingMemory {
  /** Sighting writes still running (reports answer before they finish). */
  private sightings: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: GlossDB,
    /** Whether to remember papers shown to the user (the "seen before" setting). */
    private readonly enabled: () => Promise<boolean> = async () => true,
    private readonly now: () => number = Date.now,
  ) {}

  /** Resolves once every sighting recorded so far is stored. */
  settled(): Promise<void> {
    return this.sightings;
  }

  /** Marks, in `states`, what was seen before and what is new on this listing. Reads only. */
  async recall(papers: PaperMeta[], states: Array<Pick<EntryState, 'seen' | 'isNew'>>, page: string | undefined): Promise<void> {
    if (!(await this.enabled())) return;
    const t = this.now();
    const [seen, visit] = await Promise.all([this.db.seen.bulkGet(papers.map((p) => p.id)), page ? this.db.visits.get(page) : undefined]);
    const before = visit && t - visit.at > SAME_VISIT_MS ? new Set(visit.ids) : undefined;
    papers.forEach((p, i) => {
      const s = seen[i];
      if (s && t - s.lastSeen > SAME_VISIT_MS) states[i].seen = { first: s.firstSeen, count: s.count };
      else if (s && s.count > 1) states[i].seen = { first: s.firstSeen, count: s.count - 1 };
      // Entries past the recorded ones were never remembered: calling them new would be a guess.
      if (before && i < MAX_SIGHTINGS_PER_LOOKUP && !before.has(p.id)) states[i].isNew = true;
    });
  }

  /**
   * Papers the user was shown: a content script reports the rows that came on screen (a page's
   * hidden cards never do), so a page cannot write its choice of papers into the reading memory.
   * Resolves once the sightings are queued; `settled()` once they are stored.
   */
  async saw({ papers, page }: { papers: PaperMeta[]; page?: string }): Promise<void> {
    if (!(await this.enabled())) return;
    const t = this.now();
    const visit = page ? await this.db.visits.get(page) : undefined;
    this.remember(papers, page, visit, t);
  }

  /** Records sightings; a visit of the same listing gathers its rows. */
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
  async clear(): Promise<{ cleared: number }> {
    await this.sightings;
    const cleared = await this.db.seen.count();
    await this.db.transaction('rw', this.db.seen, this.db.visits, async () => {
      await this.db.seen.clear();
      await this.db.visits.clear();
    });
    return { cleared };
  }
}
