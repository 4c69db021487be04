/**
 * How long recognition takes on a listing of 2,000 papers, in real headless Chromium: the real
 * arXiv listing's rows repeated with distinct ids, the adapters bundled as the content script
 * bundles them. Prints the median of repeated runs; not a test.
 *   npx tsx bench/recognize.ts
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM, ROOT } from '../tests/e2e/harness';

export async function bundleRecognizer(): Promise<string> {
  const out = await build({
    stdin: {
      contents: `import { recognize } from './lib/sites/registry'; globalThis.glossRecognize = recognize;`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    target: 'es2022',
  });
  return out.outputFiles[0].text;
}

export function bigArxivListing(n: number): string {
  const html = readFileSync(join(ROOT, 'tests/fixtures/pages/arxiv-list/arxiv_list_cs.CL_recent_2026-07-27.html'), 'utf8');
  const rows = [...html.matchAll(/<dt>[\s\S]*?<\/dd>/g)].map((m) => m[0]);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const id = `2607.${String(30000 + i).padStart(5, '0')}`;
    out.push(rows[i % rows.length].replace(/\d{4}\.\d{5}/g, id));
  }
  return `<!doctype html><html><body><dl id="articles">${out.join('\n')}</dl></body></html>`;
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage();
  await page.setContent(bigArxivListing(2000));
  await page.addScriptTag({ content: await bundleRecognizer() });
  const times = await page.evaluate(() => {
    const run = (globalThis as any).glossRecognize as (d: Document, u: string) => unknown[];
    const t: number[] = [];
    for (let i = 0; i < 15; i++) {
      const s = performance.now();
      const n = run(document, 'https://arxiv.org/list/cs.LG/pastweek').length;
      t.push(performance.now() - s);
      if (n !== 2000) throw new Error(`recognized ${n}`);
    }
    return t;
  });
  console.log(`recognize 2,000-entry arXiv listing in Chromium: median ${median(times).toFixed(1)} ms (min ${Math.min(...times).toFixed(1)}, max ${Math.max(...times).toFixed(1)}, 15 runs)`);
  await browser.close();
}

if (import.meta.url === `file://${process.argv[1]}`) void main();
