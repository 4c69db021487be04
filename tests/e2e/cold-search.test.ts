/**
 * The popup's first search after the browser stopped the worker, with 2,000 saved papers: the
 * worker answers from a scan while it builds its index, and the popup asks again on its own, so
 * a query only the index can answer (a typo) finds its paper without another keystroke.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadCorpus } from '../corpus';
import { fillLibrary, launch, stopWorker, type Gloss } from './harness';

let gloss: Gloss;

beforeAll(async () => {
  gloss = await launch();
  await fillLibrary(gloss, loadCorpus().slice(0, 2000));
}, 120_000);

afterAll(async () => {
  await gloss?.close();
});

test('a typo finds its paper on a cold worker, without typing again', async () => {
  const page = await gloss.context.newPage();
  await stopWorker(page);
  const popup = await gloss.popup();
  await popup.getByRole('tab', { name: 'Library' }).click();
  // "chamelon" is one letter from "Chameleon": no word starts with it, so the scan finds nothing.
  await popup.getByRole('searchbox', { name: 'Search your library' }).fill('chamelon counterfac');
  const first = popup.getByRole('list', { name: 'Saved papers' }).getByRole('listitem').first();
  await expect.poll(() => first.locator('.title').textContent(), { timeout: 15_000 }).toMatch(/^Outsmarting the Chameleon: Counterfactual Decoupling/);
  await expect(popup.getByRole('status').textContent()).resolves.toBe('1 paper');
});
