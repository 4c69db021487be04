/**
 * Cold first search at 10k papers: the popup opened on a stopped worker, from typing a word to
 * its results on screen (bench/popup-search.ts), with the search snapshot in place (what a cold
 * worker normally finds, lib/library/search-snapshot.ts) and, as the baseline in the same run and
 * browser, with it deleted before each stop (the worker then reads every paper and vector, as
 * before the snapshot existed). Medians of 7 words each.
 *
 * What it models: a person opens the popup, goes to Library and types a word as soon as the popup
 * has loaded (the word is filled in at once, one input event, right after the tab click). That is
 * the least head start a warm-up begun when the popup opens can get; a person needs longer to
 * start typing. Timed from the typing to the count of the word's results on screen (`first`:
 * the scan's answer while the index loads, or the index's) and to the index's own answer
 * (`ranked`), with the steps between (the popup's and the worker's marks:
 * components/popup/timings.ts, lib/library/search-timings.ts), all medians.
 *
 *   npx tsx bench/cold-search.ts [library size] [--against <built extension dir>]
 *   (default 10000; needs `npx wxt build`; --against measures another build, e.g. main's, in the same run)
 */
import type { Page } from 'playwright-core';
import { DB_NAME } from '../lib/db/schema';
import { SEARCH_SNAPSHOT_KEY } from '../lib/library/search-snapshot';
import type { PopupTimings } from '../components/popup/timings';
import { HF_DAILY, launch, type Gloss } from '../tests/e2e/harness';
import { annotationTimes, fillLibrary, libraryTotal, stopWorker } from './lib/extension';
import { loadCorpus, withNotes } from './lib/corpus';
import { median } from './lib/metrics';

const WORDS = ['diffusion', 'reinforcement', 'retrieval', 'quantization', 'speculative', 'segmentation', 'alignment'];

/** The service worker's search steps (lib/library/search-timings.ts), through the DevTools protocol. */
async function workerTimings(page: Page): Promise<Record<string, number>> {
  const cdp = await page.context().newCDPSession(page);
  type Target = { type: string; targetId: string };
  const { targetInfos } = (await cdp.send('Target.getTargets' as never)) as { targetInfos: Target[] };
  const target = targetInfos.find((t) => t.type === 'service_worker');
  if (!target) return {};
  const { sessionId } = (await cdp.send('Target.attachToTarget' as never, { targetId: target.targetId, flatten: false } as never)) as { sessionId: string };
  const answer = new Promise<Record<string, number>>((resolve) =>
    cdp.on(
      'Target.receivedMessageFromTarget' as never,
      ((e: { message: string }) => {
        const m = JSON.parse(e.message);
        if (m.id === 1) resolve(m.result?.result?.value ?? {});
      }) as never,
    ),
  );
  const expression = 'JSON.parse(JSON.stringify(globalThis.glossSearchTimings ?? {}))';
  await cdp.send(
    'Target.sendMessageToTarget' as never,
    { sessionId, message: JSON.stringify({ id: 1, method: 'Runtime.evaluate', params: { expression, returnByValue: true } }) } as never,
  );
  const timings = await answer;
  await cdp.detach();
  return timings;
}

type Steps = Record<string, number>;

async function typeAndWait(popup: Page, word: string, total: number): Promise<{ first: number; ranked?: number; steps: Steps }> {
  const start = Date.now();
  await popup.getByRole('searchbox', { name: 'Search your library' }).fill(word);
  await popup.waitForFunction(
    (all) => {
      const text = document.querySelector('[role=status]')?.textContent ?? '';
      return /^\d+ papers?$/.test(text) && text !== `${all} papers`;
    },
    total,
    { timeout: 60_000, polling: 'raf' },
  );
  const first = Date.now() - start;
  // The index's answer: the popup asks again while answers are provisional (useLibrarySearch).
  const ranked = await popup
    .waitForFunction(
      (w) =>
        (globalThis as { glossPopupTimings?: PopupTimings }).glossPopupTimings?.searches.find((s) => s.query === w && s.answered && !s.provisional)?.answered,
      word,
      { timeout: 60_000, polling: 50 },
    )
    .then((h) => h.jsonValue() as Promise<number>)
    .catch(() => undefined);
  const t = await popup.evaluate(() => (globalThis as { glossPopupTimings?: PopupTimings }).glossPopupTimings);
  const steps: Steps = {};
  if (t) {
    const typed = t.searches.find((s) => s.query === word);
    Object.assign(steps, {
      'popup: script runs (from navigation)': t.script - t.origin,
      'popup: first render done': (t.rendered ?? NaN) - t.origin,
      'popup: typed (from navigation)': start - t.origin,
      'typed → word sent': (typed?.sent ?? NaN) - start,
      'word sent → first answer back': (typed?.answered ?? NaN) - (typed?.sent ?? NaN),
      'first answer back → on screen': start + first - (typed?.answered ?? NaN),
    });
    steps['popup origin'] = t.origin;
  }
  return { first, ranked: ranked === undefined ? undefined : ranked - start, steps };
}

/** Whether the stored snapshot exists; deletes it first when asked. */
async function snapshotStored(gloss: Gloss, remove: boolean): Promise<boolean> {
  // The options page: an extension page that does not get the search ready (the popup would).
  const ext = await gloss.context.newPage();
  await ext.goto(`chrome-extension://${gloss.extensionId}/options.html`);
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

const WORKER_STEPS: Array<[string, string, string]> = [
  ['worker: started (from popup navigation)', 'popup origin', 'origin'],
  ['worker: script ran to the library', 'origin', 'engine'],
  ['worker: first ask for the index', 'origin', 'asked'],
  ['worker: snapshot read', 'asked', 'snapshotRead'],
  ['worker: snapshot unpacked', 'snapshotRead', 'unpacked'],
  ['worker: first word answered (from ask)', 'asked', 'firstAnswer'],
  ['worker: stored index read (from ask)', 'asked', 'indexRead'],
  ['worker: index ready (from ask)', 'asked', 'indexed'],
];

export async function measureColdSearch(size = 10_000, extension?: string) {
  const library = withNotes(loadCorpus().slice(0, size));
  const gloss = await launch({ extension });
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
      const run = await typeAndWait(popup, popupWord, total);
      const w = await workerTimings(page);
      const all: Steps = { ...run.steps };
      for (const [label, from, to] of WORKER_STEPS) {
        const a = from === 'popup origin' ? run.steps['popup origin'] : w[from];
        all[label] = w[to] !== undefined && a !== undefined ? w[to] - a : NaN;
      }
      delete all['popup origin'];
      await popup.close();
      return { ...run, steps: all };
    };
    // Once, so the snapshot exists.
    await cold(WORDS[0], false);
    const fast: Awaited<ReturnType<typeof cold>>[] = [];
    const slow: Awaited<ReturnType<typeof cold>>[] = [];
    for (const word of WORDS) {
      fast.push(await cold(word, true));
      slow.push(await cold(word, false));
    }
    const medians = (runs: typeof fast) => {
      const out: Record<string, number> = {};
      for (const key of Object.keys(runs[0].steps)) {
        const xs = runs.map((r) => r.steps[key]).filter((x) => Number.isFinite(x));
        out[key] = xs.length ? Math.round(median(xs)) : NaN;
      }
      return out;
    };
    const ranked = (runs: typeof fast) => median(runs.map((r) => r.ranked ?? NaN).filter(Number.isFinite));
    return {
      size: library.length,
      extension: extension ?? 'this build',
      withSnapshot: median(fast.map((r) => r.first)),
      withSnapshotRanked: ranked(fast),
      withoutSnapshot: median(slow.map((r) => r.first)),
      withoutSnapshotRanked: ranked(slow),
      fast: fast.map((r) => r.first),
      slow: slow.map((r) => r.first),
      stepsWithSnapshot: medians(fast),
      stepsWithoutSnapshot: medians(slow),
    };
  } finally {
    await gloss.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--against');
  const against = at >= 0 ? args.splice(at, 2)[1] : undefined;
  const size = Number(args[0] ?? 10_000);
  (async () => {
    console.log(await measureColdSearch(size));
    if (against) console.log(await measureColdSearch(size, against));
  })().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
