/**
 * Reliability in the real browser: hostile pages run no script through Gloss, a stopped service
 * worker loses no note, a popup closed mid-sentence loses nothing.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { HF_DAILY, launch, until, type Gloss } from './harness';

const PAYLOADS = {
  title: '<img src=x onerror="window.__pwned=\'title\'">Hostile <b>Title</b> javascript:alert(1)',
  author: '<script>window.__pwned="author"</script>Eve',
  summary: '"><svg onload="window.__pwned=\'abstract\'"></svg>' + 'Long '.repeat(4000),
  note: '<img src=x onerror="window.__pwned=\'note\'"> [click](javascript:window.__pwned=1) </textarea><script>window.__pwned="note2"</script>',
  github: 'javascript:window.__pwned="link"',
};

/** The real HF page with its first paper's data replaced by hostile strings. */
function hostilePage(): string {
  const html = readFileSync(HF_DAILY, 'utf8');
  return html.replace(/data-target="DailyPapers"([^>]*?)data-props="([^"]*)"/, (whole, mid: string, props: string) => {
    const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    const encode = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const data = JSON.parse(decode(props));
    const p = data.dailyPapers[0].paper;
    p.title = PAYLOADS.title;
    p.authors[0].name = PAYLOADS.author;
    p.summary = PAYLOADS.summary;
    p.githubRepo = PAYLOADS.github;
    return `data-target="DailyPapers"${mid}data-props="${encode(JSON.stringify(data))}"`;
  });
}

let gloss: Gloss;
const dialogs: string[] = [];
const watch = (p: Page) => p.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
const pwned = (p: Page) => p.evaluate(() => (window as unknown as { __pwned?: string }).__pwned ?? null);

beforeAll(async () => {
  gloss = await launch();
  gloss.serve('https://huggingface.co/papers', hostilePage(), { html: true });
});

afterAll(async () => {
  await gloss?.close();
});

test('hostile titles, authors, abstracts, links and notes are shown as text everywhere; no script runs', async () => {
  const page = await gloss.context.newPage();
  watch(page);
  await page.goto('https://huggingface.co/papers');
  await until(() => page.locator('gloss-mark').count(), 31);
  const card = page.locator('article').first();
  await card.getByRole('button', { name: 'Save', exact: true }).click();
  await card.getByRole('button', { name: 'Add note' }).click();
  await card.getByRole('textbox', { name: 'Note' }).fill(PAYLOADS.note);
  await card.getByRole('textbox', { name: 'Note' }).press('Escape');
  await expect.poll(() => card.locator('gloss-mark .preview').getAttribute('title')).toBe(PAYLOADS.note);
  expect(await card.locator('gloss-mark img, gloss-mark script, gloss-mark svg:not([aria-hidden])').count()).toBe(0);

  const popup = await gloss.popup();
  watch(popup);
  await popup.getByRole('tab', { name: 'Library' }).click();
  const item = popup.getByRole('list', { name: 'Saved papers' }).getByRole('listitem').first();
  await expect.poll(() => item.locator('.title').textContent()).toBe(PAYLOADS.title);
  await item.getByRole('button').click();
  expect(await popup.getByRole('heading', { level: 2 }).textContent()).toBe(PAYLOADS.title);
  expect(await popup.getByRole('textbox', { name: 'Note' }).inputValue()).toBe(PAYLOADS.note);
  // The javascript: code link from the page was never kept.
  expect(await popup.getByRole('link', { name: 'Code' }).count()).toBe(0);
  expect(await popup.locator('a[href^="javascript:"]').count()).toBe(0);

  const lib = await gloss.context.newPage();
  watch(lib);
  await lib.goto(`chrome-extension://${gloss.extensionId}/library.html`);
  await lib.getByRole('tab', { name: 'Notes' }).click();
  await expect.poll(() => lib.locator('.note-text').first().textContent()).toBe(PAYLOADS.note);

  await page.waitForTimeout(300);
  for (const p of [page, popup, lib]) expect(await pwned(p)).toBeNull();
  expect(dialogs).toEqual([]);
});

test('a note typed while the browser stops the service worker is stored once it restarts', async () => {
  const page = await gloss.context.newPage();
  await page.goto('https://huggingface.co/papers');
  await until(() => page.locator('gloss-mark').count(), 31);
  const card = page.locator('article').nth(3);
  await card.getByRole('button', { name: 'Add note' }).click();
  const cdp = await gloss.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await card.getByRole('textbox', { name: 'Note' }).fill('Typed while the worker was stopped.');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await card.getByRole('textbox', { name: 'Note' }).press('Escape');
  await expect.poll(() => card.locator('gloss-mark .preview').textContent(), { timeout: 5000 }).toBe('Typed while the worker was stopped.');
  await page.reload();
  await until(() => page.locator('gloss-mark').count(), 31);
  await expect.poll(() => page.locator('article').nth(3).locator('gloss-mark .preview').textContent()).toBe('Typed while the worker was stopped.');
});

test('a note typed in the popup survives closing the popup mid-sentence', async () => {
  const popup = await gloss.popup();
  await popup.getByRole('tab', { name: 'Library' }).click();
  await popup.getByRole('list', { name: 'Saved papers' }).getByRole('listitem').first().getByRole('button').click();
  const note = popup.getByRole('textbox', { name: 'Note' });
  await note.fill('');
  await note.pressSequentially('Half a thought', { delay: 5 });
  await popup.close({ runBeforeUnload: false });
  const again = await gloss.popup();
  await again.getByRole('tab', { name: 'Library' }).click();
  await again.getByRole('list', { name: 'Saved papers' }).getByRole('listitem').first().getByRole('button').click();
  await expect.poll(() => again.getByRole('textbox', { name: 'Note' }).inputValue()).toBe('Half a thought');
  // And it reached the library, not just the draft.
  await expect.poll(async () => (await again.evaluate(() => (globalThis as any).chrome.runtime.sendMessage({ gloss: 1, method: 'search', args: { query: 'half thought' } }))).value.total).toBe(1);
});
