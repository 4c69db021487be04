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
import type { CorpusPaper } from './lib/corpus';

export interface AnnotationFigures {
  size: number;
  warmFirst: number;
  warmComplete: number;
  coldFirst: number;
  coldComplete: number;
  heapMb: number;
  /** Popup search, typing to results: right after a worker stop, and with the index built. */
  popupCold?: number;
  popupWarm?: number;
  /** The worker's heap with the search index built as well. */
  popupHeapMb?: number;
}

export async function measureAnnotation(library: CorpusPaper[], runs = 9, { popup = false } = {}): Promise<AnnotationFigures> {
  const gloss = await launch();
  try {
    gloss.serve('https://huggingface.co/papers', HF_DAILY);
    await fillLibrary(gloss, library);
    const page = await gloss.context.newPage();
    const visit = async () => {
      await page.goto('https://huggingface.co/papers');
      return annotationTimes(page);
    };
    await visit(); // loads the database and the index once
    const warm: Array<{ first: number; complete: number }> = [];
    for (let i = 0; i < runs; i++) warm.push(await visit());
    const heap = await workerHeap(page);
    const cold: Array<{ first: number; complete: number }> = [];
    for (let i = 0; i < runs; i++) {
      await stopWorker(page);
      cold.push(await visit());
    }
    const search = popup ? await measurePopupSearch(gloss, page, library.length) : undefined;
    return {
      size: library.length,
      popupCold: search?.cold,
      popupWarm: search?.warm,
      popupHeapMb: search?.heapMb,
      warmFirst: median(warm.map((t) => t.first)),
      warmComplete: median(warm.map((t) => t.complete)),
      coldFirst: median(cold.map((t) => t.first)),
      coldComplete: median(cold.map((t) => t.complete)),
      heapMb: heap / 1024 / 1024,
    };
  } finally {
    await gloss.close();
  }
}
