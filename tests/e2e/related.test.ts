/**
 * Issue 4's path as a person walks it: save three papers from the real arXiv listing, open the
 * real HF listing, and see which rows relate to them and why.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { ARXIV_RECENT, HF_DAILY, launch, popupFor, saveFromArxivListing, stopWorker, type Gloss } from './harness';
import { clickMark, closePanelByKey, panelShowing, panelVisible, readMarks, waitForMark, waitForMarks } from './marks';

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
  await waitForMarks(hf, 31);
});

afterAll(async () => {
  await gloss?.close();
});

/** Indexes of the rows whose mark has its "related" dot on. */
const relatedRows = async () => (await readMarks(hf)).flatMap((m, i) => (m.related ? [i] : []));

test('related dots appear on the rows that share a topic with the saved papers, and only there', async () => {
  // Was: a "n related" chip with text on the row. The mark now has a dot and says so only in its closed root.
  await expect.poll(relatedRows).toEqual([ROW_MOE, ROW_TRANSLATION]);
  const marks = await readMarks(hf);
  expect(marks[ROW_MOE].label).toMatch(/\b\d+ related in your library\b/);
  expect(marks[0].label).not.toMatch(/related/);
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

test('the panel of a related row lists the related saved paper with the terms that made it related', async () => {
  const title = (await readMarks(hf))[ROW_MOE].after;
  await clickMark(hf, ROW_MOE, 'open');
  // Was: a dialog in the page. The list is in the extension's panel frame.
  const panel = await panelShowing(hf, title);
  const list = panel.getByRole('list', { name: 'Related papers in your library' });
  await expect.poll(() => list.getByRole('listitem').count()).toBe(1);
  // The title's TeX is rendered as MathML (its source kept as the annotation).
  expect(await list.getByRole('link').textContent()).toContain('-LoRA: When MoE Models Meet MoE-style Low-Rank Adaptation');
  await expect.poll(() => list.getByRole('link').locator('math annotation').textContent()).toBe('^2');
  expect(await list.getByRole('link').getAttribute('href')).toBe('https://arxiv.org/abs/2607.21978');
  expect(await list.locator('.why .term').allTextContents()).toContain('moe');
  // The page did not move: the panel floats over it.
  const scroll = await hf.evaluate(() => scrollY);
  await closePanelByKey(hf);
  expect(await panelVisible(hf)).toBe(false);
  expect(await hf.evaluate(() => scrollY)).toBe(scroll);
});

test('the page keeps its own order; the count of papers on it is in the popup', async () => {
  // Was: the page bar's "31 papers", "2 related" and its "For you" reordering. The bar left the page
  // (it showed private counts to the page) and Gloss no longer moves the page's cards; the related
  // rows are the dots above, and the list of the page's papers is the popup's "This page".
  const titles = () => hf.locator('article h3').allTextContents();
  const original = await titles();
  const popup = await popupFor(gloss, 'huggingface.co/papers');
  const list = popup.getByRole('list', { name: 'Papers on this page' });
  await expect.poll(() => list.getByRole('listitem').count()).toBe(31);
  expect((await list.getByRole('heading').allTextContents()).map((t) => t.trim())).toEqual(original.map((t) => t.trim()));
  await popup.close();
  expect(await titles()).toEqual(original);
  expect((await readMarks(hf)).length).toBe(31);
});

test('several papers of the page saved with tags from the popup', async () => {
  // Was: "Select…" and "Save 2 selected" with tags in the page bar, which is gone. Several papers of
  // a page are saved in the popup's "This page", each with its tags, and the marks follow.
  const popup = await popupFor(gloss, 'huggingface.co/papers');
  const items = popup.getByRole('list', { name: 'Papers on this page' }).getByRole('listitem');
  await expect.poll(() => items.count()).toBe(31);
  for (const n of [3, 4]) {
    const item = items.nth(n);
    await item.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => item.getByRole('button', { name: 'Saved', exact: true }).count()).toBe(1);
    for (const tag of ['batch', 'week-27']) {
      await item.getByRole('combobox', { name: 'Add tag' }).fill(tag);
      await item.getByRole('combobox', { name: 'Add tag' }).press('Enter');
      await expect.poll(() => item.getByRole('button', { name: `Remove tag ${tag}` }).count()).toBe(1);
    }
  }
  await popup.close();
  for (const n of [3, 4]) await waitForMark(hf, n, (m) => m.saved === true && m.label.includes('tagged'));
  expect((await readMarks(hf)).filter((m) => m.saved).length).toBe(2);
  const title = (await readMarks(hf))[3].after;
  await clickMark(hf, 3, 'open');
  const panel = await panelShowing(hf, title);
  for (const tag of ['batch', 'week-27']) expect(await panel.getByRole('button', { name: `Remove tag ${tag}` }).count()).toBe(1);
  await closePanelByKey(hf);
});

test('the related dot follows the library: unsaving the related paper in another tab removes it', async () => {
  const popup = await gloss.popup();
  await popup.evaluate(() => (globalThis as any).chrome.runtime.sendMessage({ gloss: 1, method: 'unsave', args: { id: 'arxiv:2607.21978' } }));
  await expect.poll(async () => (await relatedRows()).includes(ROW_MOE)).toBe(false);
  expect(await relatedRows()).toContain(ROW_TRANSLATION);
  await popup.close();
});

test('a note written right before the worker stops: real IndexedDB keeps it in the journal beside an older snapshot, and the restarted worker answers the page', async () => {
  const popup = await gloss.popup();
  /** The derived records (stamp, snapshot label, journal) and the saved papers' ids, read in the popup. */
  const read = () =>
    popup.evaluate(
      () =>
        new Promise<{ ids: string[]; derived: Record<string, any> }>((resolve, reject) => {
          const open = indexedDB.open('gloss');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction(['vectors', 'derived']);
            const ids = tx.objectStore('vectors').getAllKeys();
            const derived: Record<string, any> = {};
            for (const key of ['vectors-stamp', 'related-snapshot-label', 'related-journal']) {
              const r = tx.objectStore('derived').get(key);
              r.onsuccess = () => (derived[key] = r.result);
            }
            tx.oncomplete = () => (open.result.close(), resolve({ ids: ids.result as string[], derived }));
          };
        }),
    );
  // The worker stores its snapshot a few seconds after the last change (the previous test's).
  await expect
    .poll(async () => (await read()).derived['related-snapshot-label']?.stamp === (await read()).derived['vectors-stamp']?.value, { timeout: 15_000 })
    .toBe(true);
  const { ids } = await read();
  await popup.evaluate((id) => (globalThis as any).chrome.runtime.sendMessage({ gloss: 1, method: 'setNote', args: { id, note: 'read again later' } }), ids[0]);
  const { derived } = await read();
  await popup.close();
  const stamp = derived['vectors-stamp'].value;
  const journal = derived['related-journal'];
  expect(derived['related-snapshot-label'].stamp).toBe(stamp - 1);
  expect(journal.stamp).toBe(stamp);
  expect(journal.base).toBeLessThanOrEqual(stamp - 1);
  expect(journal.at[journal.ids.indexOf(ids[0])]).toBe(stamp);
  await stopWorker(hf);
  await hf.reload();
  await waitForMarks(hf, 31);
  await expect.poll(relatedRows).toContain(ROW_TRANSLATION);
});
