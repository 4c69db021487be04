/**
 * What the service worker keeps with a large library, by owner (issue 18: ≤ 100 MB with both
 * indexes at 50k papers). The steps of bench/large-library.ts: the library imported as one
 * backup through the library page, a popup search, an HF page visit; then the worker's heap
 * (after GC) and a heap snapshot summed by constructor and by dominator (bench/lib/heap-snapshot.ts),
 * once right after the first search is answered and once after the search index is built.
 * Each build given is measured in turn in the same run (a baseline build beside the current one).
 *   npx tsx bench/worker-memory.ts [size] [extension dir…]   (default 50000 and .output/chrome-mv3)
 */
import { createWriteStream, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { EXTENSION, HF_DAILY, launch } from '../tests/e2e/harness';
import { annotationTimes, fillLibrary, searchUntilIndexed, workerHeap } from './lib/extension';
import { loadCorpus, withNotes } from './lib/corpus';
import { replicate } from './lib/scale';
import { readSnapshot, summarize, type HeapSummary } from './lib/heap-snapshot';

/** Saves the service worker's heap snapshot (DevTools format) to `file`. */
async function workerSnapshot(page: Page, file: string): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  type Target = { type: string; targetId: string };
  const { targetInfos } = (await cdp.send('Target.getTargets' as never)) as { targetInfos: Target[] };
  const target = targetInfos.find((t) => t.type === 'service_worker');
  if (!target) throw new Error('no service worker running');
  const { sessionId } = (await cdp.send('Target.attachToTarget' as never, { targetId: target.targetId, flatten: false } as never)) as { sessionId: string };
  const out = createWriteStream(file);
  const done = new Promise<void>((resolve, reject) =>
    cdp.on(
      'Target.receivedMessageFromTarget' as never,
      ((e: { message: string }) => {
        const m = JSON.parse(e.message);
        if (m.method === 'HeapProfiler.addHeapSnapshotChunk') out.write(m.params.chunk);
        else if (m.id === 2) m.error ? reject(new Error(m.error.message)) : resolve();
      }) as never,
    ),
  );
  const send = (id: number, method: string, params = {}) =>
    cdp.send('Target.sendMessageToTarget' as never, { sessionId, message: JSON.stringify({ id, method, params }) } as never);
  await send(0, 'HeapProfiler.enable');
  await send(1, 'HeapProfiler.collectGarbage');
  await send(2, 'HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  await done;
  await new Promise((resolve) => out.end(resolve));
  await cdp.detach();
}

export interface WorkerMemory {
  build: string;
  size: number;
  /** Worker heap (V8 usedSize after GC) after the import and one page visit. */
  afterImportMb: number;
  /** After the first search was answered (the index may still be building) and a page visit. */
  afterSearchMb: number;
  /** Once the search index is built, after another page visit: both indexes loaded. */
  indexedMb: number;
  indexedAfterMs: number;
  snapshot?: HeapSummary;
}

export async function measureWorkerMemory(size: number, build = EXTENSION, { snapshot = true } = {}): Promise<WorkerMemory> {
  const library = withNotes(replicate(loadCorpus(), size));
  const gloss = await launch({ extension: build });
  try {
    gloss.serve('https://huggingface.co/papers', HF_DAILY);
    await fillLibrary(gloss, library);
    const page = await gloss.context.newPage();
    const visit = async () => {
      await page.goto('https://huggingface.co/papers');
      await annotationTimes(page, 120_000);
    };
    await visit();
    const afterImport = await workerHeap(page);
    const popup = await gloss.popup();
    await popup.evaluate(`chrome.runtime.sendMessage({ gloss: 1, method: 'search', args: { query: 'diffusion' } })`);
    await popup.close();
    await visit();
    const afterSearch = await workerHeap(page);
    const indexedAfterMs = await searchUntilIndexed(gloss, 600_000);
    await visit();
    const indexed = await workerHeap(page);
    let summary: HeapSummary | undefined;
    if (snapshot) {
      const file = join(mkdtempSync(join(tmpdir(), 'gloss-heap-')), 'worker.heapsnapshot');
      await workerSnapshot(page, file);
      console.error(`heap snapshot: ${file}`);
      summary = summarize(readSnapshot(file));
    }
    const MB = 1024 * 1024;
    return {
      build,
      size: library.length,
      afterImportMb: afterImport / MB,
      afterSearchMb: afterSearch / MB,
      indexedMb: indexed / MB,
      indexedAfterMs,
      snapshot: summary,
    };
  } finally {
    await gloss.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const size = Number(process.argv[2] ?? 50_000);
  const builds = process.argv.length > 3 ? process.argv.slice(3) : [EXTENSION];
  (async () => {
    for (const build of builds) {
      const m = await measureWorkerMemory(size, build);
      console.log(JSON.stringify(m, null, 1));
    }
  })().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
