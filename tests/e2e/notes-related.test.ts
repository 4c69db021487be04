/**
 * Issue 17: a note counts for related also on a paper with an abstract of its own, as a person
 * does it on the real HF daily listing: write a note on an image-deblurring paper that names
 * another subject, and the listing's paper on that subject shows it as related, "your note".
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { HF_DAILY, launch, type Gloss } from './harness';
import { clickMark, closePanelByKey, panelShowing, panelVisible, readMarks, waitForMark, waitForMarks } from './marks';

let gloss: Gloss;
let hf: Page;
const ROW_DEBLUR = 28; // CogSENet: Blind Image Deblurring with Blur-Conditioned Semantic Routing …
const ROW_SYCOPHANCY = 3; // MemSyco-Bench: Benchmarking Sycophancy in Agent Memory

beforeAll(async () => {
  gloss = await launch();
  gloss.serve('https://huggingface.co/papers', HF_DAILY);
  hf = await gloss.context.newPage();
  await hf.goto('https://huggingface.co/papers');
  await waitForMarks(hf, 31);
});

afterAll(async () => {
  await gloss?.close();
});

test('a note naming a subject makes the paper on that subject related, and the panel says it is your note', async () => {
  const deblur = (await readMarks(hf))[ROW_DEBLUR].after;
  await clickMark(hf, ROW_DEBLUR, 'save');
  await waitForMark(hf, ROW_DEBLUR, (m) => m.saved === true);
  await closePanelByKey(hf);
  await hf.reload();
  await waitForMarks(hf, 31);
  // Saved, with its own abstract only: nothing about sycophancy relates to it.
  await waitForMark(hf, ROW_DEBLUR, (m) => m.saved === true);
  expect((await readMarks(hf))[ROW_SYCOPHANCY].related).toBeFalsy();

  await clickMark(hf, ROW_DEBLUR, 'open');
  const panel = await panelShowing(hf, deblur);
  const note = panel.getByRole('textbox', { name: 'Note' });
  await note.fill('Use as the baseline in our sycophancy study.');
  await note.press('Escape');
  await expect.poll(() => panelVisible(hf)).toBe(false);
  await waitForMark(hf, ROW_DEBLUR, (m) => m.note);

  await hf.reload();
  await waitForMarks(hf, 31);
  await waitForMark(hf, ROW_SYCOPHANCY, (m) => !!m.related);
  const title = (await readMarks(hf))[ROW_SYCOPHANCY].after;
  await clickMark(hf, ROW_SYCOPHANCY, 'open');
  const related = (await panelShowing(hf, title)).getByRole('list', { name: 'Related papers in your library' });
  const item = related.getByRole('listitem').filter({ hasText: 'CogSENet' });
  await expect.poll(() => item.count()).toBe(1);
  expect(await item.locator('.why').textContent()).toMatch(/^your note or tags: .*sycophancy/);
  await closePanelByKey(hf);
});
