/**
 * Incremental recognition on the real arXiv listing, in real Chromium with the built extension
 * (components/content/row-scan.ts): each row is read once when the page loads; a change of the
 * page reads only the rows it touched; Gloss's own hosts and drawing read nothing. Negative
 * control: the page inserting a span where Gloss inserts its host is read like any change.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ARXIV_RECENT, launch, type Gloss } from './harness';
import { clickMark, closePanelByKey, inContentWorld, readMarks, waitForMark, waitForMarks } from './marks';

const URL = 'https://arxiv.org/list/cs.CL/recent';
let gloss: Gloss;

beforeAll(async () => {
  gloss = await launch();
  gloss.serve(URL, ARXIV_RECENT);
});

afterAll(async () => {
  await gloss?.close();
});

interface Counts {
  rowsRead?: number;
  scans?: number;
}

test('a change reads only the rows it touched; Gloss inserting and drawing its marks reads none', { timeout: 90_000 }, async () => {
  const page = await gloss.context.newPage();
  await page.goto(URL);
  await waitForMarks(page, 50);
  const counts = () => inContentWorld<Counts>(page, '({ rowsRead: glossTimings.rowsRead, scans: glossTimings.scans })');
  // Past the mutation observer's quiet time (100 ms): 50 hosts inserted, none read a row again.
  await page.waitForTimeout(600);
  expect(await counts()).toEqual({ rowsRead: 50, scans: undefined });

  // Saving redraws a mark and opening the panel inserts its frame: still nothing read.
  await clickMark(page, 0, 'save');
  await waitForMark(page, 0, (m) => m.saved === true);
  await closePanelByKey(page);
  await page.waitForTimeout(600);
  expect((await counts()).rowsRead).toBe(50);

  // Negative control: the page inserting a span right after a title, as Gloss inserts its host, is read.
  await page.evaluate(() => document.querySelectorAll('dd .list-title')[5].after(document.createElement('span')));
  await expect.poll(async () => (await counts()).rowsRead).toBe(51);

  // Three rows the page adds: three rows read, three marks answered.
  await page.evaluate(() => {
    const [dt, dd] = [document.querySelector('dl dt')!, document.querySelector('dl dd')!];
    const id = dt
      .querySelector('a[href*="/abs/"]')!
      .getAttribute('href')!
      .replace(/^.*\/abs\//, '');
    const dl = [...document.querySelectorAll('dl')].at(-1)!;
    for (let i = 0; i < 3; i++) {
      const [t, d] = [dt.cloneNode(true) as Element, dd.cloneNode(true) as Element];
      for (const a of t.querySelectorAll('a[href]')) a.setAttribute('href', a.getAttribute('href')!.replace(id, `2607.${90000 + i}`));
      d.querySelector('.list-title')!.append(` Added ${i}`);
      dl.append(t, d);
    }
  });
  await waitForMarks(page, 53);
  await expect.poll(async () => (await counts()).rowsRead).toBe(54);
  const added = await waitForMark(page, 52, (m) => m.saved !== null);
  expect(added).toMatchObject({ saved: false, after: expect.stringMatching(/Added 2\s*$/) });

  // A row the page removes loses its mark; nothing is read.
  await page.evaluate(() => {
    const dt = document.querySelectorAll('dl dt')[10];
    dt.nextElementSibling!.remove();
    dt.remove();
  });
  await waitForMarks(page, 52);
  await page.waitForTimeout(300);
  expect(await counts()).toEqual({ rowsRead: 54, scans: undefined });
  expect((await readMarks(page)).filter((m) => m.saved)).toHaveLength(1);
  await page.close();
});
