/**
 * Long listings get a host only on rows near the viewport (components/content/page-marks.tsx),
 * and their rows are read near the viewport first (components/content/row-scan.ts), on the real
 * arXiv listing's markup (linkedom). Nearness is what the page's IntersectionObservers report:
 * here a stand-in the test drives, as the browser would when the user scrolls, jumps or finds.
 * The same in real Chromium: tests/e2e/long-listing.test.ts.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { documentFromHtml } from '../../scripts/lib/parse-html';
import { listingOf, recognize } from '../../lib/sites/registry';
import type { PaperMeta, RecognizedEntry } from '../../lib/core/types';
import { rowScan } from '../../components/content/row-scan';
import { startPageMarks, type MarkApi } from '../../components/content/page-marks';

const FILE = join(import.meta.dirname, '../fixtures/pages/arxiv-list/arxiv_list_cs.CL_recent_2026-07-27.html');
const URL = 'https://arxiv.org/list/cs.LG/pastweek?show=200';

/** The captured listing with its rows replaced by `n` copies of its first row, each its own paper. */
function listing(n: number): Document {
  const html = readFileSync(FILE, 'utf8');
  const row = html.match(/<dt>[\s\S]*?<\/dd>/)![0];
  const id = row.match(/\d{4}\.\d{5}/)![0];
  const rows = Array.from({ length: n }, (_, i) =>
    row.replaceAll(id, `2607.${40000 + i}`).replace(/(<div class='list-title mathjax'><span class='descriptor'>Title:<\/span>\s*)/, `$1Row ${i} `),
  );
  return documentFromHtml(html.replace(/<dl id='articles'>[\s\S]*<\/dl>/, `<dl id='articles'>${rows.join('\n')}</dl>`));
}

/** IntersectionObservers that report what the test says is near, and nothing by themselves. */
class Observers {
  all: Array<{ callback: (entries: Array<{ target: Element; isIntersecting: boolean }>) => void; targets: Set<Element> }> = [];
  install(doc: Document) {
    const all = this.all;
    (doc.defaultView as unknown as Record<string, unknown>).IntersectionObserver = class {
      private o;
      constructor(callback: (entries: Array<{ target: Element; isIntersecting: boolean }>) => void) {
        this.o = { callback, targets: new Set<Element>() };
        all.push(this.o);
      }
      observe(el: Element) {
        this.o.targets.add(el);
      }
      unobserve(el: Element) {
        this.o.targets.delete(el);
      }
      disconnect() {
        this.o.targets.clear();
      }
    };
  }
  /** These elements came near: every observer watching one of them hears of it. */
  near(elements: Element[]) {
    for (const o of this.all) {
      const entries = elements.filter((el) => o.targets.has(el)).map((target) => ({ target, isIntersecting: true }));
      if (entries.length) o.callback(entries);
    }
  }
  /** These elements went far again (the user scrolled past them). */
  far(elements: Element[]) {
    for (const o of this.all) {
      const entries = elements.filter((el) => o.targets.has(el)).map((target) => ({ target, isIntersecting: false }));
      if (entries.length) o.callback(entries);
    }
  }
  watched(el: Element) {
    return this.all.some((o) => o.targets.has(el));
  }
}

const tasks = (ms = 30) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const titles = (doc: Document) => [...doc.querySelectorAll('dd .list-title')];
/** Gloss's host is the span right after the title (the page puts none there). */
const hosted = (doc: Document) => titles(doc).flatMap((t, i) => (t.nextElementSibling?.tagName === 'SPAN' ? [i] : []));
const rowNumber = (p: PaperMeta) => Number(p.id.split('.')[1]) - 40000;

function api(asked: number[]): MarkApi {
  return {
    lookup: async (papers) => {
      asked.push(...papers.map(rowNumber));
      return papers.map(() => ({ saved: false }) as never);
    },
    related: async (papers) => papers.map(() => 0),
    seen: async () => {},
    openPanel: async () => ({ token: '' }),
    closePanel: async () => {},
  };
}

/**
 * The page's changes from now on: for each task in which Gloss inserted hosts (one microtask
 * checkpoint per task), the rows whose titles got one, in order.
 */
function pageChanges(doc: Document): number[][] {
  const changes: number[][] = [];
  let inTask = false;
  const all = titles(doc);
  const after = doc.defaultView!.Element.prototype.after;
  doc.defaultView!.Element.prototype.after = function (this: Element, ...nodes: Array<Node | string>) {
    if (!inTask) {
      inTask = true;
      changes.push([]);
      queueMicrotask(() => (inTask = false));
    }
    changes.at(-1)!.push(all.indexOf(this));
    return after.apply(this, nodes);
  };
  return changes;
}

let marks: ReturnType<typeof startPageMarks> | undefined;
function start(doc: Document, asked: number[], related?: MarkApi['related']) {
  vi.stubGlobal('document', doc);
  vi.stubGlobal('MutationObserver', (doc.defaultView as unknown as { MutationObserver: unknown }).MutationObserver);
  marks = startPageMarks(doc, () => URL, {
    recognize,
    listing: listingOf,
    theme: 'light',
    api: { ...api(asked), ...(related && { related }) },
    onLibraryChange: () => () => {},
    onPanelClose: () => () => {},
  });
  return marks;
}

beforeEach(() => {
  marks = undefined;
});
afterEach(() => {
  marks?.stop();
  vi.unstubAllGlobals();
});

test('a long listing: no host and no question for far rows; a far row gets both once it comes near', async () => {
  const doc = listing(200);
  const io = new Observers();
  io.install(doc);
  const asked: number[] = [];
  start(doc, asked);
  await tasks(200);
  // Every row read, none mounted or asked about: the observer has reported nothing near yet.
  expect(marks!.papers()).toHaveLength(200);
  expect(hosted(doc)).toEqual([]);
  expect(asked).toEqual([]);
  // The anchors (the page's own titles) are what is watched, not hosts: a few per block of 50
  // (every tenth and the block's last), not all 200.
  const watched = titles(doc).flatMap((t, i) => (io.watched(t) ? [i] : []));
  expect(watched).toEqual([0, 10, 20, 30, 40, 49].flatMap((i) => [0, 50, 100, 150].map((b) => b + i)).sort((a, b) => a - b));

  // The top of the page is near: its block of rows (50, read in page order) is asked about and mounted.
  io.near(titles(doc).slice(0, 8));
  await tasks();
  expect(asked).toEqual(Array.from({ length: 50 }, (_, i) => i));
  expect(hosted(doc)).toEqual(Array.from({ length: 50 }, (_, i) => i));

  // A jump to the last row: its block gets its marks; the rows between stay as the page made them.
  io.near([titles(doc)[199]]);
  await tasks();
  expect(hosted(doc)).toEqual([...Array.from({ length: 50 }, (_, i) => i), ...Array.from({ length: 50 }, (_, i) => 150 + i)]);
  expect(hosted(doc)).not.toContain(100);
  expect(asked).toHaveLength(100);
  // Near again, nothing more: each row is mounted and asked about once.
  io.near(titles(doc).slice(150));
  await tasks();
  expect(asked).toHaveLength(100);
  expect(doc.querySelectorAll('dd span:not([class])').length).toBeGreaterThanOrEqual(100);

  // A sentinel in the middle of a block brings the whole block, its unwatched rows included.
  io.near([titles(doc)[120]]);
  await tasks();
  expect(hosted(doc)).toEqual(Array.from({ length: 200 }, (_, i) => i).filter((i) => i < 50 || i >= 100));
  expect(asked).toHaveLength(150);
});

test('a short listing (the HF daily page, a 50-row arXiv page) gets every host and one question at once', async () => {
  const doc = listing(50);
  const io = new Observers();
  io.install(doc);
  const asked: number[] = [];
  start(doc, asked);
  await tasks(200);
  expect(hosted(doc)).toHaveLength(50);
  expect(asked.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
});

test('a row the page changes after it was mounted keeps its mark once near; a waiting row the page removes is forgotten', async () => {
  const doc = listing(200);
  const io = new Observers();
  io.install(doc);
  start(doc, []);
  await tasks(200);
  io.near([titles(doc)[0]]);
  await tasks();
  expect(hosted(doc)).toContain(3);
  // The page re-renders row 3's title: the host it had goes with the old node.
  const old = titles(doc)[3];
  const fresh = old.cloneNode(true) as Element;
  old.nextElementSibling!.remove();
  old.replaceWith(fresh);
  await tasks(200);
  // Watched again (the browser reports a newly watched element at once where it is near).
  expect(io.watched(fresh)).toBe(true);
  io.near([fresh]);
  await tasks();
  expect(hosted(doc)).toContain(3);
  // A far row removed by the page is no longer watched.
  const far = titles(doc)[120];
  const dt = far.closest('dd')!.previousElementSibling!;
  far.closest('dd')!.remove();
  dt.remove();
  await tasks(200);
  expect(io.watched(far)).toBe(false);
});

test('rows near the viewport are read first', async () => {
  const doc = listing(200);
  const io = new Observers();
  io.install(doc);
  const order: string[] = [];
  const scan = rowScan(
    doc,
    listingOf(doc, URL)!,
    { update: (_b: RecognizedEntry | undefined, now: RecognizedEntry | undefined) => now && order.push(now.paper.id), settled: () => {} },
    // One row per task, so the order is the reader's, not the slice's.
    { budget: 0 },
  );
  expect(scan.start()).toBe(200);
  const rows = [...doc.querySelectorAll('dl dt')];
  io.near(rows.slice(180, 183));
  await tasks(300);
  expect(order.slice(0, 3)).toEqual(['arxiv:2607.40180', 'arxiv:2607.40181', 'arxiv:2607.40182']);
  expect(order).toHaveLength(200);
  // Read rows are no longer watched; negative control: without a report, page order.
  expect(rows.some((r) => io.watched(r))).toBe(false);
  const again = listing(200);
  new Observers().install(again);
  const plain: string[] = [];
  rowScan(again, listingOf(again, URL)!, { update: (_b, now) => now && plain.push(now.paper.id), settled: () => {} }, { budget: 0 }).start();
  await tasks(300);
  expect(plain.slice(0, 3)).toEqual(['arxiv:2607.40000', 'arxiv:2607.40001', 'arxiv:2607.40002']);
});

test('a block is mounted once both answers are in, in one task: the related count is not a second change of the page', async () => {
  const doc = listing(200);
  const io = new Observers();
  io.install(doc);
  let answer: (() => void) | undefined;
  const related: MarkApi['related'] = (papers) => new Promise((resolve) => (answer = () => resolve(papers.map(() => 2))));
  start(doc, [], related);
  await tasks(200);
  const changes = pageChanges(doc);
  io.near([titles(doc)[0]]);
  await tasks(100);
  // The lookup is answered; the related count is not: nothing is mounted yet.
  expect(answer).toBeDefined();
  expect(hosted(doc)).toEqual([]);
  answer!();
  await tasks();
  expect(hosted(doc)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  expect(changes).toHaveLength(1);
  // Two blocks near at once: one change for both (at most MOUNT_ROWS, whole blocks).
  io.near([titles(doc)[120], titles(doc)[199]]);
  await tasks(30);
  answer!();
  await tasks();
  expect(hosted(doc)).toHaveLength(150);
  expect(changes).toHaveLength(2);
});

test('a block flown past is mounted too once the scroll pauses, after the blocks near now, each in a change of its own', async () => {
  const doc = listing(200);
  const io = new Observers();
  io.install(doc);
  let answer: (() => void) | undefined;
  const asked: number[] = [];
  const related: MarkApi['related'] = (papers) => new Promise((resolve) => (answer = () => resolve(papers.map(() => 0))));
  start(doc, asked, related);
  await tasks(200);
  const all = titles(doc);
  const changes = pageChanges(doc);
  // Rows 50–99 come near and go (flown past); rows 150–199 come near and stay.
  io.near([all[60]]);
  io.far([all[60]]);
  io.near([all[160]]);
  await tasks();
  answer!();
  await tasks(100);
  expect(asked).toHaveLength(100);
  expect(changes.map((c) => [Math.min(...c), c.length])).toEqual([
    [150, 50],
    [50, 50],
  ]);
  // Mounted rows are no longer watched.
  expect(io.watched(all[60])).toBe(false);
});

test('while the page keeps scrolling, a block near for a second is mounted (read through), not before', async () => {
  const doc = listing(200);
  const io = new Observers();
  io.install(doc);
  start(doc, []);
  await tasks(200);
  const view = doc.defaultView!;
  let scrolling = true;
  // A scroll event every 16 ms, as a page scrolled without a pause fires them.
  const scroll = async () => {
    while (scrolling) {
      view.dispatchEvent(new view.Event('scroll'));
      await tasks(16);
    }
  };
  const done = scroll();
  io.near([titles(doc)[0]]);
  await tasks(500);
  // Answered, but the page is scrolling and the block was near only half a second.
  expect(hosted(doc)).toEqual([]);
  await tasks(900);
  expect(hosted(doc)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  scrolling = false;
  await done;
});
