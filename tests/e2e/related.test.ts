/**
 * Issue 4's path as a person walks it: save three papers from the real arXiv listing, open the
 * real HF listing, and see which rows relate to them and why.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { ARXIV_RECENT, HF_DAILY, launch, saveFromArxivListing, until, type Gloss } from './harness';

let gloss: Gloss;
let hf: Page;
const ROW_MOE = 1; // ELDR: Expert-Locality-Aware Decode Routing for PD-Disaggregated MoE Serving
const ROW_TRANSLATION = 24; // AI translation of literary texts is "fine", but readers still prefer human translations

beforeAll(async () => {
  gloss = await launch();
  gloss.serve('https://arxiv.org/list/cs.CL/recent', ARXIV_RECENT);
  gloss.serve('https://huggingface.co/papers', HF_DAILY);
  const arxiv = await saveFromArxivListing(gloss, [0, 2, 17]);
  await arxiv.close();
  hf = await gloss.context.newPage();
  await hf.goto('https://huggingface.co/papers');
  await until(() => hf.locator('gloss-mark').count(), 31);
});

afterAll(async () => {
  await gloss?.close();
});

const card = (n: number) => hf.locator('article').nth(n);
const chip = (n: number) => card(n).getByRole('button', { name: /^\d+ related$/ });

test('related chips appear on the rows that share a topic with the saved papers, and only there', async () => {
  await expect.poll(() => chip(ROW_MOE).count()).toBe(1);
  await expect.poll(() => chip(ROW_TRANSLATION).count()).toBe(1);
  const withChip = await hf.locator('article').evaluateAll((cards) =>
    cards.map((c, i) => [i, !!c.querySelector('gloss-mark')?.shadowRoot?.querySelector('.chip.related')] as const).filter(([, has]) => has).map(([i]) => i),
  );
  expect(withChip).toEqual([ROW_MOE, ROW_TRANSLATION]);
});

test('the worker loaded the shipped topic model: each saved paper is stored with its topic vector', async () => {
  const popup = await gloss.popup();
  const stored = await popup.evaluate(
    () =>
      new Promise<Array<{ bytes: number; model: unknown; int8: boolean }>>((resolve, reject) => {
        const open = indexedDB.open('gloss');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('vectors').objectStore('vectors').getAll();
          all.onsuccess = () => resolve(all.result.map((r) => ({ bytes: r.topic?.length ?? 0, model: r.model, int8: r.topic instanceof Int8Array })));
        };
      }),
  );
  await popup.close();
  expect(stored).toHaveLength(3);
  for (const r of stored) expect(r).toEqual({ bytes: 48, model: 1, int8: true });
});

test('opening a chip lists the related saved paper with the terms that made it related', async () => {
  await chip(ROW_MOE).click();
  const dialog = card(ROW_MOE).getByRole('dialog');
  await expect.poll(() => dialog.isVisible()).toBe(true);
  const list = dialog.getByRole('list', { name: 'Related papers in your library' });
  expect(await list.getByRole('listitem').count()).toBe(1);
  expect(await list.getByRole('link').textContent()).toBe('MoE$^2$-LoRA: When MoE Models Meet MoE-style Low-Rank Adaptation');
  expect(await list.getByRole('link').getAttribute('href')).toBe('https://arxiv.org/abs/2607.21978');
  expect(await dialog.locator('.why .term').allTextContents()).toContain('moe');
  // The page did not move: the panel lives in the top layer.
  const scroll = await hf.evaluate(() => scrollY);
  await hf.keyboard.press('Escape');
  await expect.poll(() => dialog.count()).toBe(0);
  expect(await hf.evaluate(() => scrollY)).toBe(scroll);
});

test('the page bar counts the page and orders it "for you", then back', async () => {
  const bar = hf.getByRole('region', { name: 'Gloss: this page' });
  await expect.poll(() => bar.textContent()).toContain('31 papers');
  expect(await bar.textContent()).toContain('2 related to your library');
  const titles = () => hf.locator('article h3').allTextContents();
  const original = await titles();
  await bar.getByRole('button', { name: 'For you' }).click();
  const ordered = await titles();
  expect(new Set(ordered.slice(0, 2))).toEqual(new Set([original[ROW_MOE], original[ROW_TRANSLATION]]));
  await bar.getByRole('button', { name: 'Page order' }).click();
  expect(await titles()).toEqual(original);
  // Still one mark per card after moving them around.
  expect(await hf.locator('gloss-mark').count()).toBe(31);
});

test('several papers saved at once, with a tag', async () => {
  const bar = hf.getByRole('region', { name: 'Gloss: this page' });
  await bar.getByRole('button', { name: 'Select…' }).click();
  for (const n of [3, 4]) await card(n).getByRole('checkbox', { name: /^Select / }).check();
  await bar.getByRole('textbox', { name: 'Tags for the selected papers' }).fill('batch, week-27');
  await bar.getByRole('button', { name: 'Save 2 selected' }).click();
  for (const n of [3, 4]) {
    await expect.poll(() => card(n).getByRole('button', { name: 'Saved', exact: true }).count()).toBe(1);
    expect(await card(n).locator('gloss-mark .tag').allTextContents()).toEqual(['#batch', '#week-27']);
  }
  expect(await hf.getByRole('checkbox', { name: /^Select / }).count()).toBe(0);
});

test('the chip follows the library: unsaving the related paper in another tab removes it', async () => {
  const popup = await gloss.popup();
  await popup.evaluate(() =>
    (globalThis as any).chrome.runtime.sendMessage({ gloss: 1, method: 'unsave', args: { id: 'arxiv:2607.21978' } }),
  );
  await expect.poll(() => chip(ROW_MOE).count()).toBe(0);
  expect(await chip(ROW_TRANSLATION).count()).toBe(1);
  await popup.close();
});
