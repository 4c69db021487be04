import { beforeEach, describe, expect, test } from 'vitest';
import type { GlossDB } from '../../lib/db/schema';
import { LibraryService } from '../../lib/library/service';
import { MAX_SIGHTINGS_PER_LOOKUP, SEEN_CAP, VISITS_CAP } from '../../lib/library/reading-memory';
import type { PaperMeta } from '../../lib/core/types';
import { freshDb } from './helpers';

let db: GlossDB;
let lib: LibraryService;
let clock: number;

beforeEach(() => {
  db = freshDb();
  clock = 1_000_000;
  lib = new LibraryService(db, { now: () => clock });
});

/** Bare listing entries: what a hostile page can produce by the thousand. */
const entries = (from: number, n: number): PaperMeta[] =>
  Array.from({ length: n }, (_, i) => {
    const url = `https://spam.example/${from + i}`;
    return { id: `url:${url}`, ids: { url }, title: `Spam ${from + i}`, authors: [], links: {}, source: 'test' };
  });

describe('reading memory stays bounded whatever pages show', () => {
  test('30,000 distinct sightings leave at most SEEN_CAP remembered, the most recent kept', { timeout: 120_000 }, async () => {
    const total = 30_000;
    for (let at = 0; at < total; at += MAX_SIGHTINGS_PER_LOOKUP) {
      clock += 60_000;
      await lib.saw({ papers: entries(at, MAX_SIGHTINGS_PER_LOOKUP), page: `https://spam.example/list/${at}` });
    }
    await lib.settled();
    expect(await db.seen.count()).toBeLessThanOrEqual(SEEN_CAP);
    expect(await db.seen.get(`url:https://spam.example/${total - 1}`)).toBeDefined();
    expect(await db.seen.get(`url:https://spam.example/${total - SEEN_CAP}`)).toBeDefined();
    expect(await db.seen.get('url:https://spam.example/0')).toBeUndefined();
  });

  test('one report records at most MAX_SIGHTINGS_PER_LOOKUP, and the unrecorded rest are not called new', async () => {
    const page = 'https://spam.example/long-list';
    const papers = entries(0, MAX_SIGHTINGS_PER_LOOKUP + 500);
    await lib.saw({ papers, page });
    await lib.settled();
    expect(await db.seen.count()).toBe(MAX_SIGHTINGS_PER_LOOKUP);
    expect((await db.visits.get(page))!.ids).toHaveLength(MAX_SIGHTINGS_PER_LOOKUP);
    clock += 24 * 60 * 60 * 1000;
    const states = await lib.lookup({ papers, page });
    expect(states.filter((s) => s.isNew)).toEqual([]);
  });

  test('at most VISITS_CAP listing pages are remembered, the oldest forgotten first', { timeout: 120_000 }, async () => {
    const [one] = entries(0, 1);
    for (let i = 0; i < VISITS_CAP + 60; i++) {
      clock += 1000;
      await lib.saw({ papers: [one], page: `https://spam.example/page/${i}` });
    }
    await lib.settled();
    expect(await db.visits.count()).toBeLessThanOrEqual(VISITS_CAP);
    expect(await db.visits.get(`https://spam.example/page/${VISITS_CAP + 59}`)).toBeDefined();
    expect(await db.visits.get('https://spam.example/page/0')).toBeUndefined();
  });

  test('a lookup only reads: a page asking about any number of papers writes nothing', async () => {
    await lib.lookup({ papers: entries(0, 3000), page: 'https://spam.example/fishing' });
    await lib.settled();
    expect(await db.seen.count()).toBe(0);
    expect(await db.visits.count()).toBe(0);
  });
});
