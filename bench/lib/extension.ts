/** Driving the built extension for benchmarks: its library and worker (tests/e2e/harness.ts), its heap. */
import type { Page } from 'playwright-core';
import type { Gloss } from '../../tests/e2e/harness';
import { asRecords } from '../../tests/corpus';
import { inContentWorld } from '../../tests/e2e/marks';
import type { MarkTimings } from '../../components/content/page-marks';

export { fillLibrary, stopWorker } from '../../tests/e2e/harness';
export { asRecords };

/** The service worker's V8 heap in bytes, through the DevTools protocol. */
export function workerHeap(page: Page): Promise<number> {
  return targetHeap(page, (t) => t.type === 'service_worker', 'no service worker running');
}

/** The V8 heap in bytes of the first DevTools target `which` picks (a worker, a frame), after GC. */
export async function targetHeap(page: Page, which: (t: { type: string; url: string }) => boolean, missing: string): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  type Target = { type: string; url: string; targetId: string };
  const { targetInfos } = (await cdp.send('Target.getTargets' as never)) as { targetInfos: Target[] };
  const target = targetInfos.find(which);
  if (!target) throw new Error(missing);
  const { sessionId } = (await cdp.send('Target.attachToTarget' as never, { targetId: target.targetId, flatten: false } as never)) as { sessionId: string };
  const answer = new Promise<number>((resolve) =>
    cdp.on(
      'Target.receivedMessageFromTarget' as never,
      ((e: { message: string }) => {
        const m = JSON.parse(e.message);
        // usedSize leaves out typed arrays' contents; backingStorageSize would add them but also
        // every not-yet-released buffer (it read 277 MB after a search index build), so the index's
        // own typed arrays are reported beside this figure (index-figures.ts).
        if (m.id === 1) resolve(m.result.usedSize);
      }) as never,
    ),
  );
  // Collect garbage first: the figure is what the target keeps, not what it has not freed yet.
  await cdp.send('Target.sendMessageToTarget' as never, { sessionId, message: JSON.stringify({ id: 0, method: 'HeapProfiler.collectGarbage' }) } as never);
  await cdp.send('Target.sendMessageToTarget' as never, { sessionId, message: JSON.stringify({ id: 1, method: 'Runtime.getHeapUsage' }) } as never);
  const used = await answer;
  await cdp.detach();
  return used;
}

/**
 * Content-script timings (components/content/page-marks.tsx `MarkTimings`), read from the content script's
 * own world: Gloss leaves no performance marks where the page could see them. Builds from before
 * that left them on the page's timeline: `oldBuilds` reads those too (bench/warm-page.ts compares
 * against such builds); `recognized` is NaN for them.
 */
export async function annotationTimes(
  page: Page,
  timeout = 60_000,
  { oldBuilds = false } = {},
): Promise<{ recognized: number; first: number; complete: number }> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const t = await inContentWorld<MarkTimings | null>(page, 'globalThis.glossTimings ?? null').catch(() => null);
    if (t?.complete !== undefined && t.first !== undefined) {
      return { recognized: (t.recognized ?? NaN) - t.start, first: t.first - t.start, complete: t.complete - t.start };
    }
    if (oldBuilds) {
      const marks = (await page.evaluate(`Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]))`)) as Record<
        string,
        number
      >;
      if (marks['gloss:complete'] !== undefined)
        return { recognized: NaN, first: marks['gloss:first-marks'] - marks['gloss:start'], complete: marks['gloss:complete'] - marks['gloss:start'] };
    }
    if (Date.now() > deadline) throw new Error('marks never completed');
    await page.waitForTimeout(20);
  }
}

/**
 * How many papers the library holds, as the popup says: an import may link two corpus records
 * into one paper (a preprint and its published version share a title and an author), so the
 * count of records imported is not the library's count, and a bench that waits for the whole
 * library's "N papers" must ask for N.
 */
export async function libraryTotal(gloss: Gloss): Promise<number> {
  const popup = await gloss.popup();
  try {
    await popup.getByRole('tab', { name: 'Library' }).click();
    const status = popup.getByRole('status').filter({ hasText: /^\d+ papers?$/ });
    await status.waitFor({ timeout: 60_000 });
    return Number((await status.textContent())!.match(/^\d+/)![0]);
  } finally {
    await popup.close();
  }
}

/** Asks the worker to search until its answer comes from the built index, not the scan. */
export async function searchUntilIndexed(gloss: Gloss, timeoutMs: number): Promise<number> {
  const popup = await gloss.popup();
  const start = Date.now();
  try {
    for (;;) {
      const answer = (await popup.evaluate(`chrome.runtime.sendMessage({ gloss: 1, method: 'search', args: { query: 'diffusion' } })`)) as {
        ok: boolean;
        value?: { provisional?: boolean };
      };
      if (!answer.ok) throw new Error(`search failed: ${JSON.stringify(answer)}`);
      if (!answer.value?.provisional) return Date.now() - start;
      if (Date.now() - start > timeoutMs) throw new Error('the search index was not built in time');
      await popup.waitForTimeout(2000);
    }
  } finally {
    await popup.close();
  }
}
