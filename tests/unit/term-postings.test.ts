/**
 * Authors and keywords beside MiniSearch (lib/search/term-postings.ts): scored to MiniSearch's
 * formula, so the library search ranks as one MiniSearch over all five fields did; writes,
 * compaction and the stored form change nothing a search sees.
 */
import MiniSearch, { type Query } from 'minisearch';
import { describe, expect, test } from 'vitest';
import type { PaperRecord } from '../../lib/core/types';
import { BOOST, firstOf, indexKeywords, LibrarySearch, transpositions } from '../../lib/search/library-search';
import { RelatedIndex } from '../../lib/search/related';
import { TermPostings, type TermSpec } from '../../lib/search/term-postings';
import { processTerm } from '../../lib/search/tokenize';
import { asRecords, loadCorpus } from '../corpus';

const records: PaperRecord[] = asRecords(loadCorpus().slice(0, 400)).map((p, i) =>
  i % 5 === 0 ? { ...p, note: `note on ${p.title.split(' ')[1] ?? ''}`, tags: ['misc'] } : p,
);
const vectors = new RelatedIndex();
const keywordsOf = new Map(records.map((p) => [p.id, vectors.vectorFor(p).map(([t]) => t)]));
const keywords = (p: PaperRecord) => keywordsOf.get(p.id)!;
const outer = (p: PaperRecord) => [p.authors.join(' '), indexKeywords(p, keywords(p)).join(' ')];

const SPECS: TermSpec[] = [
  { term: 'learning', fuzzy: 1, prefix: false, boost: 1 },
  { term: 'lang', fuzzy: 1, prefix: true, boost: 1 },
  { term: 'reinforcment', fuzzy: 1, prefix: false, boost: 1 },
  { term: 'wang', fuzzy: 1, prefix: false, boost: 1 },
  { term: 'gra', fuzzy: false, prefix: true, boost: 0.45 },
  { term: 'zhang', fuzzy: false, prefix: false, boost: 1 },
];

function postingsOf(papers: PaperRecord[]) {
  const t = new TermPostings(['authors', 'keywords'], processTerm);
  for (const p of papers) t.add(p.id, outer(p));
  return t;
}

/** Scores by id for one spec. */
function scores(t: TermPostings, spec: TermSpec) {
  const into = new Map<number, number>();
  t.score(spec, [BOOST.authors, BOOST.keywords], into);
  return new Map([...into].map(([n, s]) => [t.idOf(n), s]));
}

function expectSameScores(a: Map<string, number>, b: Map<string, number>) {
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
  for (const [id, s] of a) expect(b.get(id)).toBeCloseTo(s, 9);
}

describe('TermPostings', () => {
  test('scores a term as MiniSearch over the same fields does: exact, prefix, one edit, weighted', () => {
    const ms = new MiniSearch<{ id: string; authors: string; keywords: string }>({ fields: ['authors', 'keywords'], storeFields: [], processTerm });
    ms.addAll(records.map((p) => ({ id: p.id, authors: outer(p)[0], keywords: outer(p)[1] })));
    const t = postingsOf(records);
    t.compact();
    let found = 0;
    for (const spec of SPECS) {
      const query = {
        queries: [spec.term],
        fuzzy: spec.fuzzy,
        prefix: spec.prefix,
        boostTerm: () => spec.boost,
        tokenize: (s: string) => [s],
        processTerm: (s: string) => s,
      };
      const expected = new Map(
        ms.search(query as Query, { boost: { authors: BOOST.authors, keywords: BOOST.keywords } }).map((r) => [r.id as string, r.score]),
      );
      found += expected.size;
      expectSameScores(expected, scores(t, spec));
    }
    expect(found).toBeGreaterThan(50);
  });

  test('after replacing and removing papers, through compaction, it answers as one built from the result', () => {
    const t = postingsOf(records);
    t.compact();
    const changed = records.slice(0, 40).map((p) => ({ ...p, authors: ['Wang Lang'] }));
    for (const p of changed) t.add(p.id, outer(p));
    for (const p of records.slice(40, 80)) t.remove(p.id);
    const final = [...records.slice(80), ...changed];
    const fresh = postingsOf(final);
    for (const spec of SPECS) expectSameScores(scores(fresh, spec), scores(t, spec));
    t.compact();
    for (const spec of SPECS) expectSameScores(scores(fresh, spec), scores(t, spec));
    expect(t.documentCount).toBe(final.length);
    // Negative control: some removed papers were found before, none is now.
    const removed = new Set(records.slice(40, 80).map((p) => p.id));
    const foundIds = (x: TermPostings) => SPECS.flatMap((s) => [...scores(x, s).keys()]).filter((id) => removed.has(id));
    expect(foundIds(postingsOf(records)).length).toBeGreaterThan(0);
    expect(foundIds(t)).toEqual([]);
  });

  test('its stored form loads to the same answers; an inconsistent one is refused', () => {
    const t = postingsOf(records);
    const json = JSON.parse(JSON.stringify(t.toJSON()));
    const loaded = TermPostings.fromJSON(json, ['authors', 'keywords'], processTerm);
    for (const spec of SPECS) expectSameScores(scores(t, spec), scores(loaded, spec));
    const load = (j: unknown) => () => TermPostings.fromJSON(j as ReturnType<TermPostings['toJSON']>, ['authors', 'keywords'], processTerm);
    expect(load({ ...json, codeSteps: json.codeSteps.slice(1) })).toThrow();
    expect(load({ ...json, codeSteps: [json.ids.length * 2, ...json.codeSteps.slice(1)] })).toThrow();
    expect(load({ ...json, codeSteps: [-1, ...json.codeSteps.slice(1)] })).toThrow();
    expect(load({ ...json, fields: ['keywords', 'authors'] })).toThrow();
    expect(load({ ...json, ids: [json.ids[1], ...json.ids.slice(1)] })).toThrow();
    expect(load(null)).toThrow();
  });
});

/** The query tree the library search gave one MiniSearch over all five fields before (issue 17's rules). */
function oldWordQuery(terms: string[], last: boolean) {
  const AS_IS = { tokenize: (s: string) => [s], processTerm: (s: string) => s };
  const termQuery = (term: string, prefix: boolean) => {
    const typed = { queries: [term], combineWith: 'OR', fuzzy: term.length >= 4 ? 1 : false, prefix, ...AS_IS };
    const swaps = term.length >= 3 ? transpositions(term) : [];
    if (!swaps.length) return typed;
    return {
      combineWith: 'OR',
      queries: [typed, { queries: swaps, combineWith: 'OR', fuzzy: false, prefix: prefix && term.length >= 5, boostTerm: () => 0.45, ...AS_IS }],
    };
  };
  return { combineWith: 'AND', queries: terms.map((t, i) => termQuery(t, last && i === terms.length - 1 && t.length >= 3)) };
}

test('the library search ranks and scores as one MiniSearch over all five fields did', () => {
  const reference = new MiniSearch<Record<string, string>>({
    fields: ['title', 'authors', 'keywords', 'note', 'tags'],
    storeFields: [],
    processTerm,
    searchOptions: { boost: BOOST },
  });
  reference.addAll(records.map((p) => ({ id: p.id, title: p.title, authors: outer(p)[0], keywords: outer(p)[1], note: p.note, tags: p.tags.join(' ') })));
  const search = new LibrarySearch();
  search.load(records, keywords);
  // Words as typed (a prefix last), typos, several words, OR between words, an author with a title word.
  const queries: Array<string[][]> = [
    [['diffusion']],
    [['lang']],
    [['reinforcment'], ['learning']],
    [['langauge'], ['mod']],
    [['graph', 'robot']],
    [['wang'], ['learning']],
    [['kv', 'cache']],
    [['misc'], ['note']],
  ];
  let compared = 0;
  for (const groups of queries) {
    const text = groups.map((g) => g.join(' OR ')).join(' ');
    const words = groups.flat();
    const tree = {
      combineWith: 'AND',
      queries: groups.map((g) => ({
        combineWith: 'OR',
        queries: g.map((w) =>
          oldWordQuery(
            w.split('-').flatMap((x) => processTerm(x) ?? []),
            w === words[words.length - 1],
          ),
        ),
      })),
    };
    const expected = reference
      .search(tree as Query)
      .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
      .slice(0, 30);
    const got = search.search(text, { limit: 30 });
    expect(got.hits.map((h) => h.id)).toEqual(expected.map((r) => r.id));
    got.hits.forEach((h, i) => expect(h.score).toBeCloseTo(expected[i].score, 9));
    compared += expected.length;
  }
  expect(compared).toBeGreaterThan(100);
});

test('firstOf gives the first of a stable sort, whatever the order and ties', () => {
  let seed = 7;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (const n of [0, 5, 199, 200, 201, 3000]) {
    const keys = Array.from({ length: n }, () => Math.floor(rand() * 40));
    const items = Array.from({ length: n }, (_, i) => i).filter(() => rand() < 0.9);
    const compare = (a: number, b: number) => keys[b] - keys[a];
    expect(firstOf(items, 50, compare)).toEqual([...items].sort(compare).slice(0, 50));
  }
});

test('the dictionary finds what MiniSearch’s radix tree finds: one edit away, and by prefix', async () => {
  const { default: SearchableMap } = await import('minisearch/SearchableMap');
  const { TermDictionary } = await import('../../lib/search/term-dictionary');
  const words = [
    ...new Set(
      records.flatMap((p) =>
        outer(p)
          .join(' ')
          .split(/\s+/)
          .flatMap((w) => processTerm(w) ?? []),
      ),
    ),
  ];
  const tree = new SearchableMap<number>();
  words.forEach((w, i) => tree.set(w, i));
  const half = Math.floor(words.length / 2);
  // Half built sorted, half added afterwards (the overlay), as between two compactions.
  const dict = TermDictionary.fromSorted(words.slice(0, half).sort());
  for (const w of words.slice(half)) dict.add(w);
  const probes = [...words.filter((_, i) => i % 9 === 0), 'lern', 'learnign', 'x', 'zzzz', 'a', 'wng', 'moel', 'é', ''];
  let matched = 0;
  for (const q of probes) {
    const expected = [...tree.fuzzyGet(q, 1)].filter(([, [, d]]) => d === 1).map(([t]) => t);
    const got = [...dict.oneEditFrom(q).keys()];
    expect(got.sort()).toEqual(expected.sort());
    matched += got.length;
    expect([...dict.withPrefix(q)].map(([t]) => t).sort()).toEqual([...tree.atPrefix(q).keys()].sort());
    for (const [t, n] of dict.oneEditFrom(q)) expect(dict.terms[n]).toBe(t);
  }
  expect(matched).toBeGreaterThan(100);
  expect(() => TermDictionary.fromSorted(['b', 'a'])).toThrow();
});

test('a query term answered before is answered again after a write, not from what was kept', () => {
  const search = new LibrarySearch();
  search.load(records.slice(0, 100), keywords);
  const ids = (q: string) => search.search(q).hits.map((h) => h.id);
  // Typed letter by letter: the finished word is kept between keystrokes…
  expect(ids('wombat')).toEqual([]);
  expect(ids('wombat lea')).toEqual([]);
  // …and a write makes it be asked again: the new paper, its author, then its removal.
  const added = { ...records[150], title: 'Wombat learning', authors: ['Ada Wombatson'] };
  search.set(added, keywords(added));
  expect(ids('wombat')).toEqual([added.id]);
  expect(ids('wombatson')).toEqual([added.id]);
  expect(ids('wombat lea')).toEqual([added.id]);
  search.remove(added.id);
  expect(ids('wombat')).toEqual([]);
  expect(ids('wombatson')).toEqual([]);
});
