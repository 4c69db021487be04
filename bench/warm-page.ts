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
import { annotationTimes } from './lib/extension';
import { loadCorpus, withNotes } from './lib/corpus';
import { median } from './lib/metrics';
import { replicate } from './lib/scale';

type Visit = Awaited<ReturnType<typeof annotationTimes>>;

const visitTimes = (page: Page): Promise<Visit> => annotationTimes(page, 60_000, { oldBuilds: true });

export async function measureWarmPages(size: number, builds: string[], runs = 15): Promise<Array<{ build: string } & Visit>> {
  const corpus = loadCorpus();
  const library = size > 10_000 ? withNotes(replicate(corpus, size)) : corpus.slice(0, size);
  const setups: Array<{ build: string; gloss: Gloss; page: Page; visits: Visit[] }> = [];
  try {
    for (const build of builds) {
      const gloss = await launch({ extension: build });
      // Kept before the import, so a failure still closes this browser.
      const setup = { build, gloss, page: await gloss.context.newPage(), visits: [] as Visit[] };
      setups.push(setup);
      gloss.serve('https://huggingface.co/papers', HF_DAILY);
      await fillLibrary(gloss, library);
      await setup.page.goto('https://huggingface.co/papers');
      await visitTimes(setup.page);
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
