/**
 * A 2,000-row arXiv listing (what `/list/cs.LG/pastweek?show=2000` shows) against a 10k library,
 * in headless Chromium with the built extension. The page is built from the real captured arXiv
 * listing (tests/fixtures/pages/arxiv-list): its head and surrounding markup as captured, its 50
 * row templates repeated 40 times, each row given a corpus paper's id and title (authors stay
 * the template's). One row in five is a library paper; the others are copies of corpus papers
 * under new ids and perturbed titles (bench/lib/scale.ts), unknown to the library, as most of a
 * week's listing is.
 *
 * Figures (medians over visits; warm worker):
 * - marks in view: content-script start to the first batch answered (the rows on screen have
 *   their saved state); and with related counts filled in;
 * - every row: after those, the page jumps to its last row (End); time from the jump until that
 *   row has its state, and the time until all 2,000 rows have theirs once the page has been
 *   scrolled through one screen per frame;
 * - long tasks (> 50 ms) on the page's main thread, from a `longtask` PerformanceObserver the
 *   page registers before anything runs. Baseline: the same HTML served where Gloss does not run
 *   (https://example.org/, no content script), measured in the same browser and run.
 *   npx tsx bench/listing.ts [library size] [--extension=<another build>]   (default 10000; needs `npx wxt build`)
 * `--extension`: a baseline build (e.g. main's, built in a copy of its tree) measured the same way.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { inContentWorld } from '../tests/e2e/marks';
import { launch, ROOT } from '../tests/e2e/harness';
import type { MarkTimings } from '../components/content/page-marks';
import { fillLibrary } from './lib/extension';
import { loadCorpus, withNotes, type CorpusPaper } from './lib/corpus';
import { median } from './lib/metrics';
import { replicate } from './lib/scale';

export const LISTING_URL = 'https://arxiv.org/list/cs.LG/pastweek?skip=0&show=2000';
export const BASELINE_URL = 'https://example.org/list/cs.LG/pastweek?skip=0&show=2000';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function listingHtml(rows: CorpusPaper[]): string {
  const html = readFileSync(join(ROOT, 'tests/fixtures/pages/arxiv-list/arxiv_list_cs.CL_recent_2026-07-27.html'), 'utf8');
  const templates = [...html.matchAll(/<dt>[\s\S]*?<\/dd>/g)].map((m) => m[0]);
  const first = html.indexOf('<dt>');
  const last = html.lastIndexOf('</dd>') + '</dd>'.length;
  const body = rows.map((p, i) =>
    templates[i % templates.length]
      .replace(/\d{4}\.\d{5}/g, p.id)
      .replace(/\[\d+\]/, `[${i + 1}]`)
      .replace(/(<span class='descriptor'>Title:<\/span>)[\s\S]*?(<\/div>)/, `$1\n          ${escapeHtml(p.title)}\n        $2`),
  );
  // The capture has two <dl> sections (new, cross-lists); all rows go in one, as `show=2000` does.
  return html.slice(0, first) + body.join('\n') + html.slice(last).replace(/<dl id='articles'>[\s\S]*?<\/dl>/, '');
}

/** Registered in the page's own world before its first script: what a page can observe itself. */
const OBSERVE_LONG_TASKS = `
  window.__longTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]); })
    .observe({ type: 'longtask', buffered: true });`;

interface Visit {
  /** Content-script start to every row of the page recognized. */
  recognized: number;
  first: number;
  complete: number;
  /** After the jump to the last row: until it has its state. */
  jump: number;
  /** Until all rows have their state, scrolling through one screen per frame. */
  allRows: number;
  longTasks: number[];
}

export const timings = (page: Page) => inContentWorld<(MarkTimings & { answered?: number }) | null>(page, 'globalThis.glossTimings ?? null').catch(() => null);

export async function until<T>(read: () => Promise<T | undefined>, timeout = 60_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await read();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function visit(page: Page, rows: number): Promise<Visit> {
  await page.goto(LISTING_URL);
  const t = await until(async () => {
    const t = await timings(page);
    return t?.complete !== undefined ? t : undefined;
  });
  const answeredAt = async (want: (t: MarkTimings & { answered?: number }) => boolean, timeout?: number) =>
    until(async () => {
      const now = await timings(page);
      return now && want(now) ? now : undefined;
    }, timeout);
  const before = (await timings(page))!.answered ?? 0;
  const jumpStart = await page.evaluate(() => {
    window.scrollTo(0, document.documentElement.scrollHeight);
    return performance.now();
  });
  // The last row is answered once the count has grown past what the first screens asked.
  const afterJump = await answeredAt((now) => (now.answered ?? 0) > before && now.lastAnswer! > jumpStart);
  await page.evaluate(async () => {
    for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight) {
      window.scrollTo(0, y);
      await new Promise(requestAnimationFrame);
    }
  });
  const all = await answeredAt((now) => (now.answered ?? 0) >= rows, 120_000);
  await page.waitForTimeout(500);
  const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: Array<[number, number]> }).__longTasks.map(([, d]) => d));
  return {
    // Read once every row is answered: rows read in slices may finish after the first answer.
    recognized: all.recognized! - t.start,
    first: t.first! - t.start,
    complete: t.complete! - t.start,
    jump: afterJump.lastAnswer! - jumpStart,
    allRows: all.lastAnswer! - t.start,
    longTasks,
  };
}

async function baselineVisit(page: Page): Promise<number[]> {
  await page.goto(BASELINE_URL);
  await page.evaluate(async () => {
    for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight) {
      window.scrollTo(0, y);
      await new Promise(requestAnimationFrame);
    }
  });
  await page.waitForTimeout(500);
  return page.evaluate(() => (window as unknown as { __longTasks: Array<[number, number]> }).__longTasks.map(([, d]) => d));
}

export interface ListingFigures {
  rows: number;
  library: number;
  recognized: number;
  first: number;
  complete: number;
  jump: number;
  allRows: number;
  /** Per visit: count of long tasks and the longest, with Gloss and without. */
  longTasks: { count: number; max: number; total: number };
  baselineLongTasks: { count: number; max: number; total: number };
}

const summarize = (visits: number[][]) => ({
  count: median(visits.map((v) => v.length)),
  max: median(visits.map((v) => Math.max(0, ...v))),
  total: median(visits.map((v) => v.reduce((a, x) => a + x, 0))),
});

/** The library of `size` corpus papers and an `n`-row listing, one row in five a library paper. */
export function listingCase(size: number, n: number) {
  const all = loadCorpus();
  const library = withNotes(all.slice(0, size));
  const unknown = replicate(all, all.length + n).slice(all.length);
  const rows = Array.from({ length: n }, (_, i) => (i % 5 === 0 ? library[(i * 37) % library.length] : unknown[i]));
  return { library, html: listingHtml(rows) };
}

export async function measureListing(size = 10_000, runs = 5, n = 2000, extension?: string): Promise<ListingFigures> {
  const { library, html } = listingCase(size, n);
  const gloss = await launch(extension ? { extension } : {});
  try {
    gloss.serve(LISTING_URL, html, { html: true });
    gloss.serve(BASELINE_URL, html, { html: true });
    await fillLibrary(gloss, library);
    const page = await gloss.context.newPage();
    await page.addInitScript(OBSERVE_LONG_TASKS);
    await visit(page, n); // loads the database and the related index once
    const visits: Visit[] = [];
    const base: number[][] = [];
    for (let i = 0; i < runs; i++) {
      visits.push(await visit(page, n));
      base.push(await baselineVisit(page));
    }
    return {
      rows: n,
      library: size,
      recognized: median(visits.map((v) => v.recognized)),
      first: median(visits.map((v) => v.first)),
      complete: median(visits.map((v) => v.complete)),
      jump: median(visits.map((v) => v.jump)),
      allRows: median(visits.map((v) => v.allRows)),
      longTasks: summarize(visits.map((v) => v.longTasks)),
      baselineLongTasks: summarize(base),
    };
  } finally {
    await gloss.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const size = Number(args.find((a) => /^\d+$/.test(a)) ?? 10_000);
  const extension = args.find((a) => a.startsWith('--extension='))?.slice('--extension='.length);
  measureListing(size, 5, 2000, extension).then(
    (f) => console.log(f),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
