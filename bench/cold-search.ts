/**
 * Cold first search at 10k papers: the popup opened on a stopped worker, from typing a word to
 * its results on screen (bench/popup-search.ts), with the search snapshot in place (what a cold
 * worker normally finds, lib/library/search-snapshot.ts) and, as the baseline in the same run and
 * browser, with it deleted before each stop (the worker then reads every paper and vector, as
 * before the snapshot existed). Medians of 7 words each.
 *   npx tsx bench/cold-search.ts [library size]   (default 10000; needs `npx wxt build`)
 */
import type { Page } from 'playwright-core';
import { DB_NAME } from '../lib/db/schema';
import { SEARCH_SNAPSHOT_KEY } from '../lib/library/search-snapshot';
import { HF_DAILY, launch, type Gloss } from '../tests/e2e/harness';
import { annotationTimes, fillLibrary, libraryTotal, stopWorker } from './lib/extension';
import { loadCorpus, withNotes } from './lib/corpus';
import { median } from './lib/metrics';

const WORDS = ['diffusion', 'reinforcement', 'retrieval', 'quantization', 'speculative', 'segmentation', 'alignment'];

async function typeAndWait(popup: Page, word: string, total: number): Promise<number> {
  const start = Date.now();
  await popup.getByRole('searchbox', { name: 'Search your library' }).fill(word);
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

/** Whether the stored snapshot exists; deletes it first when asked. */
async function snapshotStored(gloss: Gloss, remove: boolean): Promise<boolean> {
  const ext = await gloss.popup();
  const found = await ext.evaluate(
    ([name, key, remove]) =>
      new Promise<boolean>((resolve, reject) => {
        const open = indexedDB.open(name as string);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('derived', 'readwrite');
          const store = tx.objectStore('derived');
          const get = store.getKey(key as string);
          get.onsuccess = () => {
            const had = get.result !== undefined;
            if (remove) store.delete(key as string);
            tx.oncomplete = () => (open.result.close(), resolve(had));
          };
        };
      }),
    [DB_NAME, SEARCH_SNAPSHOT_KEY, remove] as const,
  );
  await ext.close();
  return found;
}

export async function measureColdSearch(size = 10_000) {
  const library = withNotes(loadCorpus().slice(0, size));
  const gloss = await launch();
  try {
    gloss.serve('https://huggingface.co/papers', HF_DAILY);
    await fillLibrary(gloss, library);
    const page = await gloss.context.newPage();
    await page.goto('https://huggingface.co/papers');
    await annotationTimes(page);
    const total = await libraryTotal(gloss);
    const cold = async (popupWord: string, withSnapshot: boolean) => {
      if (withSnapshot) {
        // The first search after the import builds the index and stores the snapshot.
        for (let i = 0; i < 100 && !(await snapshotStored(gloss, false)); i++) await page.waitForTimeout(200);
      } else await snapshotStored(gloss, true);
      await stopWorker(page);
      const popup = await gloss.popup();
      await popup.getByRole('tab', { name: 'Library' }).click();
      const ms = await typeAndWait(popup, popupWord, total);
      await popup.close();
      return ms;
    };
    // Once, so the snapshot exists.
    await cold(WORDS[0], false);
    const fast: number[] = [];
    const slow: number[] = [];
    for (const word of WORDS) {
      fast.push(await cold(word, true));
      slow.push(await cold(word, false));
    }
    return { size: library.length, withSnapshot: median(fast), withoutSnapshot: median(slow), fast, slow };
  } finally {
    await gloss.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  measureColdSearch(Number(process.argv[2] ?? 10_000)).then(
    (f) => console.log(f),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
