/**
 * The migration pattern: for every schema version there is a fixture of data as that version
 * stored it (tests/fixtures/db/v<N>.json). Each test creates a database with exactly that
 * version's stores and data, opens it with today's GlossDB, and checks every record survived
 * with its notes and tags. A new version adds a fixture; the test below then fails until it does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Dexie from 'dexie';
import { describe, expect, test } from 'vitest';
import { GlossDB, LATEST_VERSION, SCHEMA, toVectorRecord, type VectorRecord } from '../../lib/db/schema';
import type { PaperRecord } from '../../lib/core/types';
import { loadTopicModel } from '../../scripts/lib/load-topic-model';
import type { TermVector } from '../../lib/search/terms';
import { LibraryService } from '../../lib/library/service';
import { normalizeTitle } from '../../lib/core/ids';

const fixture = (v: number) => join(import.meta.dirname, `../fixtures/db/v${v}.json`);

async function createAtVersion(name: string, version: number, data: Record<string, unknown[]>) {
  const old = new Dexie(name);
  for (const v of SCHEMA.filter((s) => s.version <= version)) old.version(v.version).stores(v.stores);
  await old.open();
  for (const [table, rows] of Object.entries(data)) await old.table(table).bulkAdd(rows);
  old.close();
}

describe('database migrations', () => {
  test('every schema version has a fixture', () => {
    for (const v of SCHEMA) expect(existsSync(fixture(v.version)), `tests/fixtures/db/v${v.version}.json`).toBe(true);
  });

  test.each(SCHEMA.map((s) => s.version))('a database from version %i opens at the latest version with everything intact', async (version) => {
    const data = JSON.parse(readFileSync(fixture(version), 'utf8')) as { papers: Array<{ id: string; note: string; tags: string[] }> } & Record<
      string,
      unknown[]
    >;
    const name = `gloss-migrate-${version}-${Date.now()}`;
    await createAtVersion(name, version, data);
    const db = new GlossDB(name);
    await db.open();
    expect(db.verno).toBe(LATEST_VERSION);
    const lib = new LibraryService(db);
    for (const old of data.papers) {
      const rec = await lib.get({ id: old.id });
      expect(rec, old.id).not.toBeNull();
      expect(rec!.note).toBe(old.note);
      expect(rec!.tags).toEqual(old.tags);
    }
    const { total } = await lib.list();
    expect(total).toBe(data.papers.length);
    // Every paper has its title key (added in v2) and is found by title alone.
    for (const old of data.papers) {
      const rec = await db.papers.get(old.id);
      expect(rec!.titleKey).toBe(normalizeTitle(rec!.title));
    }
    // Stored vectors are carried over (as columns since v4), not recomputed; before v8 those of
    // papers with a note or tags are dropped, to be rebuilt with the user's words marked.
    const noted = new Set(data.papers.filter((p) => p.note.trim() || p.tags.length).map((p) => p.id));
    for (const old of (data.vectors ?? []) as Array<{ id: string; v?: TermVector }>) {
      if (version < 8 && noted.has(old.id)) expect(await db.vectors.get(old.id)).toBeUndefined();
      else expect(await db.vectors.get(old.id)).toEqual(old.v ? toVectorRecord(old.id, old.v) : old);
    }
    // Related works on migrated data: vectors missing from older versions are rebuilt.
    const [first] = await lib.lookup({ papers: [{ ...(await db.papers.get(data.papers[0].id))!, id: data.papers[0].id }] });
    expect(first.saved).toBe(true);
    const index = await lib.related.ready();
    expect(index.size).toBe(data.papers.length);
    expect(await db.vectors.count()).toBe(data.papers.length);
    if (version < 8)
      for (const id of noted)
        expect(
          (await db.vectors.get(id))!.counts.some((c) => c < 0),
          `${id}: the words its note adds are marked`,
        ).toBe(true);
    db.close();
  });

  test('v7: records from before get a version and per-field modification times; tombstones and the outbox carry over', async () => {
    const v6 = JSON.parse(readFileSync(fixture(6), 'utf8')) as { papers: PaperRecord[] } & Record<string, unknown[]>;
    const name = `gloss-v7-${Date.now()}`;
    await createAtVersion(name, 6, v6);
    const db = new GlossDB(name);
    await db.open();
    for (const old of v6.papers) {
      const rec = (await db.papers.get(old.id))!;
      expect(rec.version).toBe(Math.max(1, old.version ?? 0));
      expect(rec.mtimes!.note).toBe(old.updatedAt);
      expect(rec.mtimes!.title).toBe(old.updatedAt);
      expect(Object.keys(rec.mtimes!)).not.toContain('version');
    }
    db.close();
    const v7 = JSON.parse(readFileSync(fixture(7), 'utf8')) as { papers: PaperRecord[]; outbox: Array<{ id: string }> } & Record<string, unknown[]>;
    const at7 = `gloss-v7-kept-${Date.now()}`;
    await createAtVersion(at7, 7, v7);
    const db7 = new GlossDB(at7);
    const lib = new LibraryService(db7);
    expect(await lib.store.outbox()).toEqual(v7.outbox);
    const tomb = (v7.tombstones as Array<{ id: string; version: number }>)[0];
    expect((await lib.store.tombstone(tomb.id))!.version).toBe(tomb.version);
    // A write carries on from the stored version and queues itself after what was there.
    const first = v7.papers[0];
    await lib.setNote({ id: first.id, note: 'after the upgrade' });
    expect((await db7.papers.get(first.id))!.version).toBe(first.version! + 1);
    expect((await lib.store.outbox()).map((e) => e.id)).toEqual([v7.outbox[1].id, first.id]);
    db7.close();
  });

  test('a damaged vector does not stop the upgrade to v4; it is rebuilt from its paper', async () => {
    const data = JSON.parse(readFileSync(fixture(3), 'utf8')) as { papers: Array<{ id: string }>; vectors: Array<{ id: string; v: unknown }> } & Record<
      string,
      unknown[]
    >;
    const [damaged, ...rest] = data.vectors;
    const name = `gloss-migrate-damaged-${Date.now()}`;
    await createAtVersion(name, 3, { ...data, vectors: [{ id: damaged.id, v: 'not a vector' }, ...rest] });
    const db = new GlossDB(name);
    await db.open();
    expect(db.verno).toBe(LATEST_VERSION);
    const index = await new LibraryService(db).related.ready();
    expect(index.size).toBe(data.papers.length);
    // Rebuilt from its paper (noted, so with the words its note adds marked since v8).
    const rebuilt = (await db.vectors.get(damaged.id))!;
    expect(rebuilt.terms).toEqual(expect.arrayContaining((damaged.v as TermVector).slice(0, 5).map(([t]) => t)));
    expect(rebuilt.counts).toHaveLength(rebuilt.terms.length);
    db.close();
  });

  test('v4 vectors, stored before topics, get the topic vectors of the shipped model when the index loads; their terms stay', async () => {
    const data = JSON.parse(readFileSync(fixture(4), 'utf8')) as { papers: PaperRecord[]; vectors: VectorRecord[] } & Record<string, unknown[]>;
    const name = `gloss-topics-${Date.now()}`;
    await createAtVersion(name, 4, data);
    const db = new GlossDB(name);
    const model = loadTopicModel();
    await new LibraryService(db, { topicModel: async () => model }).related.ready();
    for (const before of data.vectors) {
      const after = (await db.vectors.get(before.id))!;
      const paper0 = data.papers.find((p) => p.id === before.id)!;
      // (Papers with a note or tags get new vectors in v8: the words their notes add, marked.)
      if (!paper0.note.trim() && !paper0.tags.length)
        expect({ terms: after.terms, counts: after.counts }).toEqual({ terms: before.terms, counts: before.counts });
      const paper = data.papers.find((p) => p.id === before.id)!;
      expect(after.model).toBe(model.id);
      expect(after.topic).toEqual(model.embed(paper));
    }
    db.close();
  });
});
