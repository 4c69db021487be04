/**
 * The engines at 50,000 papers (bench/lib/scale.ts: the corpus replicated, for speed only), each
 * figure beside the same measure at 10,000 taken in the same run: search keystrokes, the related
 * index loaded from its snapshot and asked about a 31-entry page, and the memory both indexes
 * keep (JS heap plus typed arrays, after garbage collection). In Node, not in the worker: the
 * Chromium figures at 50k (marks, import) are in bench/listing.ts and bench/run.ts.
 *   npx tsx bench/scale.ts [sizes…]     (default: 10000 50000)
 */
import { setFlagsFromString } from 'node:v8';
import { deserialize, serialize } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { asRecords } from '../tests/corpus';
import { LibrarySearch, loadStoredIndex } from '../lib/search/library-search';
import { RelatedIndex } from '../lib/search/related';
import { loadTopicModel } from '../scripts/lib/load-topic-model';
import { loadCorpus, withNotes, type CorpusPaper } from './lib/corpus';
import { median, time } from './lib/metrics';
import { replicate } from './lib/scale';
import { keystrokes, linearScan } from './search';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export interface ScaleFigures {
  size: number;
  keystrokes: number;
  searchMedian: number;
  searchP95: number;
  scanMedian: number;
  searchLoadMs: number;
  relatedSnapshotLoadMs: number;
  /** Related for a 31-entry page (the HF daily page's size), warm. */
  relatedPageMs: number;
  heapMb: number;
  typedArrayMb: number;
  /** The search index's part of heapMb. */
  searchHeapMb: number;
  /** The search index's part of typedArrayMb (its author and keyword postings). */
  searchTypedArrayMb: number;
  /** The built search index as stored (lib/library/search-index-store.ts): its size, and the time to serialize and load it. */
  storedIndexMb: number;
  storeIndexMs: number;
  loadStoredIndexMs: number;
}

function memory() {
  gc();
  gc();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, buffers: m.arrayBuffers };
}

export function measureScale(library: CorpusPaper[], page: CorpusPaper[]): ScaleFigures {
  const papers = withNotes(library);
  const records = asRecords(papers);
  const model = loadTopicModel();
  // Vectors as saving computes them, one paper at a time; stored beside each paper.
  const builder = new RelatedIndex({}, model);
  const stored = papers.map((p) => ({ id: p.id, vector: builder.vectorFor(p), topic: builder.topicFor(p) }));
  for (const s of stored) builder.set(s.id, s.vector, s.topic);
  const snapshot = serialize(builder.snapshot());
  const keywords = new Map(records.map((r, i) => [r.id, stored[i].vector.map(([t]) => t)]));

  const before = memory();
  const loads: number[] = [];
  let related!: RelatedIndex;
  for (let i = 0; i < 3; i++) {
    related = new RelatedIndex({}, model);
    const snap = deserialize(snapshot);
    loads.push(time(() => related.loadSnapshot(snap))[1]);
  }
  const beforeSearch = memory();
  const search = new LibrarySearch();
  const [, searchLoadMs] = time(() => search.load(records, (p) => keywords.get(p.id)!));
  const after = memory();
  const [json, storeIndexMs] = time(() => search.toJSON()!);
  const [, loadStoredIndexMs] = time(() => loadStoredIndex(json));

  const pageTimes: number[] = [];
  for (let i = 0; i < 7; i++) pageTimes.push(time(() => page.map((q) => related.related(q, { k: 3 })))[1]);

  const keys = keystrokes(records);
  const ours: number[] = [];
  const scan: number[] = [];
  for (let pass = 0; pass < 3; pass++) {
    for (const k of keys) ours.push(time(() => search.search(k, { limit: 50 }))[1]);
    for (const k of keys.filter((_, i) => i % 4 === 0)) scan.push(time(() => linearScan(records, k))[1]);
  }
  const sorted = [...ours].sort((a, b) => a - b);
  return {
    size: library.length,
    keystrokes: keys.length,
    searchMedian: median(ours),
    searchP95: sorted[Math.floor(sorted.length * 0.95)],
    scanMedian: median(scan),
    searchLoadMs,
    relatedSnapshotLoadMs: median(loads),
    relatedPageMs: median(pageTimes),
    heapMb: (after.heap - before.heap) / 2 ** 20,
    typedArrayMb: (after.buffers - before.buffers) / 2 ** 20,
    searchHeapMb: (after.heap - beforeSearch.heap) / 2 ** 20,
    searchTypedArrayMb: (after.buffers - beforeSearch.buffers) / 2 ** 20,
    storedIndexMb: json.length / 2 ** 20,
    storeIndexMs,
    loadStoredIndexMs,
  };
}

/** The library at `size` and a 31-entry page of real papers outside it. */
export function scaleDraw(all: CorpusPaper[], size: number) {
  const real = all.slice(0, all.length - 31);
  return { library: replicate(real, size), page: all.slice(all.length - 31) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const all = loadCorpus();
  const sizes = process.argv.slice(2).map(Number);
  for (const size of sizes.length ? sizes : [10_000, 50_000]) {
    const { library, page } = scaleDraw(all, size);
    console.log(measureScale(library, page));
  }
}
