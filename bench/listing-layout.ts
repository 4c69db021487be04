/**
 * What the page's layout costs after Gloss inserts hosts into the 2,000-row arXiv listing
 * (bench/listing.ts's HTML), in headless Chromium without the extension: hosts built as
 * page-marks.tsx builds them (closed root, adopted stylesheet), `plain` spans, or `block` hosts,
 * N per batch (`shadow50`: 50 at a time over the first 400 titles; `all-` over every title), and
 * the forced layout after each batch. `draw-…`: marks drawn into 10 existing hosts at a time.
 * Prints medians; not a test. Figures in bench/README.md (issue 18, listings).
 *   npx tsx bench/listing-layout.ts shadow10 shadow50 all-shadow500 all-shadow2000 all-plain2000 draw-shadow
 */
import { chromium } from 'playwright-core';
import { CHROMIUM } from '../tests/e2e/harness';
import { loadCorpus } from './lib/corpus';
import { listingHtml } from './listing';
import { markStyles } from '../components/content/mark-styles';

const html = listingHtml(loadCorpus().slice(0, 2000));
const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage();
await page.route('https://x.test/**', (r) => r.fulfill({ body: html, contentType: 'text/html' }));
for (const v of process.argv.slice(2)) {
  await page.goto('https://x.test/');
  const r = await page.evaluate(
    ({ v, css }) => {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(v.includes('block') ? css.replace('display: inline-block', 'display: block') : css);
      const t0 = performance.now();
      void document.body.offsetHeight; // forces the layout
      const first = performance.now() - t0;
      const titles = [...document.querySelectorAll('.list-title')];
      const per = Number(v.match(/(\d+)/)?.[1] ?? 50);
      const times: number[] = [];
      const scripts: number[] = [];
      for (let i = 0; i < (v.includes('all') ? titles.length : 400); i += per) {
        const s = performance.now();
        for (const t of titles.slice(i, i + per)) {
          const h = document.createElement('span');
          if (v.includes('plain')) h.style.cssText = 'display:inline-block;width:76px;height:22px;contain:strict';
          else {
            const root = h.attachShadow({ mode: 'closed' });
            root.adoptedStyleSheets = [sheet];
            root.append(document.createElement('div'));
            ((window as any).__roots ??= []).push(root);
          }
          t.after(h);
        }
        if (v.includes('draw')) {
          void document.body.offsetHeight; // forces the layout
          continue;
        }
        const m = performance.now();
        void document.body.offsetHeight; // forces the layout
        scripts.push(m - s);
        times.push(performance.now() - m);
      }

      if (v.includes('draw')) {
        const roots = (window as any).__roots as ShadowRoot[];
        for (let i = 0; i < 400; i += 10) {
          const s = performance.now();
          for (const r of roots.slice(i, i + 10)) {
            const d = document.createElement('div');
            d.className = 'm';
            d.innerHTML = '<button>a</button><button>b</button><span class="dots"><span class="dot"></span></span>';
            r.lastElementChild!.append(d);
          }
          const m = performance.now();
          void document.body.offsetHeight; // forces the layout
          scripts.push(m - s);
          times.push(performance.now() - m);
        }
      }
      return {
        first,
        layouts: times.length,
        layoutMedian: times.sort((a, b) => a - b)[times.length >> 1],
        insertMedian: scripts.sort((a, b) => a - b)[scripts.length >> 1],
      };
    },
    { v, css: markStyles },
  );
  console.log(v, JSON.stringify(r));
}
await browser.close();
