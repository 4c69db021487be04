/**
 * Importing a large Gloss backup through the library page in headless Chromium with the built
 * extension: 10,000 and 50,000 papers (bench/lib/scale.ts: the corpus replicated, for speed only)
 * in one run, each one file. Reports the time from choosing the file to the preview, from
 * "Import" to "Imported", and whether the browser stays usable meanwhile: the HF daily page is
 * loaded again and again while the import writes, and the time to its first marks (a lookup
 * answered by the worker that is importing) is reported beside the same page's time once the
 * import is done.
 *   npx tsx bench/import-scale.ts [sizes…] [--baseline=<built extension dir>] [--baseline-sizes=10000,…]
 *   (default sizes 10000 50000; needs `npx wxt build`. With --baseline, the same sizes are run on
 *   that build first, e.g. the previous commit's `.output/chrome-mv3` copied aside.)
 */
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Worker } from 'playwright-core';
import { toBackup } from '../lib/export/backup';
import { HF_DAILY, launch } from '../tests/e2e/harness';
import { annotationTimes, asRecords } from './lib/extension';
import { loadCorpus, withNotes } from './lib/corpus';
import { median } from './lib/metrics';
import { replicate } from './lib/scale';

export interface ImportFigures {
  size: number;
  fileMb: number;
  /** File chosen → the preview (read, parsed, both dry runs). */
  previewMs: number;
  /** Of which: file chosen → "Checking" (the worker read and parsed it, the page got the items). */
  readMs: number;
  /** "Checking" → the last "Checking" line seen (the items staged to the background, ±250 ms). */
  stageMs: number;
  /** The service worker's own measures (lib/library/import-timing.ts): total ms and count per stage. */
  workerPreview: Record<string, { ms: number; n: number }>;
  workerWrite: Record<string, { ms: number; n: number }>;
  /** "Import" pressed → "Imported: …". */
  writeMs: number;
  /** First marks on the HF page while the import wrote, median and worst, and how many loads. */
  duringFirst: number;
  duringWorst: number;
  duringLoads: number;
  /** The same page once the import was done (median of 5). */
  afterFirst: number;
  /** The page's progress lines seen while writing (a sample). */
  progress: string[];
}

/** The service worker's `gloss:import …` measures so far (none on a build without them). */
async function workerTimings(worker: Worker): Promise<Record<string, { ms: number; n: number }>> {
  const entries = await worker
    .evaluate(() =>
      performance.getEntriesByType('measure').flatMap((m) => (m.name.startsWith('gloss:import ') ? [[m.name.slice(13), m.duration] as const] : [])),
    )
    .catch(() => [] as Array<readonly [string, number]>);
  const out: Record<string, { ms: number; n: number }> = {};
  for (const [name, ms] of entries) {
    const t = (out[name] ??= { ms: 0, n: 0 });
    t.ms += ms;
    t.n++;
  }
  for (const t of Object.values(out)) t.ms = Math.round(t.ms);
  return out;
}

async function firstMarks(page: Page): Promise<number> {
  await page.goto('https://huggingface.co/papers');
  return (await annotationTimes(page, 600_000)).first;
}

export async function measureImport(size: number, extension?: string): Promise<ImportFigures> {
  const papers = withNotes(replicate(loadCorpus(), size));
  const file = join(mkdtempSync(join(tmpdir(), 'gloss-import-')), 'library.json');
  writeFileSync(file, toBackup(asRecords(papers)));
  const gloss = await launch({ extension });
  try {
    gloss.serve('https://huggingface.co/papers', HF_DAILY);
    const probe = await gloss.context.newPage();
    await firstMarks(probe); // the worker awake, the page's scripts cached
    const lib = await gloss.context.newPage();
    await lib.goto(`chrome-extension://${gloss.extensionId}/library.html`);
    const start = Date.now();
    await lib.getByLabel(/^Import a file/).setInputFiles(file);
    const importButton = lib.getByRole('group', { name: 'Import preview' }).getByRole('button', { name: /^Import/ });
    let readAt = NaN;
    let stagedAt = NaN;
    let previewed = false;
    const watchPreview = (async () => {
      while (!previewed) {
        const line = await lib
          .locator('.import-panel [role=status]')
          .first()
          .textContent({ timeout: 250 })
          .catch(() => null);
        if (line?.startsWith('Checking')) {
          if (Number.isNaN(readAt)) readAt = Date.now() - start;
          stagedAt = Date.now() - start;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    await importButton.waitFor({ timeout: 900_000 });
    const previewMs = Date.now() - start;
    previewed = true;
    await watchPreview;
    const workerPreview = await workerTimings(gloss.worker);
    console.error(`[import-scale] ${size}: preview after ${previewMs} ms`);
    const writeStart = Date.now();
    await importButton.click();
    let done = false;
    const progress: string[] = [];
    const finished = lib
      .getByText(/^Imported: /)
      .waitFor({ timeout: 900_000 })
      .finally(() => (done = true));
    const sampler = (async () => {
      while (!done) {
        const line = await lib
          .locator('.import-panel [role=status]')
          .first()
          .textContent({ timeout: 1_000 })
          .catch(() => null);
        if (line && progress.at(-1) !== line) progress.push(line);
        await new Promise((r) => setTimeout(r, 250));
      }
    })();
    const during: number[] = [];
    while (!done) {
      const t = await firstMarks(probe);
      // A load that ended after the import did measures the import's end, not its middle.
      if (!done) during.push(t);
    }
    await finished;
    const writeMs = Date.now() - writeStart;
    const workerWrite = await workerTimings(gloss.worker);
    for (const [k, v] of Object.entries(workerPreview)) {
      const w = workerWrite[k];
      if (w) workerWrite[k] = { ms: Math.round(w.ms - v.ms), n: w.n - v.n };
      if (workerWrite[k]?.n === 0) delete workerWrite[k];
    }
    console.error(`[import-scale] ${size}: imported after ${writeMs} ms`);
    await sampler;
    const after: number[] = [];
    for (let i = 0; i < 5; i++) after.push(await firstMarks(probe));
    return {
      size,
      fileMb: statSync(file).size / 1024 / 1024,
      previewMs,
      readMs: readAt,
      stageMs: stagedAt - readAt,
      workerPreview,
      workerWrite,
      writeMs,
      duringFirst: during.length ? median(during) : NaN,
      duringWorst: during.length ? Math.max(...during) : NaN,
      duringLoads: during.length,
      afterFirst: median(after),
      progress: progress.length > 8 ? [...progress.slice(0, 4), '…', ...progress.slice(-3)] : progress,
    };
  } finally {
    await gloss.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const baseline = args.find((a) => a.startsWith('--baseline='))?.slice('--baseline='.length);
  const sizes = args.filter((a) => !a.startsWith('--')).map(Number);
  // A build from before this change refuses a 50k backup (over its 50 MB limit): its sizes apart.
  const baselineSizes = args
    .find((a) => a.startsWith('--baseline-sizes='))
    ?.slice('--baseline-sizes='.length)
    .split(',')
    .map(Number);
  void (async () => {
    for (const [label, ext] of [['current', undefined] as const, ...(baseline ? [['baseline', baseline] as const] : [])]) {
      for (const size of (ext && baselineSizes) || (sizes.length ? sizes : [10_000, 50_000])) {
        console.log(JSON.stringify({ build: label, ...(await measureImport(size, ext)) }));
      }
    }
  })().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
