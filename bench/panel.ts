/**
 * The private panel: time from a trusted click on a row's pencil to the panel showing the paper,
 * and to its related papers; the first open on a page (the frame loads) and later opens; the
 * frame's own JS heap. The marks have no per-row frame, so this one frame is all Gloss adds.
 */
import type { Page } from 'playwright-core';
import { clickMark, markButtonPoint, panelOf, waitForMarks } from '../tests/e2e/marks';
import { targetHeap } from './lib/extension';
import { median } from './lib/metrics';

export interface PanelFigures {
  firstOpen: number;
  reopen: number;
  related: number;
  frameHeapMb: number;
}

async function open(page: Page, row: number): Promise<{ shown: number; related: number }> {
  const { x, y } = await markButtonPoint(page, row, 'open');
  const start = Date.now();
  await page.mouse.click(x, y);
  const frame = await panelOf(page, 30_000, 5);
  const shown = Date.now() - start;
  await frame
    .getByText('Finding related papers…')
    .waitFor({ state: 'detached', timeout: 30_000 })
    .catch(() => {});
  const related = Date.now() - start;
  await page.keyboard.press('Escape');
  return { shown, related };
}

/** The panel frame's V8 heap (it runs in the extension's process). */
const frameHeap = (page: Page) => targetHeap(page, (t) => t.url.includes('/panel.html'), 'no panel frame target');

export async function measurePanel(page: Page, url: string, runs = 7): Promise<PanelFigures> {
  await page.goto(url);
  await waitForMarks(page, 31, 60_000);
  // Escape is sent to the page; the panel closes on it as it does for a person.
  await page.mouse.click(5, 5);
  const first = await open(page, 1);
  const later: Array<{ shown: number; related: number }> = [];
  for (let i = 0; i < runs; i++) later.push(await open(page, 2 + (i % 20)));
  await clickMark(page, 1, 'open');
  await panelOf(page);
  const heap = await frameHeap(page);
  await page.keyboard.press('Escape');
  return {
    firstOpen: first.shown,
    reopen: median(later.map((l) => l.shown)),
    related: median(later.map((l) => l.related)),
    frameHeapMb: heap / 1024 / 1024,
  };
}
