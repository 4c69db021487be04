import { beforeEach, describe, expect, test, vi } from 'vitest';
import type { GlossDB } from '../../lib/db/schema';
import { LibraryService } from '../../lib/library/service';
import { freshDb, paper } from './helpers';

let db: GlossDB;
let lib: LibraryService;
let clock: number;
let memory: boolean;

beforeEach(() => {
  db = freshDb();
  clock = 1_000_000;
  memory = true;
  lib = new LibraryService(db, { now: () => clock, seenMemory: async () => memory });
});

const HOUR = 60 * 60 * 1000;

describe('preprint and published version', () => {
  test('same title and an overlapping author: one record, both identifiers', async () => {
    const preprint = paper({ arxiv: '2401.00001' }, { title: 'Attention Is All You Need', authors: ['Ashish Vaswani', 'Noam Shazeer'] });
    const published = paper({ doi: '10.5555/3295222.3295349' }, { title: 'Attention is all you need.', authors: ['A. Vaswani', 'N. Shazeer', 'N. Parmar'] });
    await lib.save({ paper: preprint, note: 'classic' });
    const [state] = await lib.lookup({ papers: [published] });
    expect(state).toMatchObject({ id: 'arxiv:2401.00001', saved: true, note: 'classic' });
    await lib.save({ paper: published });
    expect(await db.papers.count()).toBe(1);
    expect((await lib.get({ id: 'doi:10.5555/3295222.3295349' }))!.id).toBe('arxiv:2401.00001');
  });

  test('same title, different authors: two papers', async () => {
    await lib.save({ paper: paper({ arxiv: '2401.00001' }, { title: 'A Survey of Large Language Models', authors: ['Wayne Xin Zhao'] }) });
    const other = paper({ arxiv: '2402.00002' }, { title: 'A Survey of Large Language Models', authors: ['Someone Else'] });
    expect((await lib.lookup({ papers: [other] }))[0].saved).toBe(false);
  });
});

describe('reading memory', () => {
  const a = paper({ arxiv: '2401.00001' });
  const b = paper({ arxiv: '2401.00002' });

  test('a paper shown on an earlier visit is "seen"; one new on the listing since then is "new"', async () => {
    const first = await lib.lookup({ papers: [a], page: 'huggingface.co/papers' });
    await lib.saw({ papers: [a], page: 'huggingface.co/papers' });
    await lib.settled();
    expect(first[0].seen).toBeUndefined();
    expect(first[0].isNew).toBeUndefined();
    clock += 5 * HOUR;
    const second = await lib.lookup({ papers: [a, b], page: 'huggingface.co/papers' });
    expect(second[0].seen).toEqual({ first: 1_000_000, count: 1 });
    expect(second[0].isNew).toBeUndefined();
    expect(second[1].seen).toBeUndefined();
    expect(second[1].isNew).toBe(true);
  });

  test('a reload within the same visit does not count as seen before', async () => {
    await lib.saw({ papers: [a] });
    await lib.settled();
    clock += 60_000;
    expect((await lib.lookup({ papers: [a] }))[0].seen).toBeUndefined();
  });

  test('turned off, nothing is remembered; clearing forgets everything', async () => {
    await lib.saw({ papers: [a] });
    await lib.settled();
    expect(await db.seen.count()).toBe(1);
    expect(await lib.clearSeen()).toEqual({ cleared: 1 });
    memory = false;
    await lib.saw({ papers: [a, b] });
    await lib.settled();
    expect(await db.seen.count()).toBe(0);
  });
});

describe('related papers from the library', () => {
  const kv = paper(
    { arxiv: '2606.02964' },
    {
      title: 'Multi-Segment Attention: Enabling Efficient KV-Cache Management for Faster Large Language Model Serving',
      abstract:
        'Large Language Model inference relies on key-value (KV) caches to avoid redundant attention computation. Lossless approaches evict KV cache blocks from GPU memory.',
    },
  );
  const robots = paper(
    { arxiv: '2606.11111' },
    {
      title: 'Legged Robot Locomotion with Reinforcement Learning',
      abstract: 'We train quadruped robots to walk on rough terrain with reinforcement learning in simulation and transfer the policy to hardware.',
    },
  );

  test('an entry on a page is related to the library paper it shares distinctive terms with, with the reason', async () => {
    await lib.save({ paper: kv });
    await lib.save({ paper: robots });
    const entry = paper(
      { arxiv: '2607.00001' },
      {
        title: 'Compressing the KV Cache for Long-Context LLM Serving',
        abstract: 'KV cache memory grows with context length; we compress cache blocks to serve long contexts on one GPU.',
      },
    );
    const [related] = await lib.relatedTo({ papers: [entry] });
    expect(related.map((r) => r.id)).toEqual(['arxiv:2606.02964']);
    expect(related[0].terms).toEqual(expect.arrayContaining(['kv', 'cache']));
    expect(related[0].score).toBeGreaterThan(0.12);
    expect(related[0].score).toBeLessThanOrEqual(1);
  });

  test('a paper is not related to itself', async () => {
    await lib.save({ paper: kv });
    expect(await lib.relatedTo({ papers: [kv] })).toEqual([[]]);
  });

  test('a note makes new papers related: "baseline for our KV-cache work"', async () => {
    const plain = paper({ arxiv: '2605.00001' }, { title: 'Scheduling Requests in Inference Servers', abstract: 'We schedule requests for throughput.' });
    await lib.save({ paper: plain });
    const entry = paper({ arxiv: '2607.00002' }, { title: 'KV-Cache Eviction Policies', abstract: 'Which KV cache entries to evict under memory pressure.' });
    expect((await lib.relatedTo({ papers: [entry] }))[0]).toEqual([]);
    await lib.setNote({ id: plain.id, note: 'Baseline for our KV-cache work.' });
    const [related] = await lib.relatedTo({ papers: [entry] });
    expect(related.map((r) => r.id)).toEqual([plain.id]);
    expect(related[0].terms).toContain('kv');
  });

  test("a related paper's note comes as written, its lines kept (a Markdown list is a list only at a line's start)", async () => {
    const plain = paper({ arxiv: '2605.00001' }, { title: 'Scheduling Requests in Inference Servers', abstract: 'We schedule requests for throughput.' });
    await lib.save({ paper: plain });
    await lib.setNote({ id: plain.id, note: 'Baseline for our KV-cache work.\n- eviction first\n- then   paging' });
    const entry = paper({ arxiv: '2607.00002' }, { title: 'KV-Cache Eviction Policies', abstract: 'Which KV cache entries to evict under memory pressure.' });
    const [related] = await lib.relatedTo({ papers: [entry] });
    expect(related[0].note).toBe('Baseline for our KV-cache work.\n- eviction first\n- then   paging');
  });

  test('the index follows unsaves, and a cold start reloads it from stored vectors', async () => {
    await lib.save({ paper: kv });
    await lib.save({ paper: robots });
    const entry = paper(
      { arxiv: '2607.00003' },
      { title: 'Quadruped robot locomotion on rough terrain', abstract: 'Reinforcement learning for legged robots.' },
    );
    expect((await lib.relatedTo({ papers: [entry] }))[0].map((r) => r.id)).toEqual([robots.id]);
    await lib.unsave({ id: robots.id });
    expect((await lib.relatedTo({ papers: [entry] }))[0]).toEqual([]);
    await lib.save({ paper: robots });
    const cold = new LibraryService(db);
    expect((await cold.relatedTo({ papers: [entry] }))[0].map((r) => r.id)).toEqual([robots.id]);
  });

  test("a listing row's count comes from the index alone, and follows unsaves", async () => {
    await lib.save({ paper: kv });
    await lib.save({ paper: robots });
    const entries = [
      paper({ arxiv: '2607.00003' }, { title: 'Quadruped robot locomotion on rough terrain', abstract: 'Reinforcement learning for legged robots.' }),
      paper({ arxiv: '2607.00004' }, { title: 'Protein folding with diffusion', abstract: 'Structure prediction.' }),
    ];
    const reads = vi.spyOn(db.papers, 'bulkGet');
    expect(await lib.relatedCounts({ papers: entries })).toEqual([1, 0]);
    // The titles a list needs are not read for a count.
    expect(reads).not.toHaveBeenCalled();
    const full = await lib.relatedTo({ papers: entries });
    expect(reads).toHaveBeenCalled();
    expect(full.map((hits) => hits.filter((h) => h.strength !== 'weak').length)).toEqual([1, 0]);
    await lib.unsave({ id: robots.id });
    expect(await lib.relatedCounts({ papers: entries })).toEqual([0, 0]);
  });

  test('a stored vector this version cannot read is rebuilt on a cold start, not fatal', async () => {
    await lib.save({ paper: kv });
    await lib.save({ paper: robots });
    const good = await db.vectors.get(robots.id);
    await db.vectors.put({ id: robots.id, terms: 'robot' as unknown as string[], counts: [1] });
    const entry = paper(
      { arxiv: '2607.00004' },
      { title: 'Quadruped robot locomotion on rough terrain', abstract: 'Reinforcement learning for legged robots.' },
    );
    const cold = new LibraryService(db);
    expect((await cold.relatedTo({ papers: [entry] }))[0].map((r) => r.id)).toEqual([robots.id]);
    expect(await db.vectors.get(robots.id)).toEqual(good);
  });
});

describe('topic model', () => {
  test('saves store a topic vector made by the shipped model', async () => {
    await lib.save({
      paper: paper({ arxiv: '2606.00011' }, { title: 'KV cache compression for long-context LLM inference', abstract: 'We quantize the key-value cache.' }),
    });
    const stored = (await db.vectors.get('arxiv:2606.00011'))!;
    expect(stored.topic).toBeInstanceOf(Int8Array);
    expect(stored.model).toBe((await lib.related.model())!.id);
  });

  test('without the model, related answers by terms; the next start with a model fills the topics in', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const bare = new LibraryService(db, { topicModel: () => Promise.reject(new Error('missing file')) });
    const robots = paper({ arxiv: '2606.00012' }, { title: 'Quadruped robot locomotion', abstract: 'Legged robots learn to walk on rough terrain.' });
    await bare.save({ paper: robots });
    const entry = paper({ arxiv: '2606.00013' }, { title: 'Legged robot locomotion with reinforcement learning', abstract: 'Quadruped robots walk.' });
    expect((await bare.relatedTo({ papers: [entry] }))[0].map((r) => r.id)).toEqual([robots.id]);
    expect((await db.vectors.get(robots.id))!.topic).toBeUndefined();
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('topic model did not load'), expect.any(Error));
    warn.mockRestore();
    const later = new LibraryService(db);
    expect((await later.relatedTo({ papers: [entry] }))[0].map((r) => r.id)).toEqual([robots.id]);
    expect((await db.vectors.get(robots.id))!.topic).toBeInstanceOf(Int8Array);
  });
});

describe('writes while an index is loading', () => {
  test('a change that commits while the related and search indexes load is in both once they are ready', async () => {
    await lib.save({ paper: paper({ arxiv: '2606.00001' }, { title: 'Legged robot locomotion', abstract: 'Quadruped robots walk.' }) });
    const cold = new LibraryService(db);
    const rec = {
      ...(await db.papers.get('arxiv:2606.00001'))!,
      id: 'arxiv:2606.00002',
      aliases: ['arxiv:2606.00002'],
      title: 'Quokka locomotion in simulation',
    };
    const { v } = cold.related.vectorsFor(rec);
    const relatedLoading = cold.related.ready();
    const searchLoading = cold.searchIndex.ready();
    // As a save would: stored after the loads read the database, reported before they finish.
    cold.related.applied({ set: [{ id: rec.id, v }] });
    cold.searchIndex.applied({ set: [{ rec, v }] });
    expect((await relatedLoading).has('arxiv:2606.00002')).toBe(true);
    await (await searchLoading).whenIndexed();
    expect((await searchLoading).search('quokka').hits.map((h) => h.id)).toEqual(['arxiv:2606.00002']);
  });
});
