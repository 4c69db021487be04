/**
 * A large file through the library page: written in parts with a progress line, and Stop keeps
 * the parts written so far (whole) and says how many papers were imported.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { toBackup } from '../../lib/export/backup';
import { asRecords, loadCorpus } from '../corpus';
import { launch, until, type Gloss } from './harness';

let gloss: Gloss;
let lib: Page;

beforeAll(async () => {
  gloss = await launch();
  lib = await gloss.context.newPage();
  await lib.goto(`chrome-extension://${gloss.extensionId}/library.html`);
  await until(() => lib.getByRole('status').first().textContent(), '0 papers');
});

afterAll(async () => {
  await gloss?.close();
});

test('progress per part, then Stop: whole parts stay, the page says how many, the rest is not written', async () => {
  const papers = asRecords(loadCorpus().slice(0, 6_000));
  // Handing Chromium a 12 MB buffer took 14.5 s at load ~16 (either build): over the 10 s default.
  await lib
    .getByLabel(/^Import a file/)
    .setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(toBackup(papers)) }, { timeout: 120_000 });
  await lib.getByRole('group', { name: 'Import preview' }).getByRole('button', { name: 'Import' }).click({ timeout: 120_000 });
  const panel = lib.locator('.import-panel');
  // A part is written: the line counts it, out of the file's papers.
  await expect.poll(() => panel.getByRole('status').textContent(), { timeout: 120_000 }).toMatch(/^Importing… [1-5],000 of 6,000 papers/);
  await panel.getByRole('button', { name: 'Stop' }).click();
  await expect.poll(() => panel.getByRole('status').textContent(), { timeout: 120_000 }).toMatch(/^Stopped: /);
  const line = (await panel.getByRole('status').textContent())!;
  const written = Number(line.match(/^Stopped: ([\d,]+) of 6,000 papers imported, the rest not\. Imported: (\d+) new/)![1].replace(/,/g, ''));
  // Whole parts of 1,000, fewer than the file, and exactly what the library now holds.
  expect(written % 1_000).toBe(0);
  expect(written).toBeGreaterThan(0);
  expect(written).toBeLessThan(6_000);
  await until(() => lib.getByRole('status').first().textContent(), `${written} papers`, 60_000);
});
