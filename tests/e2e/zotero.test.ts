/**
 * Zotero as a person meets it, in real Chromium: connect in the options with an API key, see the
 * papers of their Zotero library marked on the Hugging Face listing, save one with a note from
 * the listing (it goes to Zotero, the note as a child note), and find it saved, noted and "in
 * Zotero" on a second browser profile connected to the same library. The Zotero Web API is the
 * stand-in of tests/zotero-standin (started here); the extension's code is the built one, with
 * only the API's address changed (options.html?zotero-api=…).
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { documentFromHtml } from '../../scripts/lib/parse-html';
import { recognize } from '../../lib/sites/registry';
import type { PaperMeta } from '../../lib/core/types';
import { htmlToNote } from '../../lib/zotero/note-html';
import { ZoteroStandin } from '../zotero-standin/server';
import { HF_DAILY, launch, stopWorker, until, type Gloss } from './harness';
import { clickMark, closePanelByKey, panelOf, waitForMark, waitForMarks } from './marks';

const KEY = 'AbCdEfGhIjKlMnOpQrStUvWx';
const PREFIX = '/users/7';
const LISTING = 'https://huggingface.co/papers';
const NOTE = 'Read for the routing trick in section 3.';

let s: ZoteroStandin;
let a: Gloss;
let b: Gloss;
let papers: PaperMeta[];

beforeAll(async () => {
  s = new ZoteroStandin();
  s.addKey(KEY, { userID: 7, username: 'ada', access: { user: { library: true, notes: true, write: true } } });
  await s.start();
  papers = recognize(documentFromHtml(readFileSync(HF_DAILY, 'utf8')), LISTING).map((e) => e.paper);
  // The user's Zotero library already holds the paper on row 4 (added with Zotero's own connector), in a collection.
  const [col] = ['READING'];
  s.seed(
    PREFIX,
    [
      {
        itemType: 'preprint',
        title: papers[4].title,
        creators: [{ creatorType: 'author', name: papers[4].authors[0] }],
        url: `https://arxiv.org/abs/${papers[4].ids.arxiv}`,
        archiveID: `arXiv:${papers[4].ids.arxiv}`,
        collections: [col],
      },
    ],
    [{ key: col, name: 'Reading group' }],
  );
  a = await launch();
  b = await launch();
  for (const g of [a, b]) g.serve(LISTING, HF_DAILY);
}, 120_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  await s?.stop();
});

async function connect(g: Gloss): Promise<Page> {
  const options = await g.context.newPage();
  await options.goto(`chrome-extension://${g.extensionId}/options.html?zotero-api=${encodeURIComponent(s.baseUrl)}`);
  const section = options.getByRole('region', { name: 'Zotero' });
  await section.getByLabel('API key').fill(KEY);
  await section.getByRole('button', { name: 'Connect Zotero' }).click();
  await section.getByText(/Connected as/).waitFor();
  await section.getByText(/Last sync: (?!never)/).waitFor({ timeout: 30_000 });
  return options;
}

test('a wrong key gets an error that says what to do, and nothing is stored', async () => {
  const options = await a.context.newPage();
  await options.goto(`chrome-extension://${a.extensionId}/options.html?zotero-api=${encodeURIComponent(s.baseUrl)}`);
  const section = options.getByRole('region', { name: 'Zotero' });
  await section.getByLabel('API key').fill('NotAKeyZoteroKnowsAbout1');
  await section.getByRole('button', { name: 'Connect Zotero' }).click();
  await expect.poll(() => section.getByRole('alert').textContent()).toMatch(/does not know this key/);
  await options.reload();
  await expect.poll(() => options.getByRole('button', { name: 'Connect Zotero' }).count()).toBe(1);
  await options.close();
});

test('connected, the listing shows which papers are in Zotero, saved in Gloss or not', async () => {
  const options = await connect(a);
  await expect.poll(() => options.getByText(/1 items in Zotero/).count()).toBe(1);
  const page = await a.context.newPage();
  await page.goto(LISTING);
  const marks = await waitForMarks(page, papers.length);
  expect(marks.map((m, i) => (m.zotero ? i : -1)).filter((i) => i >= 0)).toEqual([4]);
  expect(marks[4].saved).toBe(false);
  // The panel says where it is in Zotero and links to it.
  await clickMark(page, 4, 'open');
  const panel = await panelOf(page);
  await panel.getByText(/In Zotero · Reading group/).waitFor();
  expect(await panel.getByRole('link', { name: 'Open in Zotero' }).getAttribute('href')).toMatch(/^zotero:\/\/select\/library\/items\/[A-Z0-9]{8}$/);
  await closePanelByKey(page);
  await page.close();
});

test('a paper saved with a note on one profile is in Zotero (note as a child note) and saved, noted, in Zotero on the other', async () => {
  const page = await a.context.newPage();
  await page.goto(LISTING);
  await waitForMarks(page, papers.length);
  await clickMark(page, 0, 'save');
  await waitForMark(page, 0, (m) => m.saved === true);
  const panel = await panelOf(page);
  await panel.getByRole('textbox', { name: 'Note' }).fill(NOTE);
  await waitForMark(page, 0, (m) => m.note);
  await closePanelByKey(page);
  // Local changes go out by themselves a few seconds later.
  await until(async () => s.items(PREFIX).some((o) => o.data.itemType === 'note' && htmlToNote(String(o.data.note)) === NOTE), true, 30_000);
  const item = s.items(PREFIX).find((o) => o.data.title === papers[0].title)!;
  expect(item.data).toMatchObject({ itemType: 'preprint', archiveID: `arXiv:${papers[0].ids.arxiv}` });
  expect(s.items(PREFIX).filter((o) => o.data.title === papers[0].title)).toHaveLength(1);
  // Once Zotero has it, the row says so too.
  await waitForMark(page, 0, (m) => m.zotero, 20_000);

  await connect(b);
  const other = await b.context.newPage();
  await other.goto(LISTING);
  await waitForMarks(other, papers.length);
  const row = await waitForMark(other, 0, (m) => m.saved === true && m.note && m.zotero, 20_000);
  expect(row).toMatchObject({ saved: true, note: true, zotero: true });
  await clickMark(other, 0, 'open');
  const otherPanel = await panelOf(other);
  await expect.poll(() => otherPanel.getByRole('textbox', { name: 'Note' }).inputValue()).toBe(NOTE);
  await closePanelByKey(other);
  // Nothing doubled by the second profile's first sync.
  expect(s.items(PREFIX).filter((o) => o.data.title === papers[0].title)).toHaveLength(1);
  expect(s.items(PREFIX).filter((o) => o.data.itemType === 'note')).toHaveLength(1);
});

test('a note edited on both profiles before either synced keeps both texts on both', async () => {
  const notePanel = async (g: Gloss) => {
    const page = await g.context.newPage();
    await page.goto(LISTING);
    await waitForMarks(page, papers.length);
    await clickMark(page, 0, 'open');
    return { page, panel: await panelOf(page) };
  };
  const syncNow = async (g: Gloss) => {
    const options = await g.context.newPage();
    await options.goto(`chrome-extension://${g.extensionId}/options.html`);
    await options.getByRole('button', { name: 'Sync now' }).click();
    // The same call the button makes resolves when the sync (the running one, joined) has ended.
    await options.evaluate(() => (globalThis as any).chrome.runtime.sendMessage({ gloss: 1, method: 'zoteroSync', args: {} }));
    await expect.poll(() => options.getByText(/0 changes waiting/).count(), { timeout: 30_000 }).toBe(1);
    await options.close();
  };
  const onA = await notePanel(a);
  await onA.panel.getByRole('textbox', { name: 'Note' }).fill(`${NOTE} Written on A.`);
  await waitForMark(onA.page, 0, (m) => m.note);
  await closePanelByKey(onA.page);
  const onB = await notePanel(b);
  await onB.panel.getByRole('textbox', { name: 'Note' }).fill('Written on B instead.');
  await closePanelByKey(onB.page);
  await syncNow(a);
  await syncNow(b);
  await syncNow(a);
  for (const g of [a, b]) {
    const { page, panel } = await notePanel(g);
    const text = () => panel.getByRole('textbox', { name: 'Note' }).inputValue();
    await expect.poll(text, { timeout: 20_000 }).toContain('Written on B instead.');
    expect(await text()).toContain(`${NOTE} Written on A.`);
    await closePanelByKey(page);
    await page.close();
  }
  // One Gloss note in Zotero, holding both.
  const notes = s.items(PREFIX).filter((o) => o.data.itemType === 'note' && htmlToNote(String(o.data.note)).includes('Written on B instead.'));
  expect(notes).toHaveLength(1);
  expect(htmlToNote(String(notes[0].data.note))).toContain(`${NOTE} Written on A.`);
});

test('the popup says when Zotero last synced', async () => {
  const popup = await a.popup();
  await expect
    .poll(() =>
      popup
        .getByRole('status')
        .filter({ hasText: /^Zotero: synced \d/ })
        .count(),
    )
    .toBe(1);
  await popup.close();
});

test('a sync the browser stops mid-write resumes when the worker starts again, through a 429 and a 500: one item, one note', async () => {
  const title = papers[2].title;
  // Zotero takes 3 s to answer the create (the worker is stopped meanwhile; Zotero still writes it),
  // then asks Gloss to slow down once and fails once.
  s.faults.push({ match: (r) => r.method === 'POST' && r.path === `${PREFIX}/items`, delayMs: 3_000, passThrough: true, times: 1 });
  const page = await a.context.newPage();
  await page.goto(LISTING);
  await waitForMarks(page, papers.length);
  await clickMark(page, 2, 'save');
  await waitForMark(page, 2, (m) => m.saved === true);
  const panel = await panelOf(page);
  await panel.getByRole('textbox', { name: 'Note' }).fill('Resumed.');
  await waitForMark(page, 2, (m) => m.note);
  await closePanelByKey(page);
  const posted = () => s.log.filter((r) => r.method === 'POST' && r.path === `${PREFIX}/items`).length;
  const before = posted();
  await until(async () => posted() > before, true, 20_000);
  await stopWorker(page);
  s.faults.push({ match: (r) => r.method === 'GET', status: 429, retryAfter: 1, times: 1 }, { match: (r) => r.method === 'GET', status: 500, times: 1 });
  // Any message wakes the worker; at its start it finds the create it never heard back from and
  // syncs again (its first request meets the 429, then the 500), resending the create with the
  // same write token: Zotero had written it, so nothing is doubled.
  await page.reload();
  await waitForMarks(page, papers.length);
  await until(async () => s.log.some((r) => r.status === 429), true, 40_000);
  await until(async () => s.log.some((r) => r.status === 500), true, 20_000);
  const popup = await a.popup();
  await expect
    .poll(
      () =>
        popup
          .getByRole('status')
          .filter({ hasText: /^Zotero: synced \d/ })
          .textContent(),
      { timeout: 30_000 },
    )
    .not.toMatch(/waiting/);
  await popup.close();
  expect(s.items(PREFIX).filter((o) => o.data.title === title)).toHaveLength(1);
  expect(s.items(PREFIX).filter((o) => o.data.itemType === 'note' && htmlToNote(String(o.data.note)) === 'Resumed.')).toHaveLength(1);
  await page.close();
});

test('Disconnect forgets the key and the copy of the Zotero library; the papers stay in Gloss', async () => {
  const options = await b.context.newPage();
  await options.goto(`chrome-extension://${b.extensionId}/options.html`);
  options.once('dialog', (d) => void d.accept());
  await options.getByRole('button', { name: 'Disconnect' }).click();
  await options.getByRole('button', { name: 'Connect Zotero' }).waitFor();
  const page = await b.context.newPage();
  await page.goto(LISTING);
  const marks = await waitForMarks(page, papers.length);
  expect(marks.filter((m) => m.zotero)).toEqual([]);
  expect(marks[0].saved).toBe(true);
});
