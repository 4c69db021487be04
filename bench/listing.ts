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
import { readFileSync, writeFileSync } from 'node:fs';
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
    .observe({ type: 'longtask', buffered: true });
  window.__frames = [];
  try {
    new PerformanceObserver((list) => {
      for (const f of list.getEntries())
        window.__frames.push({
          start: f.startTime, duration: f.duration, blocking: f.blockingDuration, renderStart: f.renderStart,
          styleAndLayoutStart: f.styleAndLayoutStart,
          scripts: f.scripts.map((s) => ({ url: s.sourceURL, invoker: s.invoker, type: s.invokerType, start: s.startTime,
            duration: s.duration, forced: s.forcedStyleAndLayoutDuration, fn: s.sourceFunctionName, window: s.windowAttribution })),
        });
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {}
  // The page is static once parsed: any change of its DOM after that is Gloss's (its hosts), as the page itself sees it.
  window.__changes = [];
  document.addEventListener('DOMContentLoaded', () =>
    new MutationObserver(() => window.__changes.push(performance.now())).observe(document.body, { childList: true, subtree: true, attributes: true }));`;

/** A long animation frame as the page's observer saw it (times in ms on the page's clock). */
export interface Frame {
  start: number;
  duration: number;
  blocking: number;
  renderStart: number;
  styleAndLayoutStart: number;
  scripts: Array<{ url: string; invoker: string; type: string; start: number; duration: number; forced: number; fn: string; window: string }>;
}

const observed = (page: Page) =>
  page.evaluate(() => {
    const w = window as unknown as { __longTasks: Array<[number, number]>; __frames: Frame[]; __changes: number[] };
    return { longTasks: w.__longTasks, frames: w.__frames, changes: w.__changes };
  });

interface Visit {
  /** Content-script start to every row of the page recognized. */
  recognized: number;
  first: number;
  complete: number;
  /** After the jump to the last row: until it has its state. */
  jump: number;
  /** Until all rows have their state, scrolling through one screen per frame. */
  allRows: number;
  /** The same, until drawn (the host mounted), where the build reports it. */
  jumpDrawn: number;
  drawn: number;
  longTasks: Array<[number, number]>;
  frames: Frame[];
  changes: number[];
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
  // Marks in view drawn: the first hosts mounted, where the build reports it.
  const drawnFirst = t.mounted === undefined ? t : await answeredAt((now) => now.firstMount !== undefined, 10_000);
  const before = (await timings(page))!.answered ?? 0;
  const jumpStart = await page.evaluate(() => {
    window.scrollTo(0, document.documentElement.scrollHeight);
    return performance.now();
  });
  // The last row is answered once the count has grown past what the first screens asked.
  const afterJump = await answeredAt((now) => (now.answered ?? 0) > before && now.lastAnswer! > jumpStart);
  // And drawn: where the build says when it mounted hosts (main's mounts as the answer comes).
  const drawnAfterJump = afterJump.mounted === undefined ? afterJump : await answeredAt((now) => now.lastMount! > afterJump.lastAnswer!, 10_000);
  await page.evaluate(async () => {
    for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight) {
      window.scrollTo(0, y);
      await new Promise(requestAnimationFrame);
    }
  });
  const all = await answeredAt((now) => (now.answered ?? 0) >= rows, 120_000);
  // Builds that mount after the scroll pauses: until they stop mounting, so the frames of
  // those mounts are in the count too.
  if (all.mounted !== undefined) {
    let seen = -1;
    let since = Date.now();
    await until(async () => {
      const n = (await timings(page))?.mounted ?? 0;
      if (n !== seen) [seen, since] = [n, Date.now()];
      return Date.now() - since > 1500 ? true : undefined;
    }, 30_000);
  }
  await page.waitForTimeout(500);
  const { longTasks, frames, changes } = await observed(page);
  return {
    // Read once every row is answered: rows read in slices may finish after the first answer.
    recognized: all.recognized! - t.start,
    first: t.first! - t.start,
    complete: t.complete! - t.start,
    jump: afterJump.lastAnswer! - jumpStart,
    jumpDrawn: (drawnAfterJump.lastMount ?? drawnAfterJump.lastAnswer!) - jumpStart,
    drawn: (drawnFirst.firstMount ?? t.first!) - t.start,
    allRows: all.lastAnswer! - t.start,
    longTasks,
    frames,
    changes,
  };
}

async function baselineVisit(page: Page) {
  await page.goto(BASELINE_URL);
  await page.evaluate(async () => {
    for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight) {
      window.scrollTo(0, y);
      await new Promise(requestAnimationFrame);
    }
  });
  await page.waitForTimeout(500);
  return observed(page);
}

export interface ListingFigures {
  rows: number;
  library: number;
  recognized: number;
  first: number;
  complete: number;
  jump: number;
  jumpDrawn: number;
  drawn: number;
  allRows: number;
  /** Per visit: count of long tasks and the longest, with Gloss and without. */
  longTasks: { count: number; max: number; total: number };
  /** The long tasks in frames where Gloss changed the page (see `attribute`), beside the raw count. */
  glossLongTasks: { count: number; max: number; total: number };
  baselineLongTasks: { count: number; max: number; total: number };
  /** Long animation frames split by phase (ms per visit, medians), with Gloss and without. */
  frames: ReturnType<typeof attribute>['split'];
  baselineFrames: ReturnType<typeof attribute>['split'];
}

/**
 * Which long tasks Gloss caused, and what filled the long frames. LoAF does not list a content
 * script's (isolated world's) scripts, only the page's own; so a frame counts as Gloss's when
 * the page changed in it before its render (the page is static once parsed, so a change is
 * Gloss's: what the page's own observer sees), and each long frame is split into the tasks
 * before its render (the page's scripts, listed; the rest, unlisted: Gloss's scripts and the
 * browser's), the render's start (animation frame callbacks: here the bench's own scroll), and
 * style, layout, intersection observers and paint (`styleAndLayoutStart` to the frame's end).
 * Drawing inside a closed root changes nothing the page can observe: such a frame counts as not
 * Gloss's (an undercount, for both builds alike).
 */
export function attribute(v: { longTasks: Array<[number, number]>; frames: Frame[]; changes: number[] }) {
  const changed = (f: Frame) => {
    const render = f.renderStart || f.start + f.duration;
    return v.changes.some((t) => t >= f.start && t <= render);
  };
  const frameOf = (start: number) => v.frames.find((f) => start >= f.start - 1 && start < f.start + f.duration);
  const gloss = v.longTasks.filter(([start]) => {
    const f = frameOf(start);
    return !!f && changed(f);
  });
  const split = { glossFrames: 0, otherFrames: 0, pageScripts: 0, unlistedTasks: 0, renderStart: 0, styleLayoutPaint: 0 };
  for (const f of v.frames) {
    if (f.duration <= 50) continue;
    const end = f.start + f.duration;
    const render = f.renderStart || end;
    const layout = f.styleAndLayoutStart || render;
    if (changed(f)) split.glossFrames++;
    else split.otherFrames++;
    const listed = f.scripts.filter((s) => s.start < render).reduce((a, s) => a + s.duration, 0);
    split.pageScripts += listed;
    split.unlistedTasks += Math.max(0, render - f.start - listed);
    split.renderStart += layout - render;
    split.styleLayoutPaint += end - layout;
  }
  for (const k of ['pageScripts', 'unlistedTasks', 'renderStart', 'styleLayoutPaint'] as const) split[k] = Math.round(split[k]);
  return { gloss: gloss.map(([, d]) => d), split };
}

const summarize = (visits: number[][]) => ({
  count: median(visits.map((v) => v.length)),
  max: median(visits.map((v) => Math.max(0, ...v))),
  total: median(visits.map((v) => v.reduce((a, x) => a + x, 0))),
});

const medianSplit = (splits: Array<ReturnType<typeof attribute>['split']>) =>
  Object.fromEntries(Object.keys(splits[0]).map((k) => [k, median(splits.map((x) => x[k as keyof typeof x]))])) as ReturnType<typeof attribute>['split'];

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
    const base: Array<{ longTasks: Array<[number, number]>; frames: Frame[]; changes: number[] }> = [];
    for (let i = 0; i < runs; i++) {
      visits.push(await visit(page, n));
      base.push(await baselineVisit(page));
    }
    if (process.env.LISTING_DUMP) writeFileSync(process.env.LISTING_DUMP, JSON.stringify({ visits, base }));
    return {
      rows: n,
      library: size,
      recognized: median(visits.map((v) => v.recognized)),
      first: median(visits.map((v) => v.first)),
      complete: median(visits.map((v) => v.complete)),
      jump: median(visits.map((v) => v.jump)),
      jumpDrawn: median(visits.map((v) => v.jumpDrawn)),
      drawn: median(visits.map((v) => v.drawn)),
      allRows: median(visits.map((v) => v.allRows)),
      longTasks: summarize(visits.map((v) => v.longTasks.map(([, d]) => d))),
      glossLongTasks: summarize(visits.map((v) => attribute(v).gloss)),
      baselineLongTasks: summarize(base.map((b) => b.longTasks.map(([, d]) => d))),
      frames: medianSplit(visits.map((v) => attribute(v).split)),
      baselineFrames: medianSplit(base.map((b) => attribute(b).split)),
    };
  } finally {
    await gloss.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const size = Number(args.find((a) => /^\d+$/.test(a)) ?? 10_000);
  const extension = args.find((a) => a.startsWith('--extension='))?.slice('--extension='.length);
  const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice('--runs='.length) ?? 5);
  measureListing(size, runs, 2000, extension).then(
    (f) => console.log(f),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
