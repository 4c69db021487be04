/**
 * The scan a cold worker answers with while its index loads (lib/library/snapshot-scan.ts), read
 * from the search snapshot's columns: it finds what the per-paper scan found, ranks as the index
 * does near enough to stand in for it, and is only used while the columns hold every paper.
 */
import { describe, expect, test, vi } from 'vitest';
import type { PaperRecord } from '../../lib/core/types';
import { fromSearchSnapshot, toSearchSnapshot } from '../../lib/library/search-snapshot';
import { SnapshotScan, scanColumn } from '../../lib/library/snapshot-scan';
import { BOOST, LibrarySearch, indexKeywords } from '../../lib/search/library-search';
import { scanPapers } from '../../lib/search/scan';
import { asRecords, loadCorpus } from '../corpus';

const records: PaperRecord[] = asRecords(loadCorpus().slice(0, 400)).map((r, i) => ({
  ...r,
  ...(i % 7 === 0 && { tags: ['misc', 'to-read'], note: `Compare with ${r.title.split(' ').slice(0, 2).join(' ')}` }),
}));
/** Stand-in keywords: the abstract's longer words, as a term vector would give. */
const keywords = (p: PaperRecord) => [...new Set((p.abstract ?? '').toLowerCase().match(/[a-z]{6,}/g) ?? [])].slice(0, 48);

function coldSearch() {
  const { papers, keywords: kw, scan } = fromSearchSnapshot(toSearchSnapshot(1, records, keywords));
  const search = new LibrarySearch();
  void search.restore(papers, new Promise(() => {}), kw);
  // As the search engine does (lib/library/search-engine.ts).
  search.scanWith((word, last) => scan.scan(word, last));
  return { search, scan };
}

const WORDS = ['diffusion', 'reinforcement', 'retrieval', 'graph', 'language', 'misc', 'robot', 'segment'];

describe('snapshot scan', () => {
  test('as the word being typed, it finds the papers the per-paper scan finds', () => {
    const { scan } = coldSearch();
    const abstracts = new Map(records.map((p) => [p.id, indexKeywords(p, keywords(p)).join(' ')]));
    for (const word of WORDS) {
      const before = scanPapers(records, (id) => abstracts.get(id)!, word, BOOST).map((h) => h.id);
      const now = scan.scan(word, true).map((h) => h.id);
      expect(now.sort(), word).toEqual(before.sort());
      expect(now.length, word).toBeGreaterThan(0);
    }
  });

  test('ranks nearer the index than the per-paper scan did', () => {
    const built = new LibrarySearch();
    built.load(records, keywords);
    const { search } = coldSearch();
    const old = new LibrarySearch();
    const { papers, keywords: kw } = fromSearchSnapshot(toSearchSnapshot(1, records, keywords));
    void old.restore(papers, new Promise(() => {}), kw);
    /** nDCG@10 of a provisional answer, the index's own scores as the gains. */
    const ndcg = (word: string, answer: LibrarySearch) => {
      const gains = new Map(built.search(word, { limit: 1000 }).hits.map((h) => [h.id, h.score]));
      const dcg = (ids: string[]) => ids.slice(0, 10).reduce((sum, id, i) => sum + (gains.get(id) ?? 0) / Math.log2(i + 2), 0);
      const provisional = answer.search(word, { limit: 10 });
      expect(provisional.provisional).toBe(true);
      return dcg(provisional.hits.map((h) => h.id)) / dcg([...gains.keys()]);
    };
    // Words many papers have, where the order of the first ten is the question.
    const words = ['model', 'learning', 'language', 'data', 'network', 'training', 'diffusion', 'reinforcement', 'reasoning', 'vision'];
    const now = words.map((w) => ndcg(w, search));
    const before = words.map((w) => ndcg(w, old));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b) / xs.length;
    console.log(`nDCG@10 against the index: per-paper scan ${mean(before).toFixed(3)}, snapshot scan ${mean(now).toFixed(3)}`);
    expect(mean(now)).toBeGreaterThan(mean(before));
    expect(mean(now)).toBeGreaterThan(0.9);
  });

  test('orders a title, a long title, a longer word and an abstract as the index does', () => {
    const base = records[0];
    const make = (id: string, title: string, abstract = '') => ({ ...base, id, aliases: [id], title, abstract, note: '', tags: [], authors: ['A. Author'] });
    const filler = Array.from({ length: 30 }, (_, i) => make(`arxiv:2600.${String(i).padStart(5, '0')}`, `Unrelated paper number ${i}`, 'graph of nothing'));
    const tiny = [
      make('arxiv:2699.00001', 'Quokka habits', 'graph theory results'),
      make('arxiv:2699.00002', 'Graph networks'),
      make('arxiv:2699.00003', 'Graph networks for molecules in the wild with many more words in the title'),
      make('arxiv:2699.00004', 'Graphical models'),
      ...filler,
    ];
    const kw = (p: PaperRecord) => (p.abstract ? p.abstract.split(' ') : []);
    const built = new LibrarySearch();
    built.load(tiny, kw);
    const { scan } = fromSearchSnapshot(toSearchSnapshot(1, tiny, kw));
    const top = (hits: Array<{ id: string }>) => hits.slice(0, 4).map((h) => h.id);
    expect(top(scan.scan('graph', true))).toEqual(top(built.search('graph').hits));
    expect(top(scan.scan('graph', true))[0]).toBe('arxiv:2699.00002');
    // A finished word is not a prefix (as in the index): "graph" followed by another word no longer finds "graphical".
    expect(scan.scan('graph', false).map((h) => h.id)).not.toContain('arxiv:2699.00004');
    // Plurals are the same word, typed or not.
    expect(
      scan
        .scan('networks', false)
        .map((h) => h.id)
        .sort(),
    ).toEqual(['arxiv:2699.00002', 'arxiv:2699.00003']);
  });

  test('every term of a word must be found; accents and case are folded', () => {
    const scan = new SnapshotScan(
      ['a', 'b', 'c'],
      [0, 1, 2, 3, 4].map((f) =>
        scanColumn(
          [
            ['KV-Cache compression', 'Jürgen Jäger'],
            ['Cache replacement', 'Ja\u0308ger'],
            ['KV stores', ''],
          ].map((r) => r[f] ?? ''),
        ),
      ),
    );
    expect(scan.scan('kv-cache', true).map((h) => h.id)).toEqual(['a']);
    expect(
      scan
        .scan('jager', true)
        .map((h) => h.id)
        .sort(),
    ).toEqual(['a', 'b']);
    expect(
      scan
        .scan('JÄGER', false)
        .map((h) => h.id)
        .sort(),
    ).toEqual(['a', 'b']);
    // A match never runs into the next paper's text.
    expect(scan.scan('compressioncache', true)).toEqual([]);
  });

  test('a write during the load drops the columns (they do not hold it): the per-paper scan finds it', () => {
    const { search, scan } = coldSearch();
    const fresh: PaperRecord = { ...records[0], id: 'arxiv:2699.00009', aliases: ['arxiv:2699.00009'], title: 'Quokka diffusion' };
    const spy = vi.spyOn(scan, 'scan');
    expect(search.search('quokka').total).toBe(0);
    expect(spy).toHaveBeenCalledTimes(1);
    search.set(fresh, ['quokka']);
    const after = search.search('quokka');
    expect(after.provisional).toBe(true);
    expect(after.hits.map((h) => h.id)).toEqual(['arxiv:2699.00009']);
    expect(spy).toHaveBeenCalledTimes(1);
  });
});
