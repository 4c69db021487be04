/**
 * The popup's library search in Chromium, from typing a query to its results on screen: right
 * after the worker was stopped (it must read the library and starts building its index) and
 * with the index built. Runs inside an annotation session, whose library is already filled.
 */
import type { Page } from 'playwright-core';
import type { Gloss } from '../tests/e2e/harness';
import { annotationTimes, libraryTotal, searchUntilIndexed, stopWorker, workerHeap } from './lib/extension';
import { median } from './lib/metrics';

const WORDS = ['diffusion', 'reinforcement', 'retrieval', 'quantization', 'speculative', 'segmentation', 'alignment'];

async function typeAndWait(popup: Page, word: string, total: number): Promise<number> {
  const start = Date.now();
  await popup.getByRole('searchbox', { name: 'Search your library' }).fill(word);
  // The popup first lists the whole library (the empty query); the word's answer replaces it.
  await popup.waitForFunction(
    (all) => {
      const text = document.querySelector('[role=status]')?.textContent ?? '';
      return /^\d+ papers?$/.test(text) && text !== `${all} papers`;
    },
    total,
    { timeout: 60_000 },
  );
  return Date.now() - start;
}

export async function measurePopupSearch(gloss: Gloss, page: Page): Promise<{ cold: number; warm: number; heapMb: number }> {
  const total = await libraryTotal(gloss);
  const cold: number[] = [];
  for (const word of WORDS) {
    await stopWorker(page);
    const popup = await gloss.popup();
    await popup.getByRole('tab', { name: 'Library' }).click();
    cold.push(await typeAndWait(popup, word, total));
    await popup.close();
  }
  const popup = await gloss.popup();
  await popup.getByRole('tab', { name: 'Library' }).click();
  await popup.getByRole('searchbox', { name: 'Search your library' }).fill('warm up');
  // Until the index is built: at 50k a build takes minutes, and a heap read mid-build counts the
  // build's inputs as if the worker kept them (bench/worker-memory.ts).
  await searchUntilIndexed(gloss, 600_000);
  const warm: number[] = [];
  for (const word of WORDS) {
    await popup.getByRole('searchbox', { name: 'Search your library' }).fill('');
    await popup
      .getByRole('status')
      .filter({ hasText: `${total} papers` })
      .waitFor();
    warm.push(await typeAndWait(popup, word, total));
  }
  // The worst case: the search index and, after a page visit, the related index both loaded.
  await page.goto('https://huggingface.co/papers');
  await annotationTimes(page);
  const heap = await workerHeap(page);
  await popup.close();
  return { cold: median(cold), warm: median(warm), heapMb: heap / 1024 / 1024 };
}
