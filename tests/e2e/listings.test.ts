/**
 * Issue #15 listings in real Chromium with the built extension: the real CVF CVPR 2020 listing
 * (1,466 papers) gets one mark after every title row that comes near the viewport (long
 * listings get hosts only there: components/content/page-marks.tsx), every row once scrolled
 * through, and a paper saved from arXiv (no CVF id stored) shows as saved on its CVF row; the
 * real OpenReview ICLR 2019 group page likewise.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { FIXTURES, launch, type Gloss } from './harness';
import { inContentWorld, onMarkHosts, readMarks, waitForMark } from './marks';

const CVF_URL = 'https://openaccess.thecvf.com/CVPR2020';
const OPENREVIEW_URL = 'https://openreview.net/group?id=ICLR.cc/2019/Conference';
let gloss: Gloss;

async function saveFromExtensionPage(paper: object) {
  const popup = await gloss.popup();
  await popup.evaluate((p) => (globalThis as any).chrome.runtime.sendMessage({ gloss: 1, method: 'save', args: { paper: p } }), paper);
  await popup.close();
}

beforeAll(async () => {
  gloss = await launch();
  gloss.serve(CVF_URL, join(FIXTURES, 'cvf/cvf_CVPR2020_all_listing_2020-07.html'));
  gloss.serve(OPENREVIEW_URL, join(FIXTURES, 'openreview/openreview_group_ICLR2019_Conference_posters_2020-03.html'));
  // Saved from arXiv: the CVF and OpenReview rows carry none of these ids.
  await saveFromExtensionPage({
    id: 'arxiv:1911.11130',
    ids: { arxiv: '1911.11130' },
    title: 'Unsupervised Learning of Probably Symmetric Deformable 3D Objects from Images in the Wild',
    authors: ['Shangzhe Wu', 'Christian Rupprecht', 'Andrea Vedaldi'],
    links: {},
    source: 'test',
  });
  await saveFromExtensionPage({
    id: 'arxiv:1712.00948',
    ids: { arxiv: '1712.00948' },
    title: 'Learning Multi-Level Hierarchies with Hindsight',
    authors: ['Andrew Levy', 'George Konidaris', 'Robert Platt', 'Kate Saenko'],
    links: {},
    source: 'test',
  });
});

afterAll(async () => {
  await gloss?.close();
});

/** Scrolls the whole page, one screen per frame, as a person skimming it would (faster). */
const scrollThrough = (page: import('playwright-core').Page) =>
  page.evaluate(async () => {
    for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight) {
      window.scrollTo(0, y);
      await new Promise(requestAnimationFrame);
    }
  });

const complete = (page: import('playwright-core').Page) =>
  expect
    .poll(() => inContentWorld<{ complete?: number } | null>(page, 'globalThis.glossTimings ?? null').then((t) => t?.complete !== undefined), {
      timeout: 60_000,
    })
    .toBe(true);

test(
  'the real CVF CVPR 2020 listing: marks near the viewport, then after every one of its 1,466 title rows once scrolled through; the arXiv-saved paper shows saved',
  { timeout: 120_000 },
  async () => {
    const page = await gloss.context.newPage();
    await page.goto(CVF_URL, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await complete(page);
    const first = await waitForMark(page, 0, (m) => m.saved !== null);
    expect(first).toMatchObject({
      rendered: true,
      saved: true,
      after: 'Unsupervised Learning of Probably Symmetric Deformable 3D Objects From Images in the Wild',
    });
    expect((await waitForMark(page, 1, (m) => m.saved !== null)).saved).toBe(false);
    // Far rows have no host until the user comes near them.
    expect((await readMarks(page)).length).toBeLessThan(400);
    await scrollThrough(page);
    await expect.poll(async () => (await readMarks(page)).length, { timeout: 30_000 }).toBe(1466);
    const after = await onMarkHosts<string>(
      page,
      'function () { return this.previousElementSibling?.matches("dt.ptitle") ? "dt" : this.previousElementSibling?.tagName ?? "none"; }',
    );
    expect(after.filter((a) => a !== 'dt')).toEqual([]);
    await page.close();
  },
);

test(
  'the real OpenReview ICLR 2019 group page: marks near the viewport, 478 once scrolled through, one after each title heading',
  { timeout: 120_000 },
  async () => {
    const page = await gloss.context.newPage();
    await page.goto(OPENREVIEW_URL, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await complete(page);
    expect((await readMarks(page)).length).toBeLessThan(478);
    await scrollThrough(page);
    await expect.poll(async () => (await readMarks(page)).length, { timeout: 30_000 }).toBe(478);
    const after = await onMarkHosts<string>(page, 'function () { return this.previousElementSibling?.tagName ?? "none"; }');
    expect(new Set(after)).toEqual(new Set(['H4']));
    const last = await readMarks(page).then((m) => m.length - 1);
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    expect((await waitForMark(page, last, (m) => m.saved !== null, 20_000)).saved).toBe(true);
    await page.close();
  },
);
