/**
 * Page annotation in real headless Chromium with the built extension: the real HF daily page,
 * from content-script start to every mark mounted (first marks: saved state) and to related
 * results filled in (complete); warm worker and cold (stopped through the DevTools protocol).
 * The baseline is the same page with an empty library, measured in the same run.
 */
import { HF_DAILY, launch } from '../tests/e2e/harness';
import { annotationTimes, fillLibrary, stopWorker, workerHeap } from './lib/extension';
import { median } from './lib/metrics';
import { measurePopupSearch } from './popup-search';
import { SNAPSHOT_DELAY_MS } from '../lib/library/related-engine';
import type { CorpusPaper } from './lib/corpus';
import { measurePanel, type PanelFigures } from './panel';

export interface AnnotationFigures {
  size: number;
  warmFirst: number;
  warmComplete: number;
  coldFirst: number;
  coldComplete: number;
  /** Cold right after a note was written (the worker stopped before storing its snapshot). */
  coldAfterWriteComplete: number;
  heapMb: number;
  /** Importing the library through the library page (a JSON backup), file chosen to "Imported". */
  importMs: number;
  /** Popup search, typing to results: right after a worker stop, and with the index built. */
  popupCold?: number;
  popupWarm?: number;
  /** The worker's heap with the search index built as well. */
  popupHeapMb?: number;
  /** The private panel (bench/panel.ts). */
  panel?: PanelFigures;
}

/**
 * `importChunk`: import the library in files of this many papers (a backup of 50k papers with
 * abstracts is ~100 MB, over the import's 50 MB limit, lib/import/types.ts).
 */
export async function measureAnnotation(library: CorpusPaper[], runs = 9, { popup = false, importChunk = Infinity } = {}): Promise<AnnotationFigures> {
  const gloss = await launch();
  try {
    gloss.serve('https://huggingface.co/papers', HF_DAILY);
    const importStart = Date.now();
    for (let i = 0; i < library.length; i += importChunk) await fillLibrary(gloss, library.slice(i, i + importChunk));
    const importMs = Date.now() - importStart;
    const page = await gloss.context.newPage();
    const visit = async () => {
      await page.goto('https://huggingface.co/papers');
      return annotationTimes(page);
    };
    await visit(); // loads the database and the index once
    const warm: Array<{ first: number; complete: number }> = [];
    for (let i = 0; i < runs; i++) warm.push(await visit());
    const heap = await workerHeap(page);
    // A worker lives at least ~30 s after its last event; by then it has stored the related
    // snapshot (SNAPSHOT_DELAY_MS after the index last changed). Give it that time once.
    await page.waitForTimeout(SNAPSHOT_DELAY_MS + 1000);
    const cold: Array<{ first: number; complete: number }> = [];
    for (let i = 0; i < runs; i++) {
      await stopWorker(page);
      cold.push(await visit());
    }
    // The slower path: a note written through the worker, which is stopped at once (no snapshot
    // for the new state yet), so the next start reads every stored vector.
    const afterWrite: number[] = [];
    for (let i = 0; library.length && i < Math.min(runs, 5); i++) {
      // Written from the popup, closed before the worker stops: an open popup would refresh on
      // the change and have the restarted worker build its search index meanwhile.
      const ext = await gloss.popup();
      await ext.evaluate(
        `chrome.runtime.sendMessage({ gloss: 1, method: 'setNote', args: { id: ${JSON.stringify(`arxiv:${library[i].id}`)}, note: 'bench note ${i}' } })`,
      );
      await ext.close();
      await stopWorker(page);
      afterWrite.push((await visit()).complete);
    }
    const search = popup ? await measurePopupSearch(gloss, page) : undefined;
    const panel = popup ? await measurePanel(page, 'https://huggingface.co/papers') : undefined;
    return {
      size: library.length,
      popupCold: search?.cold,
      popupWarm: search?.warm,
      popupHeapMb: search?.heapMb,
      panel,
      warmFirst: median(warm.map((t) => t.first)),
      warmComplete: median(warm.map((t) => t.complete)),
      coldFirst: median(cold.map((t) => t.first)),
      coldComplete: median(cold.map((t) => t.complete)),
      coldAfterWriteComplete: afterWrite.length ? median(afterWrite) : NaN,
      heapMb: heap / 1024 / 1024,
      importMs,
    };
  } finally {
    await gloss.close();
  }
}
