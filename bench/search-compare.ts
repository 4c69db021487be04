/**
 * The library search of this checkout beside another one's (`--against <dir>`, e.g. the main
 * checkout), on the same library and keystrokes in one process: the memory each index keeps,
 * where it goes by field (MiniSearch over one field at a time), keystroke median and p95 with
 * the share of it spent in garbage collection, the slowest keystrokes, and how many top-10s are
 * identical. For the search index at 50k papers (issue 18, bench/README.md).
 *   npx tsx bench/search-compare.ts --against <dir> [--fields] [sizes…]     (default: 10000)
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import MiniSearch from 'minisearch';
import type { PaperRecord } from '../lib/core/types';
import { indexKeywords, LibrarySearch } from '../lib/search/library-search';
import { RelatedIndex } from '../lib/search/related';
import { TermPostings } from '../lib/search/term-postings';
import { processTerm } from '../lib/search/tokenize';
import { asRecords } from '../tests/corpus';
import { loadCorpus, withNotes } from './lib/corpus';
import { median, time } from './lib/metrics';
import { replicate } from './lib/scale';
import { keystrokes } from './search';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

type Search = Pick<LibrarySearch, 'load' | 'search'>;
type SearchClass = new () => Search;

function heap() {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

/** Collects GC pauses (ms) from now on; `stop` waits for the entries still queued. */
function gcPauses() {
  let ms = 0;
  const obs = new PerformanceObserver((list) => list.getEntries().forEach((e) => (ms += e.duration)));
  obs.observe({ entryTypes: ['gc'] });
  return async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    obs.disconnect();
    return ms;
  };
}

/** Typos, phrases, filters, negation, OR: the kinds of query issue 17's tests cover, on real titles. */
function otherQueries(records: PaperRecord[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < 40; i++) {
    const p = records[(i * 7919) % records.length];
    const words = p.title
      .toLowerCase()
      .split(/\s+/)
      .filter((w) => /^[a-z]{5,}$/.test(w));
    if (words.length < 2) continue;
    const [a, b] = words;
    out.push(`${a.slice(0, 2)}${a[3]}${a[2]}${a.slice(4)}`, `${a} ${b}`, `${a} OR ${b}`, `${a} -${b}`, `${a.slice(0, -1)}x`);
    const author = p.authors[0]?.split(/\s+/).pop();
    if (author) out.push(`${author.toLowerCase()} ${a}`, `${a} -author:${author}`);
  }
  return out;
}

async function measure(Impl: SearchClass, records: PaperRecord[], keywords: (p: PaperRecord) => string[], keys: string[]) {
  const before = heap();
  const index = new Impl();
  const [, loadMs] = time(() => index.load(records, keywords));
  const mb = (heap() - before) / 2 ** 20;
  const times: number[] = [];
  let total = 0;
  const stop = gcPauses();
  const slow: Array<[string, number]> = [];
  for (let pass = 0; pass < 3; pass++)
    for (const k of keys) {
      const [, ms] = time(() => index.search(k, { limit: 50 }));
      times.push(ms);
      total += ms;
      if (pass === 2) slow.push([k, ms]);
    }
  const gcMs = await stop();
  const sorted = [...times].sort((a, b) => a - b);
  slow.sort((a, b) => b[1] - a[1]);
  return { index, mb, loadMs, median: median(times), p95: sorted[Math.floor(sorted.length * 0.95)], gcShare: gcMs / total, slowest: slow.slice(0, 8) };
}

/** Memory of MiniSearch over each field alone, as the old index held it. */
function byField(records: PaperRecord[], keywords: (p: PaperRecord) => string[]) {
  const texts: Record<string, (p: PaperRecord) => string> = {
    title: (p) => p.title,
    authors: (p) => p.authors.join(' '),
    keywords: (p) => indexKeywords(p, keywords(p)).join(' '),
    note: (p) => p.note,
    tags: (p) => p.tags.join(' '),
  };
  for (const [field, text] of Object.entries(texts)) {
    const before = heap();
    const ms = new MiniSearch<{ id: string; t: string }>({ fields: ['t'], storeFields: [], processTerm });
    ms.addAll(records.map((p) => ({ id: p.id, t: text(p) })));
    const mb = (heap() - before) / 2 ** 20;
    let postings = 0;
    let terms = 0;
    for (const [, data] of (ms as unknown as { _index: Iterable<[string, Map<number, Map<number, number>>]> })._index) {
      terms++;
      for (const docs of data.values()) postings += docs.size;
    }
    console.log(
      `  MiniSearch over ${field} alone: ${mb.toFixed(1)} MB, ${terms} terms, ${postings} postings (${((mb * 2 ** 20) / postings).toFixed(0)} B a posting)`,
    );
  }
}

/** This checkout's authors and keywords outside MiniSearch: their memory alone. */
function postingsAlone(records: PaperRecord[], keywords: (p: PaperRecord) => string[]) {
  const before = heap();
  const t = new TermPostings(['authors', 'keywords'], processTerm);
  for (const p of records) t.add(p.id, [p.authors.join(' '), indexKeywords(p, keywords(p)).join(' ')]);
  t.compact();
  const mb = (heap() - before) / 2 ** 20;
  console.log(`  authors and keywords as TermPostings alone: ${mb.toFixed(1)} MB (${t.documentCount} papers)`);
}

async function main() {
  const args = process.argv.slice(2);
  const at = args.indexOf('--against');
  if (at < 0) throw new Error('--against <dir> is needed: the checkout to compare with');
  const dir = args[at + 1];
  const Against = (await import(`${dir}/lib/search/library-search.ts`)).LibrarySearch as SearchClass;
  const fields = args.includes('--fields');
  const sizes = args.filter((a, i) => i !== at + 1 && /^\d+$/.test(a)).map(Number);
  const all = loadCorpus();
  for (const size of sizes.length ? sizes : [10_000]) {
    const records = asRecords(withNotes(replicate(all, size)));
    const related = new RelatedIndex();
    const vectors = new Map(records.map((p) => [p.id, related.vectorFor(p).map(([t]) => t)]));
    const keywords = (p: PaperRecord) => vectors.get(p.id)!;
    const keys = keystrokes(records);
    const queries = [...keys, ...otherQueries(records)];
    console.log(`${size} papers, ${keys.length} keystrokes, ${queries.length - keys.length} other queries`);
    if (fields) {
      byField(records, keywords);
      postingsAlone(records, keywords);
    }
    const results: Record<string, Awaited<ReturnType<typeof measure>>> = {};
    // Each index built, measured and let go before the next: one's garbage is not the other's.
    for (const [name, Impl] of [
      ['against', Against],
      ['this', LibrarySearch as SearchClass],
    ] as const) {
      const r = await measure(Impl, records, keywords, keys);
      results[name] = r;
      console.log(
        `  ${name}: index ${r.mb.toFixed(1)} MB (heap + typed arrays), load ${r.loadMs.toFixed(0)} ms; keystroke median ${r.median.toFixed(2)} ms, p95 ${r.p95.toFixed(2)} ms, GC ${(100 * r.gcShare).toFixed(0)}% of keystroke time`,
      );
      console.log(`    slowest: ${r.slowest.map(([k, ms]) => `"${k}" ${ms.toFixed(1)}`).join(', ')}`);
    }
    let same = 0;
    let sameSet = 0;
    let compared = 0;
    const differ: string[] = [];
    for (const q of queries) {
      const a = results.against.index.search(q, { limit: 10 }).hits.map((h) => h.id);
      const b = results.this.index.search(q, { limit: 10 }).hits.map((h) => h.id);
      compared++;
      if (a.join() === b.join()) same++;
      else if (differ.length < 10) differ.push(q);
      if ([...a].sort().join() === [...b].sort().join()) sameSet++;
    }
    console.log(`  top 10 identical (order too): ${same}/${compared}; same ten in any order: ${sameSet}/${compared}`);
    if (differ.length) console.log(`    differ: ${differ.map((q) => `"${q}"`).join(', ')}`);
  }
}

void main();
