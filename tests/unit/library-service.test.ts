import { beforeEach, describe, expect, test } from 'vitest';
import type { GlossDB } from '../../lib/db/schema';
import { LibraryService } from '../../lib/library/service';
import { freshDb, paper } from './helpers';

let db: GlossDB;
let lib: LibraryService;
let changes: string[][];
let clock: number;

beforeEach(() => {
  db = freshDb();
  changes = [];
  clock = 1_000;
  lib = new LibraryService(db, { now: () => clock++ });
  lib.store.subscribe((c) => changes.push(c.changes.map((x) => x.id)));
});

describe('LibraryService', () => {
  test('lookup answers every entry in order, saved or not', async () => {
    const a = paper({ arxiv: '2401.00001' });
    const b = paper({ arxiv: '2401.00002' });
    await lib.save({ paper: b, note: 'read me' });
    const states = await lib.lookup({ papers: [a, b] });
    expect(states).toEqual([
      { id: 'arxiv:2401.00001', saved: false, note: '', tags: [] },
      { id: 'arxiv:2401.00002', saved: true, note: 'read me', tags: [], savedAt: 1000, version: 1 },
    ]);
  });

  test('one paper is one record whichever identifier the page shows', async () => {
    await lib.save({ paper: paper({ arxiv: '2401.00001' }), note: 'n' });
    // A publisher page cites the arXiv DOI; the lookup finds the same record.
    const [state] = await lib.lookup({ papers: [paper({ doi: '10.48550/arxiv.2401.00001' })] });
    expect(state).toMatchObject({ id: 'arxiv:2401.00001', saved: true, note: 'n' });
    // Saving it from there merges into the record instead of creating another.
    await lib.save({ paper: paper({ doi: '10.48550/arxiv.2401.00001' }, { abstract: undefined }) });
    expect(await db.papers.count()).toBe(1);
    const rec = await db.papers.get('arxiv:2401.00001');
    expect(rec!.abstract).toBe('An abstract.');
  });

  test('saving again keeps note, tags and savedAt, and adds new identifiers as aliases', async () => {
    await lib.save({ paper: paper({ arxiv: '2401.00001' }), note: 'keep', tags: ['kv'] });
    await lib.save({ paper: paper({ arxiv: '2401.00001', doi: '10.1000/xyz' }) });
    const rec = await db.papers.get('arxiv:2401.00001');
    expect(rec).toMatchObject({ note: 'keep', tags: ['kv'], savedAt: 1000 });
    expect(rec!.aliases).toContain('doi:10.1000/xyz');
    expect((await lib.get({ id: 'doi:10.1000/xyz' }))!.id).toBe('arxiv:2401.00001');
  });

  test('a better title from another page also moves the title key that links published versions', async () => {
    await lib.save({ paper: paper({ arxiv: '2401.00009' }, { title: 'arXiv:2401.00009', authors: [] }) });
    await lib.save({ paper: paper({ arxiv: '2401.00009' }, { title: 'Scaling Laws for Sparse Mixture-of-Experts Models' }) });
    const published = paper({ doi: '10.1000/moe' }, { title: 'Scaling laws for sparse mixture-of-experts models' });
    expect((await lib.lookup({ papers: [published] }))[0]).toMatchObject({ id: 'arxiv:2401.00009', saved: true });
  });

  test('a note on an unsaved paper saves it; without the paper it is a clear error', async () => {
    const p = paper({ arxiv: '2401.00003' });
    await expect(lib.setNote({ id: p.id, note: 'x' })).rejects.toThrow(/No saved paper arxiv:2401.00003/);
    expect(await db.papers.count()).toBe(0);
    const state = await lib.setNote({ id: p.id, note: 'first thoughts', paper: p });
    expect(state).toMatchObject({ saved: true, note: 'first thoughts' });
  });

  test('note and tag writes touch only their own field', async () => {
    const p = paper({ arxiv: '2401.00004' });
    await lib.save({ paper: p });
    await Promise.all([lib.setNote({ id: p.id, note: 'from tab A' }), lib.setTags({ id: p.id, tags: ['from-tab-b'] })]);
    const rec = await db.papers.get(p.id);
    expect(rec).toMatchObject({ note: 'from tab A', tags: ['from-tab-b'] });
  });

  test('tags are trimmed and de-duplicated case-insensitively', async () => {
    const p = paper({ arxiv: '2401.00005' });
    const state = await lib.setTags({ id: p.id, tags: [' KV cache ', 'kv cache', '#llm', '', 'LLM'], paper: p });
    expect(state.tags).toEqual(['KV cache', 'llm']);
  });

  test('unsave removes the record and returns it for undo', async () => {
    const p = paper({ arxiv: '2401.00006' });
    await lib.save({ paper: p, note: 'precious' });
    const removed = await lib.unsave({ id: p.id });
    expect(removed).toMatchObject({ id: p.id, note: 'precious' });
    expect(await db.papers.count()).toBe(0);
    expect(await lib.unsave({ id: p.id })).toBeNull();
  });

  test('list is newest first with a total', async () => {
    for (const n of [1, 2, 3]) await lib.save({ paper: paper({ arxiv: `2401.0000${n}` }) });
    const { total, papers } = await lib.list({ limit: 2 });
    expect(total).toBe(3);
    expect(papers.map((p) => p.id)).toEqual(['arxiv:2401.00003', 'arxiv:2401.00002']);
  });

  test('every write announces the ids it changed', async () => {
    const p = paper({ arxiv: '2401.00007' });
    await lib.save({ paper: p });
    await lib.setNote({ id: p.id, note: 'n' });
    await lib.unsave({ id: p.id });
    expect(changes).toEqual([[p.id], [p.id], [p.id]]);
  });
});
