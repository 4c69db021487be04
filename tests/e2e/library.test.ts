/**
 * Issue 5's path: save from a listing, find it by a word of its note in the popup, export BibTeX
 * through the library page and parse the download, restore a backup into a fresh profile.
 */
import { readFileSync } from 'node:fs';
import { parse } from '@retorquere/bibtex-parser';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { ARXIV_ABS, ARXIV_RECENT, launch, popupFor, saveFromArxivListing, type Gloss } from './harness';
import { clickMark, panelShowing, panelVisible, readMarks, waitForMark, waitForMarks } from './marks';

let gloss: Gloss;
let fresh: Gloss | undefined;
let backupPath = '';

beforeAll(async () => {
  gloss = await launch();
  gloss.serve('https://arxiv.org/list/cs.CL/recent', ARXIV_RECENT);
  gloss.serve('https://arxiv.org/abs/1902.02534', ARXIV_ABS);
  const arxiv = await saveFromArxivListing(gloss, [0, 1, 2]);
  // Note and tag are written in the panel the row's pencil opens.
  const title = (await readMarks(arxiv))[1].after;
  await clickMark(arxiv, 1, 'open');
  const panel = await panelShowing(arxiv, title);
  await panel.getByRole('textbox', { name: 'Note' }).fill('Graphemes matter for Sinhala and Tamil tokenizers.');
  await panel.getByRole('combobox', { name: 'Add tag' }).fill('tokenization');
  await panel.getByRole('combobox', { name: 'Add tag' }).press('Enter');
  await panel.getByRole('button', { name: 'Done' }).click();
  await waitForMark(arxiv, 1, (m) => m.note && m.label.includes('tagged'));
  if (await panelVisible(arxiv)) throw new Error('Done did not close the panel');
  await arxiv.close();
});

afterAll(async () => {
  await gloss?.close();
  await fresh?.close();
});

test('the popup finds a paper by a word of its note, highlighted, and opens it', async () => {
  const popup = await gloss.popup();
  await popup.getByRole('tab', { name: 'Library' }).click();
  await popup.getByRole('searchbox', { name: 'Search your library' }).fill('sinhal');
  const items = popup.getByRole('list', { name: 'Saved papers' }).getByRole('listitem');
  await expect.poll(() => items.count()).toBe(1);
  expect(await items.locator('mark').first().textContent()).toBe('Sinhala');
  expect(await items.locator('.title').textContent()).toBe('grapheme-kit: Grapheme-Level Metrics and Text Processing for Multilingual NLP');
  // Filters too.
  await popup.getByRole('searchbox', { name: 'Search your library' }).fill('tag:tokenization');
  await expect.poll(() => items.count()).toBe(1);
  // Keyboard: arrow down from the search box, Enter opens the paper.
  await popup.getByRole('searchbox', { name: 'Search your library' }).press('ArrowDown');
  await popup.keyboard.press('Enter');
  await expect
    .poll(() => popup.getByRole('heading', { level: 2 }).textContent())
    .toBe('grapheme-kit: Grapheme-Level Metrics and Text Processing for Multilingual NLP');
  expect(await popup.getByRole('textbox', { name: 'Note' }).inputValue()).toBe('Graphemes matter for Sinhala and Tamil tokenizers.');
  expect(await popup.getByRole('link', { name: 'PDF' }).getAttribute('href')).toBe('https://arxiv.org/pdf/2607.22456');
  await popup.close();
});

test('"This page" in the popup acts on a single-paper page', async () => {
  const abs = await gloss.context.newPage();
  await abs.goto('https://arxiv.org/abs/1902.02534');
  await waitForMarks(abs, 1);
  const probe = await popupFor(gloss, 'arxiv.org/abs');
  const list = probe.getByRole('list', { name: 'Papers on this page' });
  await expect.poll(() => list.getByRole('listitem').count()).toBe(1);
  expect(await list.getByRole('heading').textContent()).toMatch(/^Crowdsourcing open citations with CROCI/);
  await list.getByRole('button', { name: 'Save', exact: true }).click();
  await expect.poll(() => list.getByRole('button', { name: 'Saved', exact: true }).count()).toBe(1);
  // The page's mark follows the save made in the popup.
  await waitForMark(abs, 0, (m) => m.saved === true);
  await probe.close();
  await abs.close();
});

async function download(page: Page, format: string, button: string) {
  await page.getByRole('combobox', { name: 'Format' }).first().selectOption(format);
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).first().click()]);
  return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8'), path: (await file.path())! };
}

test('BibTeX exported from the library page parses, with the note and tags', async () => {
  const lib = await gloss.context.newPage();
  await lib.goto(`chrome-extension://${gloss.extensionId}/library.html`);
  await expect.poll(() => lib.getByRole('status').first().textContent()).toBe('4 papers');
  const bib = await download(lib, 'bibtex', 'Export library');
  expect(bib.name).toMatch(/^gloss-library-\d{4}-\d{2}-\d{2}\.bib$/);
  const { entries, errors } = parse(bib.text, { sentenceCase: false });
  expect(errors).toEqual([]);
  expect(entries).toHaveLength(4);
  const g = entries.find((e) => e.fields.eprint === '2607.22456')!;
  expect(g.fields.title).toBe('grapheme-kit: Grapheme-Level Metrics and Text Processing for Multilingual NLP');
  expect(g.fields.annote).toBe('Graphemes matter for Sinhala and Tamil tokenizers.');
  expect(g.fields.keywords).toEqual(['tokenization']);
  expect(g.fields.primaryclass).toBe('cs.CL');
  const backup = await download(lib, 'backup', 'Export library');
  backupPath = backup.path;
  expect(JSON.parse(backup.text).papers).toHaveLength(4);
  await lib.close();
});

test('bulk tag and delete with undo in the library table', async () => {
  const lib = await gloss.context.newPage();
  await lib.goto(`chrome-extension://${gloss.extensionId}/library.html`);
  const table = lib.getByRole('table', { name: 'Saved papers' });
  await expect.poll(() => table.getByRole('row').count()).toBe(5);
  await table.getByRole('checkbox', { name: /^Select Skill Self-Play/ }).check();
  await table.getByRole('checkbox', { name: /^Select grapheme-kit/ }).check();
  await lib.getByRole('textbox', { name: 'Tags for the selected papers' }).fill('reading-group');
  await lib.getByRole('button', { name: 'Add tags' }).click();
  await expect.poll(() => table.locator('.tag', { hasText: '#reading-group' }).count()).toBe(2);
  await lib.getByRole('button', { name: 'Delete', exact: true }).click();
  await expect.poll(() => table.getByRole('row').count()).toBe(3);
  await lib.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => table.getByRole('row').count()).toBe(5);
  expect(await table.locator('.tag', { hasText: '#reading-group' }).count()).toBe(2);
  await lib.close();
});

test('a backup restores into a fresh profile: the same library', async () => {
  fresh = await launch();
  const lib = await fresh.context.newPage();
  await lib.goto(`chrome-extension://${fresh.extensionId}/library.html`);
  await expect.poll(() => lib.getByRole('status').first().textContent()).toBe('0 papers');
  await lib.getByLabel(/^Import a file/).setInputFiles(backupPath);
  const preview = lib.getByRole('group', { name: 'Import preview' });
  await expect.poll(() => preview.textContent()).toContain('Gloss backup, 4 papers');
  expect(await preview.textContent()).toContain('Merge: 4 new, 0 updated, 0 unchanged');
  await preview.getByRole('button', { name: 'Import' }).click();

  await expect.poll(() => lib.getByRole('status').first().textContent()).toBe('4 papers');
  const popup = await fresh.popup();
  await popup.getByRole('tab', { name: 'Library' }).click();
  await popup.getByRole('searchbox', { name: 'Search your library' }).fill('tamil');
  await expect.poll(() => popup.getByRole('list', { name: 'Saved papers' }).getByRole('listitem').count()).toBe(1);
  // Importing the same file again adds nothing.
  await lib.getByLabel(/^Import a file/).setInputFiles(backupPath);
  await expect.poll(() => preview.textContent()).toContain('Merge: 0 new, 0 updated, 4 unchanged');
});
