/**
 * `npm run bench`: every figure of bench/README.md, each beside its baseline measured in the
 * same run, as one table; written to bench/RESULTS.md with the date and the machine. Not a test:
 * nothing here passes or fails on time. Needs a built extension (`npm run build`) and Chromium.
 */
// First: Dexie reads the global IndexedDB when it is first evaluated, and the Node sections
// (bench/zotero.ts) run on fake-indexeddb; imported later, Dexie found none ("MissingAPIError").
import 'fake-indexeddb/auto';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { measureAnnotation, type AnnotationFigures } from './annotate';
import { measureBundle } from './bundle';
import { measureIndex } from './index-figures';
import { asRecords } from './lib/extension';
import { loadCorpus, withNotes } from './lib/corpus';
import { median, time } from './lib/metrics';
import { buildIndex, measureRelated, splitCorpus } from './related-quality';
import { measureSearch } from './search';
import { measureChips } from './related-chips';
import { noteLines } from './note-related';
import { TfidfBaseline } from './lib/tfidf-baseline';
import { measureListing } from './listing';
import { measureColdSearch } from './cold-search';
import { measureLargeLibrary } from './large-library';
import { measureScale, scaleDraw } from './scale';
import { measureDateSplit } from './date-split';
import { measureZotero } from './zotero';

const ms = (x: number) => `${x < 10 ? x.toFixed(2) : x.toFixed(0)} ms`;
const ratio = (base: number, ours: number) => `${(base / ours).toFixed(1)}×`;
const rows: string[][] = [];
const row = (...cells: Array<string | number>) => {
  rows.push(cells.map(String));
  console.log(cells.join(' | '));
};

async function main() {
  const started = Date.now();
  const all = loadCorpus();
  const sizes = [1000, 10_000];
  console.log(`corpus: ${all.length} papers; sizes ${sizes.join(', ')}`);

  // 1. Page annotation in Chromium.
  const baseline = await measureAnnotation([]);
  const annotations: AnnotationFigures[] = [];
  for (const size of sizes) annotations.push(await measureAnnotation(withNotes(all.slice(0, size)), 9, { popup: true }));
  for (const a of annotations) {
    row(`annotate HF daily (31 papers), warm, all marks + related`, a.size, ms(a.warmComplete), `empty library ${ms(baseline.warmComplete)}`, '≤ 100 ms');
    row(`annotate, cold worker: first marks (saved state)`, a.size, ms(a.coldFirst), `empty library ${ms(baseline.coldFirst)}`, '≤ 300 ms');
    row(`annotate, cold worker: related filled`, a.size, ms(a.coldComplete), `empty library ${ms(baseline.coldComplete)}`, '≤ 1000 ms');
    row(
      `annotate, cold worker stopped right after a note was written: related filled (no current snapshot)`,
      a.size,
      ms(a.coldAfterWriteComplete),
      `empty library ${ms(baseline.coldComplete)}`,
      '≤ 1000 ms',
    );
    row(
      `service-worker JS heap after annotating (the related index's typed arrays are below)`,
      a.size,
      `${a.heapMb.toFixed(1)} MB`,
      `empty library ${baseline.heapMb.toFixed(1)} MB`,
      '≤ 60 MB',
    );
    row(`popup search, typing to results, first after a worker stop`, a.size, ms(a.popupCold!), `index built ${ms(a.popupWarm!)}`, '');
    row(
      `service-worker JS heap with the search index built too (popup search, then a page)`,
      a.size,
      `${a.popupHeapMb!.toFixed(1)} MB`,
      `after annotating ${a.heapMb.toFixed(1)} MB`,
      '',
    );
    const p = a.panel!;
    row(`panel: click on a row's pencil to the paper shown (first open on the page; later opens)`, a.size, ms(p.firstOpen), `later opens ${ms(p.reopen)}`, '');
    row(`panel: click to its related papers shown`, a.size, ms(p.related), '', '');
    row(
      `panel frame JS heap (the one frame a page gets; no per-row frames)`,
      a.size,
      `${p.frameHeapMb.toFixed(1)} MB`,
      'a frame per row: ~1.8 MB each (docs/ARCHITECTURE.md)',
      '',
    );
  }

  // 2. Search keystrokes.
  for (const size of sizes) {
    const s = measureSearch(asRecords(withNotes(all.slice(0, size))));
    row(
      `search keystroke (${s.keystrokes} prefixes of titles and notes), median`,
      size,
      `${ms(s.glossMs)} (p95 ${ms(s.glossP95)})`,
      `linear scan ${ms(s.scanMs)} → ${ratio(s.scanMs, s.glossMs)}`,
      '≤ 10 ms, ≥ 20×',
    );
    row(`search index build, in the background after a cold start (a scan answers meanwhile)`, size, ms(s.buildMs), '', '');
  }

  // 3. Related papers: a 50-entry page, and quality.
  for (const size of [1000, all.length - 400]) {
    const r = measureRelated(all, size, 400);
    const { library, queries } = splitCorpus(all, size, 50, 99);
    const index = buildIndex(library);
    const base = new TfidfBaseline(library);
    const pageOurs: number[] = [];
    const pageBase: number[] = [];
    for (let i = 0; i < 5; i++) {
      pageOurs.push(time(() => queries.map((q) => index.related(q, { k: 3 })))[1]);
      pageBase.push(time(() => queries.map((q) => base.related(q, 3)))[1]);
    }
    row(
      `related for a 50-entry page`,
      size,
      ms(median(pageOurs)),
      `TF-IDF cosine ${ms(median(pageBase))} → ${ratio(median(pageBase), median(pageOurs))}`,
      '≥ 10×',
    );
    const signed = (x: number) => `${x < 0 ? '−' : '+'}${Math.abs(x).toFixed(3)}`;
    row(
      `related quality, nDCG@10 (same primary category, ${r.queries} queries)`,
      size,
      r.glossNdcg.toFixed(3),
      `TF-IDF cosine ${r.baselineNdcg.toFixed(3)}; paired difference ${signed(r.ndcgDiff)} ± ${r.ndcgDiffCi.toFixed(3)} (95%)`,
      '≥ baseline',
    );
    row(`related quality, precision@5`, size, r.glossP5.toFixed(3), `TF-IDF cosine ${r.baselineP5.toFixed(3)}`, '');
  }

  // 4. Index.
  for (const size of sizes) {
    const f = measureIndex(withNotes(all.slice(0, size)));
    row(`related index: rebuild from papers`, size, ms(f.rebuildMs), '', '');
    row(
      `related index: load from stored vectors (cold worker after a change)`,
      size,
      ms(f.loadMs),
      `rebuild ${ms(f.rebuildMs)} → ${ratio(f.rebuildMs, f.loadMs)}`,
      '',
    );
    row(
      `related index: load from its snapshot (cold worker, nothing changed)`,
      size,
      `${ms(f.snapshotLoadMs)}, ${(f.snapshotBytes / 1024 / 1024).toFixed(1)} MB`,
      `from vectors ${ms(f.loadMs)} → ${ratio(f.loadMs, f.snapshotLoadMs)}`,
      '',
    );
    row(`related index: typed arrays held in memory (outside the JS heap figures above)`, size, `${(f.typedArrayBytes / 1024 / 1024).toFixed(1)} MB`, '', '');
    row(
      `related index: stored size (term and topic vectors)`,
      size,
      `${(f.storedBytes / 1024 / 1024).toFixed(1)} MB`,
      `topics ${(f.topicBytes / 1024 / 1024).toFixed(1)} MB of it`,
      '',
    );
    if (size === sizes[0]) row(`topic model: parse (once per worker start)`, '', ms(f.modelParseMs), '', '');
  }

  // 5. Bundle and pages Gloss does not support.
  const b = await measureBundle();
  row('content script, gzip', '', `${(b.contentGzip / 1024).toFixed(1)} KB`, 'PaperMemory injects ~480 KB', '≤ 40 KB');
  row('popup scripts, gzip', '', `${(b.popupGzip / 1024).toFixed(1)} KB`, '', '');
  row('service-worker script (parsed on every cold start)', '', `${(b.backgroundBytes / 1024).toFixed(0)} KB`, 'with the import readers bundled: 790 KB', '');
  row(
    'topic model (fetched by the worker when "related" first loads)',
    '',
    `${(b.topicModelBytes / 1024).toFixed(0)} KB (gzip ${(b.topicModelGzip / 1024).toFixed(0)} KB)`,
    '',
    '',
  );
  row('extension script contexts on an unsupported page', '', b.unsupportedContexts, `on arXiv: ${b.supportedContexts}`, 'none');

  const chips = measureChips(all).join('\n');
  const notes = noteLines(all).join('\n');
  // 6. Issue 18: a 2,000-row listing, the cold first search, 50,000 papers, quality split by date.
  const l = await measureListing();
  row(
    `2,000-row arXiv listing: marks in view (saved state; related filled)`,
    l.library,
    `${ms(l.first)} (${ms(l.complete)})`,
    `every row read (in slices, beside the first answers) after ${ms(l.recognized)}`,
    '≤ 300 ms',
  );
  row(`2,000-row listing: jump to the last row → its mark answered`, l.library, ms(l.jump), '', '≤ 1000 ms');
  row(`2,000-row listing: every row answered, scrolled through one screen per frame`, l.library, ms(l.allRows), '', '');
  const lt = (t: typeof l.longTasks) => `${t.count} (longest ${ms(t.max)}, total ${ms(t.total)})`;
  row(
    `2,000-row listing: long tasks > 50 ms on the page's thread per visit`,
    l.library,
    lt(l.longTasks),
    `same page without Gloss ${lt(l.baselineLongTasks)}`,
    'none from Gloss',
  );
  row(
    `2,000-row listing: of those, in frames where Gloss changed the page (LoAF + the page's MutationObserver)`,
    l.library,
    lt(l.glossLongTasks),
    `marks drawn in view ${ms(l.drawn)}, after the jump ${ms(l.jumpDrawn)}`,
    'none',
  );
  const c = await measureColdSearch();
  row(`popup search, first after a worker stop (search snapshot)`, c.size, ms(c.withSnapshot), `snapshot deleted ${ms(c.withoutSnapshot)}`, '≤ 300 ms');
  const big = await measureLargeLibrary();
  for (const a of [big.base, big.large]) {
    row(`import through the library page (JSON backup)`, a.size, `${(a.importMs / 1000).toFixed(1)} s`, '', a === big.large ? '≤ 60 s' : '');
    row(`annotate HF daily, warm, all marks + related`, a.size, ms(a.warmComplete), '', a === big.large ? '≤ 100 ms' : '');
    row(
      `annotate, cold worker: first marks; related filled`,
      a.size,
      `${ms(a.coldFirst)}; ${ms(a.coldComplete)}`,
      '',
      a === big.large ? '≤ 300 ms; ≤ 1000 ms' : '',
    );
    row(`service-worker JS heap after annotating`, a.size, `${a.heapMb.toFixed(1)} MB`, '', '');
  }
  row(`popup search, first after a worker stop`, big.large.size, ms(big.large.popupCold!), `index built ${ms(big.large.popupWarm!)}`, '');
  row(
    `service-worker JS heap with both indexes (typed arrays: next rows)`,
    big.large.size,
    `${big.large.popupHeapMb!.toFixed(1)} MB`,
    '',
    '≤ 100 MB with typed arrays',
  );
  for (const size of [10_000, 50_000]) {
    const { library, page } = scaleDraw(all, size);
    const f = measureScale(library, page);
    row(
      `search keystroke in Node (${f.keystrokes} prefixes), median (p95)`,
      size,
      `${ms(f.searchMedian)} (${ms(f.searchP95)})`,
      `linear scan ${ms(f.scanMedian)}`,
      size > 10_000 ? '≤ 10 ms (≤ 30 ms)' : '',
    );
    row(`related for a 31-entry page in Node, warm index`, size, ms(f.relatedPageMs), `snapshot load ${ms(f.relatedSnapshotLoadMs)}`, '');
    row(
      `both indexes in Node: JS heap + typed arrays`,
      size,
      `${(f.heapMb + f.typedArrayMb).toFixed(0)} MB`,
      `typed arrays ${f.typedArrayMb.toFixed(1)} MB`,
      size > 10_000 ? '≤ 100 MB' : '',
    );
  }
  for (const seed of [11, 23]) {
    const d = measureDateSplit(all, 400, seed);
    const fitted = d.methods[0];
    const signed = (x: number) => `${x < 0 ? '−' : '+'}${Math.abs(x).toFixed(3)}`;
    row(
      `related quality split by date (model fitted on papers to ${d.cutoff.slice(0, 10)}; seed ${seed}), nDCG@10 / P@5`,
      d.library,
      `${fitted.ndcg.toFixed(3)} / ${fitted.p5.toFixed(3)}`,
      `TF-IDF ${d.tfidf.ndcg.toFixed(3)} / ${d.tfidf.p5.toFixed(3)}; difference ${signed(fitted.diff)} ± ${fitted.ci.toFixed(3)}`,
      '≥ baseline',
    );
  }

  // 7. Zotero: the first pull of a 10,000-item library and "in Zotero" for a page (bench/zotero.ts).
  const z = await measureZotero();
  row(
    'Zotero: first pull of the whole library (Node, local stand-in, fake-indexeddb)',
    z.items,
    `${(z.pullMs / 1000).toFixed(1)} s`,
    `${z.progressReports} progress reports`,
    '',
  );
  row(
    'Zotero: "in Zotero" for a 31-row page (mirror lookup, Node)',
    z.items,
    ms(z.mirrorLookupMs),
    `library lookup of the same rows ${ms(z.libraryLookupMs)}`,
    '',
  );

  const date = new Date().toISOString().slice(0, 10);
  const table = [
    '| measure | library | Gloss | baseline (same run) | target |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
  const text = `# Benchmark results\n\n${date}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, headless Chromium; medians of repeated runs. Produced by \`npm run bench\` in ${Math.round((Date.now() - started) / 1000)} s.\n\n${table}\n\n## Related chips\n\n${chips}\n\n## Notes and tags in related\n\n${notes}\n\nSee bench/README.md for what each figure measures and the design choices behind them.\n`;
  writeFileSync(join(import.meta.dirname, 'RESULTS.md'), text);
  console.log(`\nwritten to bench/RESULTS.md`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
