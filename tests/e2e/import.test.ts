/**
 * The library page reads import files in a worker: a BibTeX file whose @strings double each
 * other is refused in moments and the page stays responsive; an ordinary file still previews.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
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

const upload = (name: string, text: string) => lib.getByLabel(/^Import a file/).setInputFiles({ name, mimeType: 'text/x-bibtex', buffer: Buffer.from(text) });

test('nested @string doubling is refused quickly, naming the @string; nothing imported', async () => {
  let bomb = '@string{a0 = "x"}\n';
  for (let i = 1; i <= 40; i++) bomb += `@string{a${i} = a${i - 1} # a${i - 1}}\n`;
  bomb += '@article{bomb, title = a40, doi = {10.1000/bomb}}\n';
  const start = Date.now();
  await upload('bomb.bib', bomb);
  await expect.poll(() => lib.getByRole('alert').textContent(), { timeout: 5_000 }).toContain('bomb.bib: line 16: @string "a15" expands to 32,768 characters');
  expect(Date.now() - start).toBeLessThan(5_000);
  expect(await lib.getByRole('alert').textContent()).toContain('Nothing was imported.');
  // The page answers (the parse never ran on its thread).
  expect(await lib.evaluate(() => 1 + 1)).toBe(2);
  expect(await lib.getByRole('status').first().textContent()).toBe('0 papers');
});

test('an ordinary BibTeX file with @strings previews and imports through the worker', async () => {
  await upload(
    'ok.bib',
    '@string{jmlr = "Journal of Machine Learning Research"}\n@article{k, title = {Attention}, journal = jmlr, month = jun, year = 2017, doi = {10.1000/attention}}\n',
  );
  const preview = lib.getByRole('group', { name: 'Import preview' });
  await expect.poll(() => preview.textContent()).toContain('BibTeX, 1 paper');
  await preview.getByRole('button', { name: 'Import' }).click();
  await expect.poll(() => lib.getByRole('status').first().textContent()).toBe('1 paper');
});
