import { afterAll, beforeAll, expect, test } from 'vitest';
import { ARXIV_ABS, ARXIV_RECENT, HF_DAILY, launch, type Gloss } from './harness';

let gloss: Gloss;

beforeAll(async () => {
  gloss = await launch();
  gloss.serve('https://arxiv.org/list/cs.CL/recent', ARXIV_RECENT);
  gloss.serve('https://arxiv.org/abs/1902.02534', ARXIV_ABS);
  gloss.serve('https://arxiv.org/abs/1902.02534v2', ARXIV_ABS);
  gloss.serve('https://huggingface.co/papers', HF_DAILY);
});

afterAll(async () => {
  await gloss?.close();
});

test('the real arXiv listing gets a mark under every title, and saving one works', async () => {
  const page = await gloss.context.newPage();
  await page.goto('https://arxiv.org/list/cs.CL/recent');
  await expect.poll(() => page.locator('gloss-mark').count()).toBe(50);
  const first = page.locator('dd').first();
  expect(await first.locator('gloss-mark').evaluate((m) => m.previousElementSibling?.className)).toContain('list-title');
  await first.getByRole('button', { name: 'Save', exact: true }).click();
  await expect.poll(() => first.getByRole('button', { name: 'Saved', exact: true }).count()).toBe(1);
  await page.close();
});

test('one paper is one record: saved on the abs page, saved on its versioned URL too', async () => {
  const abs = await gloss.context.newPage();
  await abs.goto('https://arxiv.org/abs/1902.02534');
  await expect.poll(() => abs.locator('gloss-mark').count()).toBe(1);
  await abs.getByRole('button', { name: 'Add note' }).click();
  await abs.getByRole('textbox', { name: 'Note' }).fill('Open citations: check COCI coverage.');
  await abs.getByRole('textbox', { name: 'Note' }).press('Escape');
  await abs.goto('https://arxiv.org/abs/1902.02534v2');
  await expect.poll(() => abs.locator('gloss-mark .preview').textContent()).toContain('Open citations');
  await expect.poll(() => abs.getByRole('button', { name: 'Saved', exact: true }).count()).toBe(1);
  await abs.close();
});

test('a page Gloss does not support gets no content script at all', async () => {
  gloss.serve('https://example.org/', '<html><body><a href="https://arxiv.org/abs/1706.03762">Attention Is All You Need</a></body></html>', { html: true });
  const page = await gloss.context.newPage();
  await page.goto('https://example.org/');
  await page.waitForTimeout(500);
  expect(await page.locator('gloss-mark').count()).toBe(0);
  await page.close();
});
