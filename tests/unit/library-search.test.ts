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
    paper: paper(
      { arxiv: '1706.03762' },
      {
        title: 'Attention Is All You Need',
        authors: ['Ashish Vaswani', 'Noam Shazeer'],
        published: '2017-06-12',
        abstract: 'The dominant sequence transduction models are based on recurrent networks.',
      },
    ),
    note: 'Baseline for our KV-cache work.',
    tags: ['transformers', 'classic'],
  });
  await lib.save({
    paper: paper(
      { arxiv: '2606.02964' },
      { title: 'Multi-Segment Attention for KV-Cache Management', authors: ['Chunan Shi'], published: '2026-06-03', abstract: 'Lossless KV cache eviction.' },
    ),
    tags: ['kv-cache'],
  });
  await lib.save({
    paper: paper(
      { arxiv: '2101.02464' },
      { title: 'Information-theoretic bounds on quantum advantage', authors: ['Hsin-Yuan Huang', 'John Preskill'], published: '2021-01-07' },
    ),
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

  test('forgives one edit or one swap in every word, the last and short ones too', async () => {
    // The word being typed (last) and alone: one letter missing, one swapped, one extra.
    expect(await ids('atention')).toEqual(['1706.03762', '2606.02964']);
    expect(await ids('quantmu')).toEqual(['2101.02464']);
    expect(await ids('informmation')).toEqual(['2101.02464']);
    expect(await ids('boudns quantum')).toEqual(['2101.02464']);
    // Short words: four letters with one edit, three with a swap.
    expect(await ids('nede')).toEqual(['1706.03762']);
    expect(await ids('segmetn kv')).toEqual(['2606.02964']);
    // Exact matches rank above forgiven ones.
    expect(await ids('attention')).toEqual(['1706.03762', '2606.02964']);
    // Two edits are not one: no result rather than noise.
    expect(await ids('atnetoin')).toEqual([]);
  });

  test('accents fold at index and query time, precomposed or decomposed', async () => {
    await lib.save({ paper: paper({ arxiv: '2301.00001' }, { title: 'Möbius Transformations for Graph Neural Networks', authors: ['Hanna Jäger'] }) });
    await lib.save({ paper: paper({ arxiv: '2301.00002' }, { title: 'Mo\u0308bius Strips, Decomposed', authors: ['Ole Ørsted'] }) });
    for (const q of ['mobius', 'möbius', 'Mo\u0308bius', 'MOBIUS']) expect((await ids(q)).sort()).toEqual(['2301.00001', '2301.00002']);
    // Two accents in one word are two edits: only folding finds these, not the typo tolerance.
    await lib.save({ paper: paper({ arxiv: '2301.00003' }, { title: 'Pérégrine: Sélective Caching' }) });
    for (const q of ['peregrine selective', 'Pe\u0301re\u0301grine', 'PÉRÉGRINE']) expect(await ids(q)).toEqual(['2301.00003']);
    expect(await ids('jager')).toEqual(['2301.00001']);
    expect(await ids('author:jager')).toEqual(['2301.00001']);
    expect(await ids('author:Ja\u0308ger')).toEqual(['2301.00001']);
    expect(await ids('author:orsted')).toEqual(['2301.00002']);
  });

  test('negation and OR, with filters and words', async () => {
    expect(await ids('attention -tag:classic')).toEqual(['2606.02964']);
    expect(await ids('attention NOT tag:classic')).toEqual(['2606.02964']);
    expect(await ids('-author:vaswani', 'title')).toEqual(['2101.02464', '2606.02964']);
    expect(await ids('-author:Vaswani -author:shi')).toEqual(['2101.02464']);
    expect(await ids('attention -eviction')).toEqual(['1706.03762']);
    expect((await ids('quantum OR eviction')).sort()).toEqual(['2101.02464', '2606.02964']);
    expect((await ids('tag:classic OR tag:kv-cache')).sort()).toEqual(['1706.03762', '2606.02964']);
    expect((await ids('author:preskill OR tag:classic')).sort()).toEqual(['1706.03762', '2101.02464']);
    expect(await ids('attention tag:classic OR year:2021')).toEqual(['1706.03762']);
  });

  test('what is not understood is said, not answered with a silent 0', async () => {
    const r = await lib.search({ query: 'attention year:soon' });
    expect(r.problems).toEqual(['"year:soon": a year is written year:2024 or year:2020..2023']);
    expect(r.hits.map((h) => h.paper.ids.arxiv)).toEqual(['1706.03762', '2606.02964']);
    expect((await lib.search({ query: 'the' })).problems).toEqual(['"the" is too common to search by']);
    expect((await lib.search({ query: 'attention' })).problems).toBeUndefined();
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

test('query syntax: filters, negation, OR binding the terms beside it, and what is not understood', () => {
  const q = parseQuery('kv cache tag:#LLM author:"Jane Doe" year:2024..2020 has:note Title: colon -tag:survey NOT author:Jäger a OR tag:b');
  expect(q.problems).toEqual([]);
  expect(q.groups).toEqual([
    [{ clause: { kind: 'word', word: 'kv' }, neg: false }],
    [{ clause: { kind: 'word', word: 'cache' }, neg: false }],
    [{ clause: { kind: 'tag', value: 'llm' }, neg: false }],
    [{ clause: { kind: 'author', value: 'jane doe' }, neg: false }],
    [{ clause: { kind: 'year', range: [2020, 2024] }, neg: false }],
    [{ clause: { kind: 'has', value: 'note' }, neg: false }],
    [{ clause: { kind: 'word', word: 'Title:' }, neg: false }],
    [{ clause: { kind: 'word', word: 'colon' }, neg: false }],
    [{ clause: { kind: 'tag', value: 'survey' }, neg: true }],
    [{ clause: { kind: 'author', value: 'jager' }, neg: true }],
    [
      { clause: { kind: 'word', word: 'a' }, neg: false },
      { clause: { kind: 'tag', value: 'b' }, neg: false },
    ],
  ]);
  expect(parseQuery('year:soon has:pdf status:done OR (x)').problems).toEqual([
    'parentheses are not understood: OR joins the two terms beside it',
    '"year:soon": a year is written year:2024 or year:2020..2023',
    '"has:pdf": has: takes note, tags, abstract, status',
    '"status:done": status: takes to-read, reading, read or none',
    'OR needs a term on each side',
  ]);
  expect(parseQuery('attention OR').problems).toEqual(['OR needs a term on each side']);
});

test('highlight marks words that start with a matched term, as text runs', () => {
  expect(highlight('Attention Is All You Need <b>', ['attention', 'need'])).toEqual([
    { text: 'Attention', hit: true },
    { text: ' Is All You ', hit: false },
    { text: 'Need', hit: true },
    { text: ' <b>', hit: false },
  ]);
});

test('highlight matches folded text and cuts the runs from the original', () => {
  expect(highlight('Hanna Jäger, Ole Ørsted', ['jager', 'orsted'])).toEqual([
    { text: 'Hanna ', hit: false },
    { text: 'Jäger', hit: true },
    { text: ', Ole ', hit: false },
    { text: 'Ørsted', hit: true },
  ]);
  expect(highlight('A Mo\u0308bius strip', ['mobius'])).toEqual([
    { text: 'A ', hit: false },
    { text: 'Mo\u0308bius', hit: true },
    { text: ' strip', hit: false },
  ]);
});
