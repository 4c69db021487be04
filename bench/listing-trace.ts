/**
 * Where the long tasks of bench/listing.ts's visit come from: the same 2,000-row listing and
 * visit (load, the first marks, a jump to the last row, a scroll through one screen per frame),
 * with a DevTools trace of the page's renderer. Each task over 50 ms on the page's main thread
 * is split by what ran inside it (self time): Gloss's script (the content script's URL), the
 * page's, style, layout (forced when it ran inside a script: the script read layout after a
 * change), paint, intersection observers, GC, the rest; the same for the page without Gloss
 * (https://example.org/, where no content script runs) in the same browser and run.
 *   npx tsx bench/listing-trace.ts [library size] [--extension=<built dir>] [--runs=N]
 * (default 10000 papers, this checkout's build, 2 runs). Prints per phase and per run; not a test.
 */
import type { CDPSession, Page } from 'playwright-core';
import { launch } from '../tests/e2e/harness';
import { fillLibrary } from './lib/extension';
import { BASELINE_URL, LISTING_URL, listingCase, timings, until } from './listing';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { url?: string; frames?: Array<{ url: string; processId?: number }> }; beginData?: { url?: string } };
}

async function traced(page: Page, run: () => Promise<unknown>): Promise<{ events: TraceEvent[] }> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected' as never, ((e: { value: TraceEvent[] }) => events.push(...e.value)) as never);
  await cdp.send(
    'Tracing.start' as never,
    {
      categories: 'toplevel,devtools.timeline,disabled-by-default-devtools.timeline,blink.user_timing',
      transferMode: 'ReportEvents',
    } as never,
  );
  await run();
  const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete' as never, () => resolve()));
  await cdp.send('Tracing.end' as never);
  await done;
  await cdp.detach();
  return { events };
}

/** What an event's self time is counted as. */
function kind(name: string): string | undefined {
  if (name === 'UpdateLayoutTree' || name === 'RecalculateStyles' || name === 'ScheduleStyleRecalculation') return 'style';
  if (name === 'Layout') return 'layout';
  if (name === 'Paint' || name === 'PrePaint' || name === 'Layerize' || name === 'UpdateLayer' || name === 'PaintImage' || name === 'Commit') return 'paint';
  if (name.startsWith('IntersectionObserver')) return 'intersection';
  if (name === 'MajorGC' || name === 'MinorGC' || name.startsWith('V8.GC') || name === 'BlinkGC.AtomicPhase') return 'gc';
  if (name === 'ParseHTML') return 'parse';
  if (name === 'HitTest' || name === 'EventDispatch') return 'input';
  return undefined;
}
const SCRIPT = new Set([
  'FunctionCall',
  'EvaluateScript',
  'v8.compile',
  'TimerFire',
  'FireAnimationFrame',
  'FireIdleCallback',
  'v8.callFunction',
  'V8.Execute',
]);

interface Split {
  [k: string]: number;
}

/** Long tasks (> 50 ms) on the page's main thread between `from` and `to` (trace µs), each split by kind. */
function longTasks(events: TraceEvent[], pid: number, tid: number, from: number, to: number) {
  const mine = events.filter((e) => e.pid === pid && e.tid === tid && (e.ph === 'X' || e.ph === 'B' || e.ph === 'E')).sort((a, b) => a.ts - b.ts);
  // B/E pairs become complete events.
  const complete: TraceEvent[] = [];
  const open: TraceEvent[] = [];
  for (const e of mine) {
    if (e.ph === 'X') complete.push(e);
    else if (e.ph === 'B') open.push(e);
    else {
      const b = open.pop();
      if (b) complete.push({ ...b, ph: 'X', dur: e.ts - b.ts });
    }
  }
  complete.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const tops = complete.filter((e) => (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && e.ts >= from && e.ts <= to);
  // Nested RunTask events: keep the outermost.
  const outer: TraceEvent[] = [];
  for (const t of tops) if (!outer.length || t.ts >= outer.at(-1)!.ts + outer.at(-1)!.dur!) outer.push(t);
  const long = outer.filter((t) => t.dur! > 50_000);
  return long.map((t) => {
    const inside = complete.filter((e) => e !== t && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + t.dur!);
    const split: Split = {};
    // Self time: an event's duration less its children's, by a stack walk.
    const stack: Array<{ e: TraceEvent; child: number; script?: string }> = [];
    const add = (k: string, v: number) => (split[k] = (split[k] ?? 0) + v / 1000);
    const close = (upTo: number) => {
      while (stack.length && stack.at(-1)!.e.ts + (stack.at(-1)!.e.dur ?? 0) <= upTo) {
        const s = stack.pop()!;
        const self = (s.e.dur ?? 0) - s.child;
        if (stack.length) stack.at(-1)!.child += s.e.dur ?? 0;
        const k = kind(s.e.name);
        const origin = s.script;
        if (SCRIPT.has(s.e.name)) add(`script:${origin ?? 'page'}`, self);
        else if (k === 'layout' && origin) add(`layout forced by ${origin}`, self);
        else if (k === 'style' && origin) add(`style forced by ${origin}`, self);
        else if (k) add(k, self);
        else add(origin ? `other in ${origin} script` : 'other', self);
      }
    };
    for (const e of inside) {
      close(e.ts);
      const url = e.args?.data?.url ?? e.args?.beginData?.url;
      const parentScript = stack.at(-1)?.script;
      const script = SCRIPT.has(e.name) && url ? (url.startsWith('chrome-extension://') ? 'gloss' : 'page') : parentScript;
      stack.push({ e, child: 0, script });
    }
    close(Infinity);
    for (const k of Object.keys(split)) split[k] = Math.round(split[k]);
    return { at: t.ts, ms: Math.round(t.dur! / 1000), split };
  });
}

/** The renderer main thread that showed `url`. */
function pageThread(events: TraceEvent[], url: string): { pid: number; tid: number } {
  const started = events.find((e) => e.name === 'TracingStartedInBrowser');
  const frames = started?.args?.data?.frames ?? [];
  const main = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const withUrl = events.filter((e) => (e.name === 'CommitLoad' || e.name === 'ParseHTML') && JSON.stringify(e.args ?? {}).includes(new URL(url).host));
  const pid = withUrl[0]?.pid ?? frames.find((f) => f.url.includes(new URL(url).host))?.processId;
  const t = main.find((e) => e.pid === pid);
  if (!t) throw new Error(`no renderer thread for ${url}`);
  return { pid: t.pid, tid: t.tid };
}

const stamp = (page: Page, name: string) => page.evaluate((n) => performance.mark(`gloss-bench-${n}`), name);

async function visit(page: Page, url: string, rows: number, gloss: boolean) {
  await page.goto(url);
  if (gloss) await until(async () => ((await timings(page))?.complete !== undefined ? true : undefined));
  else await page.waitForTimeout(1000);
  await page.waitForTimeout(300);
  await stamp(page, 'jump');
  const before = gloss ? ((await timings(page))!.answered ?? 0) : 0;
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  if (gloss) await until(async () => (((await timings(page))!.answered ?? 0) > before ? true : undefined));
  await page.waitForTimeout(1000);
  await stamp(page, 'scroll');
  await page.evaluate(async () => {
    for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight) {
      window.scrollTo(0, y);
      await new Promise(requestAnimationFrame);
    }
  });
  if (gloss) await until(async () => (((await timings(page))!.answered ?? 0) >= rows ? true : undefined), 120_000);
  await page.waitForTimeout(500);
  await stamp(page, 'end');
}

function report(label: string, events: TraceEvent[], url: string) {
  const { pid, tid } = pageThread(events, url);
  const markTs = (n: string) => events.find((e) => e.name === `gloss-bench-${n}` && e.pid === pid)?.ts;
  const nav = events.filter((e) => e.pid === pid && e.tid === tid && e.name === 'ParseHTML').sort((a, b) => a.ts - b.ts)[0]?.ts ?? 0;
  const phases: Array<[string, number, number]> = [
    ['load', nav, markTs('jump') ?? Infinity],
    ['jump', markTs('jump') ?? 0, markTs('scroll') ?? Infinity],
    ['scroll', markTs('scroll') ?? 0, markTs('end') ?? Infinity],
  ];
  for (const [phase, from, to] of phases) {
    const tasks = longTasks(events, pid, tid, from, to);
    const sum: Split = {};
    for (const t of tasks) for (const [k, v] of Object.entries(t.split)) sum[k] = (sum[k] ?? 0) + v;
    console.log(
      JSON.stringify({
        label,
        phase,
        longTasks: tasks.length,
        longest: Math.max(0, ...tasks.map((t) => t.ms)),
        total: tasks.reduce((a, t) => a + t.ms, 0),
        inLongTasks: Object.fromEntries(Object.entries(sum).sort((a, b) => b[1] - a[1])),
      }),
    );
    if (process.env.TASKS) for (const t of tasks) console.log('   ', phase, t.ms, JSON.stringify(t.split));
  }
}

const args = process.argv.slice(2);
const size = Number(args.find((a) => /^\d+$/.test(a)) ?? 10_000);
const extension = args.find((a) => a.startsWith('--extension='))?.slice('--extension='.length);
const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice('--runs='.length) ?? 2);
const n = 2000;
const { library, html } = listingCase(size, n);
const g = await launch(extension ? { extension } : {});
try {
  g.serve(LISTING_URL, html, { html: true });
  g.serve(BASELINE_URL, html, { html: true });
  await fillLibrary(g, library);
  const page = await g.context.newPage();
  await visit(page, LISTING_URL, n, true); // loads the database and the related index once
  for (let i = 0; i < runs; i++) {
    const withGloss = await traced(page, async () => visit(page, LISTING_URL, n, true));
    report(`gloss #${i + 1}`, withGloss.events, LISTING_URL);
    const without = await traced(page, async () => visit(page, BASELINE_URL, n, false));
    report(`no gloss #${i + 1}`, without.events, BASELINE_URL);
  }
} finally {
  await g.close();
}
