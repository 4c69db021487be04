/**
 * The warm HF daily visit (content-script start to every mark drawn and related filled, as
 * `annotate.ts` measures it) for several builds at once, their visits interleaved so that the
 * machine's load falls on all of them alike: the figure to compare two builds by on a busy machine.
 * Each build gets its own browser and the same library (imported as one backup); medians of RUNS
 * visits (default 15) after one warm-up visit. Builds from before the timings moved into the
 * content script's world (they left performance marks on the page) are read too.
 *   npx tsx bench/warm-page.ts <library size> <built extension dir>…
 *   (sizes above 10,000: the corpus replicated, as large-library.ts does)
 */
import type { Page } from 'playwright-core';
import { HF_DAILY, fillLibrary, launch, type Gloss } from '../tests/e2e/harness';
import { inContentWorld } from '../tests/e2e/marks';
import type { MarkTimings } from '../components/content/page-marks';
import { loadCorpus, withNotes } from './lib/corpus';
import { median } from './lib/metrics';
import { replicate } from './lib/scale';

interface Visit {
  recognized: number;
  first: number;
  complete: number;
}

async function visitTimes(page: Page): Promise<Visit> {
  for (let i = 0; i < 3000; i++) {
    const t = await inContentWorld<MarkTimings | null>(page, 'globalThis.glossTimings ?? null').catch(() => null);
    if (t?.complete !== undefined && t.first !== undefined)
      return { recognized: (t.recognized ?? NaN) - t.start, first: t.first - t.start, complete: t.complete - t.start };
    const marks = (await page.evaluate(`Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]))`)) as Record<string, number>;
    if (marks['gloss:complete'] !== undefined)
      return { recognized: NaN, first: marks['gloss:first-marks'] - marks['gloss:start'], complete: marks['gloss:complete'] - marks['gloss:start'] };
    await page.waitForTimeout(20);
  }
  throw new Error('marks never completed');
}

export async function measureWarmPages(size: number, builds: string[], runs = 15): Promise<Array<{ build: string } & Visit>> {
  const corpus = loadCorpus();
  const library = size > 10_000 ? withNotes(replicate(corpus, size)) : corpus.slice(0, size);
  const setups: Array<{ build: string; gloss: Gloss; page: Page; visits: Visit[] }> = [];
  try {
    for (const build of builds) {
      const gloss = await launch({ extension: build });
      setups.push({ build, gloss, page: undefined as unknown as Page, visits: [] });
      gloss.serve('https://huggingface.co/papers', HF_DAILY);
      await fillLibrary(gloss, library);
      const page = await gloss.context.newPage();
      setups[setups.length - 1].page = page;
      await page.goto('https://huggingface.co/papers');
      await visitTimes(page);
    }
    for (let i = 0; i < runs; i++)
      for (const s of setups) {
        await s.page.goto('https://huggingface.co/papers');
        s.visits.push(await visitTimes(s.page));
      }
    return setups.map((s) => ({
      build: s.build,
      recognized: median(s.visits.map((v) => v.recognized)),
      first: median(s.visits.map((v) => v.first)),
      complete: median(s.visits.map((v) => v.complete)),
    }));
  } finally {
    for (const s of setups) await s.gloss.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [size, ...builds] = process.argv.slice(2);
  if (!builds.length) throw new Error('usage: npx tsx bench/warm-page.ts <library size> <built extension dir>…');
  for (const r of await measureWarmPages(Number(size), builds, Number(process.env.RUNS ?? 15)))
    console.log(`${r.build}: recognized ${r.recognized.toFixed(0)} ms, first marks ${r.first.toFixed(0)} ms, all marks + related ${r.complete.toFixed(0)} ms`);
}
