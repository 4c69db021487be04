/**
 * Listings longer than any one request: the real arXiv listing's rows repeated to 5,200 papers (over the old 5,000 limit)
 * (hand-built edge case from the captured page; ids made up). Rows are looked up in batches as
 * they come near the viewport, so the last row gets its mark like the first.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ARXIV_RECENT, launch, type Gloss } from './harness';
import { inContentWorld, readMarks, waitForMark } from './marks';

const ROWS = 5_200;
const URL = 'https://arxiv.org/list/cs.LG/pastweek?show=5200';
let gloss: Gloss;

/** The captured page with its <dl> of 50 rows replaced by ROWS copies of its first row. */
function longListing(): string {
  const html = readFileSync(ARXIV_RECENT, 'utf8');
  const row = html.match(/<dt>[\s\S]*?<\/dd>/)![0];
  const id = row.match(/\d{4}\.\d{5}/)![0];
  const rows = Array.from({ length: ROWS }, (_, i) => {
    const fresh = `2607.${String(40000 + i).padStart(5, '0')}`;
    return row.replaceAll(id, fresh).replace(/(<div class='list-title mathjax'><span class='descriptor'>Title:<\/span>\s*)/, `$1Row ${i} `);
  });
  return html.replace(/<dl id='articles'>[\s\S]*<\/dl>/, `<dl id='articles'>${rows.join('\n')}</dl>`);
}

beforeAll(async () => {
  gloss = await launch();
  gloss.serve(URL, longListing(), { html: true });
  // The last row's paper is saved beforehand, from an extension page.
  const popup = await gloss.popup();
  const last = `2607.${40000 + ROWS - 1}`;
  await popup.evaluate(
    (id) =>
      (globalThis as any).chrome.runtime.sendMessage({
        gloss: 1,
        method: 'save',
        args: { paper: { id: `arxiv:${id}`, ids: { arxiv: id }, title: 'Saved before', authors: [], links: {}, source: 'test' } },
      }),
    last,
  );
  await popup.close();
});

afterAll(async () => {
  await gloss?.close();
});

test(`a ${ROWS.toLocaleString('en')}-row listing gets a mark on every row, and rows far down are answered once scrolled to`, { timeout: 120_000 }, async () => {
  const page = await gloss.context.newPage();
  await page.goto(URL, { waitUntil: 'domcontentloaded', timeout: 60_000 });
  // Until the first batch is answered (reading the whole tree of a 5,200-row page is slow).
  await expect
    .poll(() => inContentWorld<{ complete?: number } | null>(page, 'globalThis.glossTimings ?? null').then((t) => t?.complete !== undefined), {
      timeout: 60_000,
    })
    .toBe(true);
  // Rows are mounted a chunk per task (components/content/page-marks.tsx scan), so the last ones may follow the first answer.
  await expect.poll(async () => (await readMarks(page)).length, { timeout: 30_000 }).toBe(ROWS);
  const marks = await readMarks(page);
  // The top of the listing is answered at once; the bottom has not been asked about yet.
  expect(marks[0]).toMatchObject({ rendered: true, saved: false, after: expect.stringContaining('Row 0 ') });
  expect(marks[ROWS - 1]).toMatchObject({ rendered: false, saved: null });
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  const last = await waitForMark(page, ROWS - 1, (m) => m.saved !== null, 20_000);
  expect(last.saved).toBe(true);
  // No batch asked for more than one request may carry (lib/rpc/protocol.ts MAX_LOOKUP_BATCH).
  const timings = await inContentWorld<{ rows: number }>(page, 'globalThis.glossTimings');
  expect(timings.rows).toBeLessThanOrEqual(500);
});
