/**
 * What a scroll through the first third of the 2,000-row arXiv listing (one screen per frame)
 * costs the page's main thread, in headless Chromium without the extension: `none`; `hosts-…`
 * with a closed-root host after every title (`strict`, `sizelayout`, `sizestyle`, `nocontain`:
 * the host's containment), `io1`/`io2` IntersectionObservers on every host; `-draw` with a mark
 * drawn into 10 hosts every frame; `plain-draw` the same into plain elements of the page.
 * Prints DevTools Performance metrics (ms) per variant, twice; not a test.
 *   npx tsx bench/listing-frames.ts none hosts-strict hosts-strict-draw plain-draw
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
const cdp = await page.context().newCDPSession(page);
await cdp.send('Performance.enable');
const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
const variants = process.argv.slice(2);
for (let rep = 0; rep < 2; rep++)
  for (const v of variants) {
    await page.goto('https://x.test/');
    await page.evaluate(
      ({ v, css }) => {
        const sheet = new CSSStyleSheet();
        const contain = v.includes('sizestyle')
          ? 'contain: size style;'
          : v.includes('sizelayout')
            ? 'contain: size layout style;'
            : v.includes('nocontain')
              ? ''
              : 'contain: strict;';
        sheet.replaceSync(css.replace('contain: strict;', contain));
        const hosts: Element[] = [];
        if (v.includes('hosts'))
          for (const t of document.querySelectorAll('.list-title')) {
            const h = document.createElement('span');
            const r = h.attachShadow({ mode: 'closed' });
            r.adoptedStyleSheets = [sheet];
            r.append(document.createElement('div'));
            ((window as any).__roots ??= []).push(r);
            t.after(h);
            hosts.push(h);
          }
        const n = Number(v.match(/io(\d)/)?.[1] ?? 0);
        for (let i = 0; i < n; i++) {
          const io = new IntersectionObserver(() => {}, { rootMargin: i === 0 ? '1200px 0px' : '0px' });
          hosts.forEach((h) => io.observe(h));
        }
      },
      { v, css: markStyles },
    );
    await page.waitForTimeout(1500);
    const a = await metrics();
    const t0 = Date.now();
    await page.evaluate(async (v) => {
      let k = 0;
      const roots = (
        v.includes('plain')
          ? [...document.querySelectorAll('.list-title')].map((t) => {
              const s = document.createElement('span');
              s.style.cssText = 'display:inline-block;width:76px;height:22px';
              const c = document.createElement('div');
              s.append(c);
              t.after(s);
              return s;
            })
          : ((window as any).__roots ?? [])
      ) as ShadowRoot[];
      for (let y = 0; y < document.documentElement.scrollHeight / 3; y += innerHeight) {
        if (v.includes('draw'))
          for (const r of roots.slice(k, (k += 10))) {
            const d = document.createElement('div');
            d.innerHTML = '<button>a</button><button>b</button><span><span></span></span>';
            r.lastElementChild!.append(d);
          }
        window.scrollTo(0, y);
        await new Promise(requestAnimationFrame);
      }
    }, v);
    const wall = Date.now() - t0;
    const b = await metrics();
    const d = (k: string) => Math.round((b[k] - a[k]) * 1000);
    console.log(
      JSON.stringify([v, { wall, task: d('TaskDuration'), layout: d('LayoutDuration'), style: d('RecalcStyleDuration'), script: d('ScriptDuration') }]),
    );
  }
await browser.close();
