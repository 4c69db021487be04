/**
 * Issue 16's path in real Chromium: save papers from the real arXiv, ACL, IEEE and publisher
 * pages, import a tricky BibTeX file (math, accents, books, `and others`, a corporate author, one
 * broken entry) through the library page, export BibTeX, BibLaTeX, CSL-JSON and RIS, run the
 * real bibtex + pdflatex on the BibTeX, parse the rest with their parsers, and compare each
 * paper's key across a full export, a selection export and the popup's Copy BibTeX.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-csl';
import { parse } from '@retorquere/bibtex-parser';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parseImport } from '../../lib/import';
import { FIXTURES, ROOT, launch, popupFor, saveFromArxivListing, until, ARXIV_RECENT, type Gloss } from './harness';

let gloss: Gloss;
let lib: Page;

const PAGES: Array<[string, string]> = [
  ['https://aclanthology.org/2021.naacl-main.208/', 'acl-anthology/acl_2021.naacl-main.208.html'],
  ['https://ieeexplore.ieee.org/document/10772053', 'ieee/10.1109_TIM.2024.3509573_landing.html'],
  ['https://journals.plos.org/plosone/article?id=10.1371/journal.pone.0213978', 'other-publishers/plos_one_article.html'],
];

/** Opens a single-paper page and saves its paper from the popup's "This page", as a person would. */
async function saveSinglePaper(url: string) {
  const page = await gloss.context.newPage();
  await page.goto(url);
  const popup = await popupFor(gloss, new URL(url).hostname);
  const list = popup.getByRole('list', { name: 'Papers on this page' });
  await until(() => list.getByRole('listitem').count(), 1, 15_000);
  await list.getByRole('button', { name: 'Save', exact: true }).click();
  await until(() => list.getByRole('button', { name: 'Saved', exact: true }).count(), 1);
  await popup.close();
  await page.close();
}

async function download(page: Page, format: string, button: string) {
  await page.getByRole('combobox', { name: 'Format' }).first().selectOption(format);
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).first().click()]);
  return readFileSync((await file.path())!, 'utf8');
}

const keysOf = (bib: string) => [...bib.matchAll(/^@\w+\{([^,]+),/gm)].map((m) => m[1]);

beforeAll(async () => {
  gloss = await launch();
  gloss.serve('https://arxiv.org/list/cs.CL/recent', ARXIV_RECENT);
  for (const [url, file] of PAGES) gloss.serve(url, join(FIXTURES, file));
  (await saveFromArxivListing(gloss, [0, 1])).close();
  for (const [url] of PAGES) await saveSinglePaper(url);
  lib = await gloss.context.newPage();
  await lib.goto(`chrome-extension://${gloss.extensionId}/library.html`);
  await until(() => lib.getByRole('status').first().textContent(), '5 papers');
}, 120_000);

afterAll(async () => {
  await gloss?.close();
});

test('the tricky BibTeX file: the broken entry is named by key and line, the other six import on the user’s click', async () => {
  await lib.getByLabel(/^Import a file/).setInputFiles(join(ROOT, 'tests/fixtures/imports/bibtex/tricky.bib'));
  const preview = lib.getByRole('group', { name: 'Import preview' });
  await expect.poll(() => preview.textContent()).toContain('BibTeX, 6 papers');
  expect(await preview.getByRole('group', { name: 'Entries that cannot be imported' }).textContent()).toContain(
    'entry broken2020, line 54: the BibTeX is malformed',
  );
  await preview.getByRole('button', { name: 'Import 6 papers, leave out 1' }).click();
  await expect.poll(() => lib.getByRole('status').first().textContent()).toBe('11 papers');
  // The table shows each paper's key; the file's own keys were kept.
  const keys = await lib.locator('.c-key').allTextContents();
  for (const k of ['vaswani2017attention', 'muller2021sorting', 'atlas2012observation', 'knuth1984texbook', 'lamport1994latex', 'qwen2024'])
    expect(keys).toContain(k);
});

test('BibTeX: the real bibtex and pdflatex (plain style) accept the export, with venues and years where known', async () => {
  const bib = await download(lib, 'bibtex', 'Export library');
  expect(keysOf(bib)).toHaveLength(11);
  expect(bib).toMatch(/@inproceedings\{scao2021many,[^@]*booktitle = \{Proceedings of the 2021 Conference of the North American Chapter/);
  expect(bib).toMatch(/@article\{[^,]+,[^@]*journal = \{{IEEE} Transactions on Instrumentation and Measurement\}/);
  expect(bib).toContain('{$\\mathcal{O}(n^2)$}');
  expect(bib).not.toMatch(/[^\x00-\x7f]/);
  const dir = mkdtempSync(join(tmpdir(), 'gloss-e2e-tex-'));
  writeFileSync(join(dir, 'refs.bib'), bib);
  writeFileSync(
    join(dir, 'main.tex'),
    '\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage{amssymb}\n\\begin{document}\n\\nocite{*}\n\\bibliographystyle{plain}\n\\bibliography{refs}\n\\end{document}\n',
  );
  const run = (cmd: string, args: string[]) => spawnSync(cmd, args, { cwd: dir, encoding: 'utf8', timeout: 60_000 }).status;
  const latex = () => run('pdflatex', ['-no-shell-escape', '-interaction=nonstopmode', '-halt-on-error', 'main.tex']);
  const status = [latex(), run('bibtex', ['main']), latex(), latex()];
  const blg = readFileSync(join(dir, 'main.blg'), 'utf8');
  expect(status[0]).toBe(0);
  expect(status[1], blg).toBeLessThanOrEqual(1);
  expect(status.slice(2)).toEqual([0, 0]);
  expect(blg).not.toMatch(/error message/);
  // No paper that has a venue or a year is missing it in the bibliography.
  expect(blg).not.toMatch(/empty (journal|booktitle|year) in/);
});

test('BibLaTeX (date, no year), CSL-JSON and RIS read back with their parsers', async () => {
  const biblatex = await download(lib, 'biblatex', 'Export library');
  const { entries, errors } = parse(biblatex, { sentenceCase: false });
  // The parser cannot render some math macros the export keeps on purpose (\mathcal, \mathbb).
  expect(errors.filter((e) => !/^unhandled macro/.test((e as { error: string }).error))).toEqual([]);
  expect(entries).toHaveLength(11);
  for (const e of entries) expect(e.fields.year).toBeUndefined();
  expect(entries.find((e) => e.key === 'muller2021sorting')!.fields.date).toBe('2021-03');
  const csl = JSON.parse(await download(lib, 'csl', 'Export library'));
  const items = new Cite(csl).data as Array<Record<string, any>>;
  expect(items).toHaveLength(11);
  expect(items.find((i) => i.id === 'scao2021many')).toMatchObject({ type: 'paper-conference', page: '2627-2636' });
  expect(items.find((i) => i.id === 'atlas2012observation')!.author).toEqual([{ literal: 'The ATLAS Collaboration' }]);
  const ris = await download(lib, 'ris', 'Export library');
  for (const line of ris.split('\n').filter(Boolean)) expect(line).toMatch(/^[A-Z][A-Z0-9] {2}-( |$)/);
  const back = parseImport(ris);
  expect(back.format).toBe('ris');
  expect(back.items.map((i) => i.citeKey).sort()).toEqual(keysOf(await download(lib, 'bibtex', 'Export library')).sort());
});

test('a paper’s key is the same in the full export, a selection export and the popup’s Copy BibTeX; an edited key follows', async () => {
  const full = keysOf(await download(lib, 'bibtex', 'Export library'));
  const table = lib.getByRole('table', { name: 'Saved papers' });
  await table.getByRole('checkbox', { name: /^Select Sorting in/ }).check();
  await table.getByRole('checkbox', { name: /^Select How many data points/ }).check();
  const selection = keysOf(await download(lib, 'bibtex', 'Export selection'));
  expect(selection.sort()).toEqual(['muller2021sorting', 'scao2021many']);
  for (const k of selection) expect(full).toContain(k);

  const popup = await gloss.popup();
  await popup.evaluate(() => {
    (window as unknown as { copied: string[] }).copied = [];
    navigator.clipboard.writeText = async (t: string) => void (window as unknown as { copied: string[] }).copied.push(t);
  });
  await popup.getByRole('tab', { name: 'Library' }).click();
  await popup.getByRole('searchbox', { name: 'Search your library' }).fill('prompt worth');
  const first = popup.getByRole('list', { name: 'Saved papers' }).getByRole('listitem').first().locator('.title');
  await expect.poll(() => first.textContent()).toBe('How many data points is a prompt worth?');
  await popup.getByRole('searchbox', { name: 'Search your library' }).press('ArrowDown');
  await popup.keyboard.press('Enter');
  const key = popup.getByRole('textbox', { name: 'Cite key' });
  await expect.poll(() => key.inputValue()).toBe('scao2021many');
  await popup.getByRole('button', { name: 'Copy BibTeX' }).click();
  const copied = () => popup.evaluate(() => (window as unknown as { copied: string[] }).copied);
  await expect.poll(async () => (await copied()).length).toBe(1);
  expect(keysOf((await copied())[0])).toEqual(['scao2021many']);
  // A taken key is refused with a reason; a free one is stored and used everywhere.
  await key.fill('muller2021sorting');
  await key.press('Enter');
  await expect.poll(() => popup.getByRole('alert').textContent()).toContain('already has the key muller2021sorting');
  await key.fill('LeScao2021');
  await key.press('Enter');
  await expect.poll(() => popup.getByRole('alert').count()).toBe(0);
  await popup.getByRole('button', { name: 'Copy BibTeX' }).click();
  await expect.poll(async () => (await copied()).length).toBe(2);
  expect(keysOf((await copied())[1])).toEqual(['LeScao2021']);
  await popup.close();
  await lib.reload();
  await expect.poll(() => lib.getByRole('status').first().textContent()).toBe('11 papers');
  expect(keysOf(await download(lib, 'bibtex', 'Export library'))).toContain('LeScao2021');
});

test('citation details corrected in the popup are what Copy BibTeX writes; a malformed date is refused with a reason', async () => {
  const popup = await gloss.popup();
  await popup.evaluate(() => {
    (window as unknown as { copied: string[] }).copied = [];
    navigator.clipboard.writeText = async (t: string) => void (window as unknown as { copied: string[] }).copied.push(t);
  });
  await popup.getByRole('tab', { name: 'Library' }).click();
  await popup.getByRole('searchbox', { name: 'Search your library' }).fill('prompt worth');
  const first = popup.getByRole('list', { name: 'Saved papers' }).getByRole('listitem').first().locator('.title');
  await expect.poll(() => first.textContent()).toBe('How many data points is a prompt worth?');
  await popup.getByRole('searchbox', { name: 'Search your library' }).press('ArrowDown');
  await popup.keyboard.press('Enter');
  await popup.getByText('Citation details').click();
  const details = popup.locator('.details-editor');
  await details.getByLabel('Date').fill('May 2021');
  await details.getByRole('button', { name: 'Save details' }).click();
  await expect.poll(() => details.getByRole('status').textContent()).toContain('Write the date as');
  await details.getByLabel('Date').fill('2021-06');
  await details.getByLabel('Type').selectOption('inproceedings');
  await details.getByLabel('Journal or proceedings').fill('Proceedings of NAACL-HLT 2021');
  await details.getByLabel('Pages').fill('2627--2636');
  await details.getByRole('button', { name: 'Save details' }).click();
  await expect.poll(() => details.getByRole('status').textContent()).toBe('Details saved.');
  await popup.getByRole('button', { name: 'Copy BibTeX' }).click();
  const copied = () => popup.evaluate(() => (window as unknown as { copied: string[] }).copied);
  await expect.poll(async () => (await copied()).length).toBe(1);
  const bib = (await copied())[0];
  expect(bib).toMatch(/^@inproceedings\{/);
  expect(bib).toMatch(/booktitle = \{Proceedings of \{NAACL\}-\{HLT\} 2021\}/);
  expect(bib).toMatch(/pages = \{2627--2636\}/);
  expect(bib).toMatch(/month = jun/);
  await popup.close();
});

test('Replace asks again with the count, keeps a local backup first, and the next file starts from merge', async () => {
  const one = '@article{solo, title = {Only paper}, author = {Doe, Jane}, journal = {J}, year = 2020, doi = {10.1000/solo}}\n';
  await lib.getByLabel(/^Import a file/).setInputFiles({ name: 'solo.bib', mimeType: 'text/x-bibtex', buffer: Buffer.from(one) });
  const preview = lib.getByRole('group', { name: 'Import preview' });
  await expect.poll(() => preview.textContent()).toContain('BibTeX, 1 paper');
  await preview.getByRole('radio', { name: /^Replace the library: 11 saved papers removed/ }).check();
  await preview.getByRole('button', { name: 'Replace library…' }).click();
  // Nothing written yet: a second, explicit step names the count and the backup.
  expect(await lib.getByRole('status').first().textContent()).toBe('11 papers');
  const confirm = preview.getByRole('alert');
  expect(await confirm.textContent()).toContain('This removes all 11 saved papers');
  expect(await confirm.textContent()).toContain('A local backup');
  await confirm.getByRole('button', { name: 'Remove 11 and replace' }).click();
  await expect.poll(() => lib.getByText(/^Imported: /).textContent()).toContain('The 11 papers you had are in a local backup');
  await expect.poll(() => lib.getByRole('status').first().textContent()).toBe('1 paper');
  // The backup is there to restore, made just before the replace.
  const options = await gloss.context.newPage();
  await options.goto(`chrome-extension://${gloss.extensionId}/options.html`);
  await expect.poll(() => options.locator('body').textContent()).toContain('before an import replaced the library');
  await options.close();
  // The next file previews in merge mode.
  await lib.getByLabel(/^Import a file/).setInputFiles({ name: 'solo.bib', mimeType: 'text/x-bibtex', buffer: Buffer.from(one) });
  await expect.poll(() => preview.textContent()).toContain('BibTeX, 1 paper');
  expect(await preview.getByRole('radio', { name: /^Merge/ }).isChecked()).toBe(true);
});
