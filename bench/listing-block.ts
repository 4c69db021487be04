/**
 * What one block of marks costs the page's frame: the 2,000-row arXiv listing in headless
 * Chromium without the extension, scrolled to a row; `n` closed-root hosts (the mark's styles,
 * adopted; a mark-sized tree inside) inserted after the next n titles in one task, then the
 * long animation frame that renders it (LoAF: its style+layout+paint, `styleAndLayoutStart` to
 * its end). Beside it, the same frame with nothing inserted (the page's own), in the same run.
 * Medians over positions spread along the page. Not a test:
 *   npx tsx bench/listing-block.ts [n…]   (default 0 1 10 25 50 100)
 */
import { chromium } from 'playwright-core';
import { CHROMIUM } from '../tests/e2e/harness';
import { loadCorpus } from './lib/corpus';
import { listingHtml } from './listing';
import { markStyles } from '../components/content/mark-styles';
import { median } from './lib/metrics';

const html = listingHtml(loadCorpus().slice(0, 2000));
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
await page.route('https://x.test/**', (r) => r.fulfill({ body: html, contentType: 'text/html' }));
const sizes = process.argv.slice(2).map(Number);
const ns = sizes.length ? sizes : [0, 1, 10, 25, 50, 100];
const MARK =
  '<div class="m"><button class="save"><svg viewBox="0 0 16 16"><path d="M8 1.5l1.9 4 4.4.5-3.3 3 .9 4.4L8 11.2l-3.9 2.2.9-4.4-3.3-3 4.4-.5z"/></svg></button><button class="open"><svg viewBox="0 0 16 16"><path d="M3 13l.6-2.6L10.8 3.2"/></svg></button><span class="dots"><span class="dot"></span><span class="dot"></span><span class="dot"></span><span class="zotero"></span></span></div>';

const results: Record<number, number[][]> = {};
for (let rep = 0; rep < 3; rep++) {
  await page.goto('https://x.test/');
  await page.waitForTimeout(1000);
  for (const at of [100, 500, 900, 1300, 1700])
    for (const n of ns) {
      const r = await page.evaluate(
        async ({ at, n, css, mark }) => {
          const titles = [...document.querySelectorAll('.list-title')];
          titles[at].scrollIntoView();
          // Two frames for the scroll to settle.
          await new Promise(requestAnimationFrame);
          await new Promise(requestAnimationFrame);
          await new Promise((r) => setTimeout(r, 50));
          const frames: PerformanceEntry[] = [];
          const po = new PerformanceObserver((l) => frames.push(...l.getEntries()));
          po.observe({ type: 'long-animation-frame' });
          const sheet = new CSSStyleSheet();
          sheet.replaceSync(css);
          const t0 = performance.now();
          // -1: a change that alters nothing drawn (an attribute no rule reads), the page's own cost of any change.
          if (n < 0) titles[at + 8].setAttribute('data-x', String(t0));
          // Below the viewport by a screen, as a block coming near is.
          for (const t of titles.slice(at + 8 + (at % 7), at + 8 + (at % 7) + n)) {
            const h = document.createElement('span');
            const root = h.attachShadow({ mode: 'closed' });
            root.adoptedStyleSheets = [sheet];
            const c = document.createElement('div');
            c.innerHTML = mark;
            root.append(c);
            t.after(h);
          }
          const script = performance.now() - t0;
          await new Promise(requestAnimationFrame);
          await new Promise((r) => setTimeout(r, 100));
          po.disconnect();
          const f = frames.find((f) => f.startTime + f.duration >= t0) as (PerformanceEntry & { styleAndLayoutStart: number; renderStart: number }) | undefined;
          // No long frame (under 50 ms): its render is under 50 ms too; counted as 0 here.
          return [script, f ? f.startTime + f.duration - f.styleAndLayoutStart : 0, f ? f.duration : 0];
        },
        { at, n, css: markStyles, mark: MARK },
      );
      (results[n] ??= []).push(r);
    }
}
for (const n of ns) {
  const r = results[n];
  console.log(
    JSON.stringify({
      hosts: n,
      script: Math.round(median(r.map((x) => x[0]))),
      styleLayoutPaint: Math.round(median(r.map((x) => x[1]))),
      frame: Math.round(median(r.map((x) => x[2]))),
      longFrames: r.filter((x) => x[2] > 50).length,
      of: r.length,
    }),
  );
}
await browser.close();
