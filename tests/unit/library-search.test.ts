import { beforeEach, describe, expect, test } from 'vitest';
import { LibraryService } from '../../lib/library/service';
import { highlight } from '../../lib/search/library-search';
import { parseQuery } from '../../lib/search/query';
import { freshDb, paper } from './helpers';

let lib: LibraryService;
let clock = 0;

beforeEach(async () => {
  clock = 1000;
  lib = new LibraryService(freshDb(), { now: () => clock++ });
  await lib.save({
    paper: paper({ arxiv: '1706.03762' }, { title: 'Attention Is All You Need', authors: ['Ashish Vaswani', 'Noam Shazeer'], published: '2017-06-12', abstract: 'The dominant sequence transduction models are based on recurrent networks.' }),
    note: 'Baseline for our KV-cache work.',
    tags: ['transformers', 'classic'],
  });
  await lib.save({
    paper: paper({ arxiv: '2606.02964' }, { title: 'Multi-Segment Attention for KV-Cache Management', authors: ['Chunan Shi'], published: '2026-06-03', abstract: 'Lossless KV cache eviction.' }),
    tags: ['kv-cache'],
  });
  await lib.save({
    paper: paper({ arxiv: '2101.02464' }, { title: 'Information-theoretic bounds on quantum advantage', authors: ['Hsin-Yuan Huang', 'John Preskill'], published: '2021-01-07' }),
  });
  // These tests are about the built index; the scan that answers before it is in library-search-build.
  await lib.searchIndex.indexed();
});

const ids = async (query: string, sort?: 'relevance' | 'recent' | 'title' | 'year') => (await lib.search({ query, sort })).hits.map((h) => h.paper.ids.arxiv);

describe('library search', () => {
  test('as you type: the last word is a prefix', async () => {
    expect(await ids('atten')).toEqual(['1706.03762', '2606.02964']);
    expect(await ids('attention nee')).toEqual(['1706.03762']);
  });

  test('finds a paper by a word of its note, its tags and its authors', async () => {
    expect(await ids('baseline')).toEqual(['1706.03762']);
    expect(await ids('classic')).toEqual(['1706.03762']);
    expect(await ids('preskill')).toEqual(['2101.02464']);
  });

  test('forgives a typo in longer words', async () => {
    expect(await ids('quantun advantage')).toEqual(['2101.02464']);
  });

  test('filters: tag, author, year, has:note; sorting', async () => {
    expect(await ids('tag:kv-cache')).toEqual(['2606.02964']);
    expect(await ids('author:vaswani')).toEqual(['1706.03762']);
    expect(await ids('year:2020..2022')).toEqual(['2101.02464']);
    expect(await ids('has:note')).toEqual(['1706.03762']);
    expect(await ids('attention year:2026')).toEqual(['2606.02964']);
    expect(await ids('', 'title')).toEqual(['1706.03762', '2101.02464', '2606.02964']);
    expect(await ids('', 'year')).toEqual(['2606.02964', '2101.02464', '1706.03762']);
    expect(await ids('')).toEqual(['2101.02464', '2606.02964', '1706.03762']);
  });

  test('follows writes: a new note is searchable at once, an unsaved paper is gone', async () => {
    await lib.search({ query: 'x' });
    await lib.setNote({ id: 'arxiv:2101.02464', note: 'Reading group pick' });
    expect(await ids('reading group')).toEqual(['2101.02464']);
    await lib.unsave({ id: 'arxiv:2101.02464' });
    expect(await ids('reading')).toEqual([]);
  });

  test('bulk tag, untag and delete in one go', async () => {
    const all = ['arxiv:1706.03762', 'arxiv:2606.02964'];
    expect((await lib.bulk({ ids: all, action: 'tag', tags: ['week-27'] })).changed).toBe(2);
    expect(await ids('tag:week-27')).toEqual(['2606.02964', '1706.03762']);
    await lib.bulk({ ids: all, action: 'untag', tags: ['WEEK-27'] });
    expect(await ids('tag:week-27')).toEqual([]);
    const { removed } = await lib.bulk({ ids: all, action: 'delete' });
    expect(removed.map((r) => r.id).sort()).toEqual(all);
    expect((await lib.list()).total).toBe(1);
  });
});

test('query syntax', () => {
  expect(parseQuery('kv cache tag:#LLM author:"Jane Doe" year:2020..2024 has:note Title: colon')).toEqual({
    text: 'kv cache Title: colon',
    tags: ['llm'],
    authors: ['jane doe'],
    years: [2020, 2024],
    has: ['note'],
  });
});

test('highlight marks words that start with a matched term, as text runs', () => {
  expect(highlight('Attention Is All You Need <b>', ['attention', 'need'])).toEqual([
    { text: 'Attention', hit: true },
    { text: ' Is All You ', hit: false },
    { text: 'Need', hit: true },
    { text: ' <b>', hit: false },
  ]);
});
