import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { HF_DAILY, HF_PAPER, launch, type Gloss } from './harness';

const DAILY = 'https://huggingface.co/papers';
const FIRST_TITLE = 'PerceptionRubrics: Calibrating Multimodal Evaluation to Human Perception';

let gloss: Gloss;
let page: Page;

const card = (p: Page, n: number) => p.locator('article').nth(n);
const marks = (p: Page) => p.locator('gloss-mark');

beforeAll(async () => {
  gloss = await launch();
  gloss.serve(DAILY, HF_DAILY);
  gloss.serve(`${DAILY}/date/2026-07-02`, HF_DAILY);
  gloss.serve(`${DAILY}/2509.24002`, HF_PAPER);
  page = await gloss.context.newPage();
});

afterAll(async () => {
  await gloss?.close();
});

describe('Hugging Face Daily Papers, as a person uses it', () => {
  test('every card gets exactly one mark, in a shadow root, below its title', async () => {
    await page.goto(DAILY);
    await expect.poll(() => marks(page).count()).toBe(31);
    expect(await page.locator('article').count()).toBe(31);
    const perCard = await page.locator('article').evaluateAll((cards) =>
      cards.map((c) => c.querySelectorAll('gloss-mark').length),
    );
    expect(perCard).toEqual(Array(31).fill(1));
    const placement = await card(page, 0).evaluate((c) => {
      const host = c.querySelector('gloss-mark')!;
      return { afterTitle: host.previousElementSibling?.tagName, shadow: !!host.shadowRoot };
    });
    expect(placement).toEqual({ afterTitle: 'H3', shadow: true });
    await expect.poll(() => card(page, 0).getByRole('button', { name: 'Save', exact: true }).isEnabled()).toBe(true);
  });

  test('Save flips at once and survives a reload', async () => {
    const save = card(page, 0).getByRole('button', { name: 'Save', exact: true });
    await save.click();
    const saved = card(page, 0).getByRole('button', { name: 'Saved', exact: true });
    await expect.poll(() => saved.getAttribute('aria-pressed')).toBe('true');
    await page.reload();
    await expect.poll(() => card(page, 0).getByRole('button', { name: 'Saved', exact: true }).count()).toBe(1);
    // Only the paper that was saved is saved.
    expect(await page.getByRole('button', { name: 'Saved', exact: true }).count()).toBe(1);
  });

  test('a note saves without a save button and shows its first words on the mark', async () => {
    await card(page, 1).getByRole('button', { name: 'Add note' }).click();
    const note = card(page, 1).getByRole('textbox', { name: 'Note' });
    await note.fill('Baseline for our KV-cache work: compare against table 3.');
    await note.press('Escape');
    await expect.poll(() => note.count()).toBe(0);
    const preview = card(page, 1).locator('.preview');
    await expect.poll(() => preview.textContent()).toContain('Baseline for our KV-cache work');
    // Focus returns to the button that opened the editor.
    expect(await card(page, 1).getByRole('button', { name: 'Edit note' }).evaluate((b) => b.matches(':focus'))).toBe(true);
    await page.reload();
    await expect.poll(() => card(page, 1).locator('.preview').textContent()).toContain('Baseline for our KV-cache work');
    // A note saves the paper it is written on.
    expect(await card(page, 1).getByRole('button', { name: 'Saved', exact: true }).count()).toBe(1);
  });

  test('the popup lists saved papers newest first; a note edited there reaches the open page', async () => {
    const popup = await gloss.popup();
    const items = popup.getByRole('list', { name: 'Saved papers' }).getByRole('listitem');
    await expect.poll(() => items.count()).toBe(2);
    const secondTitle = (await card(page, 1).locator('h3').textContent())!.trim();
    expect(await items.nth(0).locator('.title').textContent()).toBe(secondTitle);
    expect(await items.nth(1).locator('.title').textContent()).toBe(FIRST_TITLE);
    expect(await items.nth(0).locator('.note-snippet').textContent()).toBe('Baseline for our KV-cache work: compare against table 3.');
    await items.nth(0).getByRole('button').click();
    const note = popup.getByRole('textbox', { name: 'Note' });
    expect(await note.inputValue()).toBe('Baseline for our KV-cache work: compare against table 3.');
    await note.fill('Edited in the popup: read section 4 first.');
    await expect.poll(() => card(page, 1).locator('.preview').textContent()).toContain('Edited in the popup');
    await popup.close();
  });

  test('tags added on the mark show on the mark', async () => {
    await card(page, 0).getByRole('button', { name: 'Add note' }).click();
    const tagField = card(page, 0).getByRole('combobox', { name: 'Add tag' });
    await tagField.fill('evaluation');
    await tagField.press('Enter');
    await expect.poll(() => card(page, 0).getByRole('button', { name: 'Remove tag evaluation' }).count()).toBe(1);
    await card(page, 0).getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => card(page, 0).locator('gloss-mark .tag').first().textContent()).toBe('#evaluation');
  });

  test('marks re-attach when the page replaces cards, never twice', async () => {
    await page.evaluate(() => {
      const cards = [...document.querySelectorAll('article')];
      // What a client-side re-render does: new elements for the same papers, our marks gone.
      for (const c of cards.slice(0, 5)) {
        const fresh = c.cloneNode(true) as Element;
        fresh.querySelectorAll('gloss-mark').forEach((m) => m.remove());
        c.replaceWith(fresh);
      }
    });
    await expect.poll(() => marks(page).count()).toBe(31);
    const perCard = await page.locator('article').evaluateAll((cards) =>
      cards.map((c) => c.querySelectorAll('gloss-mark').length),
    );
    expect(perCard).toEqual(Array(31).fill(1));
    await expect.poll(() => card(page, 0).getByRole('button', { name: 'Saved', exact: true }).count()).toBe(1);
  });

  test('client-side navigation to another date marks the new listing', async () => {
    await page.evaluate(() => {
      const grid = document.querySelector('article')!.parentElement!;
      const template = grid.querySelector('article')!;
      // What the app does on navigation: the old cards go, cards for other papers come.
      grid.querySelectorAll(':scope > article').forEach((c) => c.remove());
      for (const [id, title] of [
        ['2401.00001', 'A First Paper of Another Day'],
        ['2401.00002', 'A Second Paper of Another Day'],
        ['2606.28322', 'PerceptionRubrics: Calibrating Multimodal Evaluation to Human Perception'],
      ]) {
        const c = template.cloneNode(true) as Element;
        c.querySelectorAll('gloss-mark').forEach((m) => m.remove());
        const link = c.querySelector('h3 a')!;
        link.setAttribute('href', `/papers/${id}`);
        link.textContent = title;
        grid.append(c);
      }
      history.pushState({}, '', '/papers/date/2026-07-02');
    });
    await expect.poll(() => marks(page).count()).toBe(3);
    await expect.poll(() => card(page, 0).getByRole('button', { name: 'Save', exact: true }).isEnabled()).toBe(true);
    // The paper saved earlier is recognized as saved on the new listing too.
    await expect.poll(() => card(page, 2).getByRole('button', { name: 'Saved', exact: true }).count()).toBe(1);
  });

  test('the single-paper page gets one mark under its heading', async () => {
    const single = await gloss.context.newPage();
    await single.goto(`${DAILY}/2509.24002`);
    await expect.poll(() => single.locator('gloss-mark').count()).toBe(1);
    expect(await single.locator('gloss-mark').evaluate((m) => m.previousElementSibling?.tagName)).toBe('H1');
    await single.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => single.getByRole('button', { name: 'Saved', exact: true }).count()).toBe(1);
    await single.close();
  });

  test('the background refuses malformed messages and changes nothing', async () => {
    const popup = await gloss.popup();
    const answers = await popup.evaluate(async () => {
      const send = (m: unknown) => (globalThis as any).chrome.runtime.sendMessage(m);
      return Promise.all([
        send({ gloss: 1, method: 'save', args: { paper: { id: 'arxiv:1', title: '<img src=x onerror=alert(1)>' } } }),
        send({ gloss: 1, method: 'dropDatabase', args: {} }),
        send({ hello: 'world' }),
        send({ gloss: 1, method: 'setNote', args: { id: 'arxiv:2606.28322', note: 42 } }),
        send({ gloss: 1, method: 'list', args: {} }),
      ]);
    });
    for (const a of answers.slice(0, 4)) expect(a).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(answers[4]).toMatchObject({ ok: true, value: { total: 3 } });
    await popup.close();
  });
});

describe('theme', () => {
  test('marks follow the page theme, and the theme chosen in the options at once', async () => {
    const themed = await gloss.context.newPage();
    await themed.goto(DAILY);
    await expect.poll(() => themed.locator('gloss-mark').count()).toBe(31);
    const hostTheme = () => themed.locator('gloss-mark').first().getAttribute('data-theme');
    expect(await hostTheme()).toBe('light');
    await themed.evaluate(() => document.documentElement.classList.add('dark'));
    await expect.poll(hostTheme).toBe('dark');
    await themed.evaluate(() => document.documentElement.classList.remove('dark'));
    await expect.poll(hostTheme).toBe('light');
    const options = await gloss.context.newPage();
    await options.goto(`chrome-extension://${gloss.extensionId}/options.html`);
    await options.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
    await expect.poll(hostTheme).toBe('dark');
    expect(await options.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await options.getByRole('combobox', { name: 'Theme' }).selectOption('auto');
    await expect.poll(hostTheme).toBe('light');
    await options.close();
    await themed.close();
  });
});
