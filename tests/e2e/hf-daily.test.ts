import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { HF_DAILY, HF_PAPER, launch, type Gloss } from './harness';
import { clickMark, closePanelByKey, focusInMark, onMarkHosts, panelShowing, panelVisible, readMarks, waitForMark, waitForMarks } from './marks';

const DAILY = 'https://huggingface.co/papers';
const FIRST_TITLE = 'PerceptionRubrics: Calibrating Multimodal Evaluation to Human Perception';

let gloss: Gloss;
let page: Page;

/** For each mark, the index of the card (article) it sits in, and what it follows. */
const placements = (p: Page) =>
  onMarkHosts<{ card: number; after: string }>(
    p,
    'function () { return { card: [...document.querySelectorAll("article")].indexOf(this.closest("article")), after: this.previousElementSibling?.tagName ?? "" }; }',
  );

/** What a client-side re-render leaves: the card's elements anew, without the span we added. */
const WITHOUT_OUR_SPAN = `(card) => {
  const title = card.querySelector('h3');
  const next = title?.nextElementSibling;
  if (next && next.tagName === 'SPAN' && !next.attributes.length && !next.childNodes.length) next.remove();
  return card;
}`;

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
  test('every card gets exactly one mark, in a closed shadow root, below its title, always the same size', async () => {
    await page.goto(DAILY);
    // readMarks finds marks only inside closed shadow roots; waitForMarks waits for all to be answered.
    const marks = await waitForMarks(page, 31);
    expect(await page.locator('article').count()).toBe(31);
    expect(await placements(page)).toEqual(Array.from({ length: 31 }, (_, card) => ({ card, after: 'H3' })));
    expect(marks[0].after).toBe(FIRST_TITLE);
    expect(marks.every((m) => m.saved === false)).toBe(true);
    // Icons only, no attributes or text the page could read; the same box whatever the state.
    const boxes = await onMarkHosts<{ w: number; h: number; attrs: number; text: string }>(
      page,
      'function () { const r = this.getBoundingClientRect(); return { w: Math.round(r.width), h: Math.round(r.height), attrs: this.attributes.length, text: this.textContent }; }',
    );
    expect(new Set(boxes.map((b) => JSON.stringify(b)))).toEqual(new Set([JSON.stringify({ w: 76, h: 22, attrs: 0, text: '' })]));
  });

  test('Save flips at once, says so with Undo in the panel, and survives a reload', async () => {
    await clickMark(page, 0, 'save');
    await waitForMark(page, 0, (m) => m.saved === true);
    const panel = await panelShowing(page, FIRST_TITLE);
    await expect.poll(() => panel.getByRole('status').filter({ hasText: 'Saved to your library.' }).count()).toBe(1);
    expect(await panel.getByRole('button', { name: 'Undo' }).count()).toBe(1);
    await closePanelByKey(page);
    await page.reload();
    const marks = await waitForMarks(page, 31);
    expect(marks[0].saved).toBe(true);
    expect(marks[0].label).toMatch(/^Gloss: saved\b/);
    // Only the paper that was saved is saved.
    expect(marks.filter((m) => m.saved).length).toBe(1);
  });

  test('a note saves without a save button, turns on the note dot, and reads back in the panel', async () => {
    const title = (await readMarks(page))[1].after;
    await clickMark(page, 1, 'open');
    const panel = await panelShowing(page, title);
    const note = panel.getByRole('textbox', { name: 'Note' });
    await note.fill('Baseline for our KV-cache work: compare against table 3.');
    await note.press('Escape');
    await expect.poll(() => panelVisible(page)).toBe(false);
    // The mark shows that there is a note (its text is only in the panel, never in the page).
    await waitForMark(page, 1, (m) => m.note && m.label.includes('has a note'));
    // Focus returns to the button that opened the panel.
    await expect.poll(() => focusInMark(page, 1)).toBe('open');
    await page.reload();
    await waitForMarks(page, 31);
    // A note saves the paper it is written on.
    const mark = await waitForMark(page, 1, (m) => m.note);
    expect(mark.saved).toBe(true);
    // Was: the note's first words on the mark. The text now lives in the panel.
    await clickMark(page, 1, 'open');
    const again = await panelShowing(page, title);
    expect(await again.getByRole('textbox', { name: 'Note' }).inputValue()).toBe('Baseline for our KV-cache work: compare against table 3.');
    await closePanelByKey(page);
  });

  test('the popup lists saved papers newest first; a note edited there reaches the open page', async () => {
    const secondTitle = (await readMarks(page))[1].after;
    // The page shows the paper's panel while the popup edits its note.
    await clickMark(page, 1, 'open');
    const panel = await panelShowing(page, secondTitle);
    const popup = await gloss.popup();
    const items = popup.getByRole('list', { name: 'Saved papers' }).getByRole('listitem');
    await expect.poll(() => items.count()).toBe(2);
    expect(await items.nth(0).locator('.title').textContent()).toBe(secondTitle);
    expect(await items.nth(1).locator('.title').textContent()).toBe(FIRST_TITLE);
    expect(await items.nth(0).locator('.note-snippet').textContent()).toBe('Baseline for our KV-cache work: compare against table 3.');
    await items.nth(0).getByRole('button').click();
    const note = popup.getByRole('textbox', { name: 'Note' });
    expect(await note.inputValue()).toBe('Baseline for our KV-cache work: compare against table 3.');
    await note.fill('Edited in the popup: read section 4 first.');
    // Was: the mark's note preview. The open panel on the page shows the edit.
    await expect.poll(() => panel.getByRole('textbox', { name: 'Note' }).inputValue()).toBe('Edited in the popup: read section 4 first.');
    // And the mark's note dot follows the library: off when the popup empties the note, on again.
    await note.fill('');
    await waitForMark(page, 1, (m) => !m.note);
    await note.fill('Edited in the popup: read section 4 first.');
    await waitForMark(page, 1, (m) => m.note);
    await popup.close();
    await page.bringToFront();
    await closePanelByKey(page);
  });

  test('tags added in the panel show on the mark and in the panel', async () => {
    await clickMark(page, 0, 'open');
    const panel = await panelShowing(page, FIRST_TITLE);
    const tagField = panel.getByRole('combobox', { name: 'Add tag' });
    await tagField.fill('evaluation');
    await tagField.press('Enter');
    await expect.poll(() => panel.getByRole('button', { name: 'Remove tag evaluation' }).count()).toBe(1);
    await panel.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => panelVisible(page)).toBe(false);
    // Was: '#evaluation' on the mark. The mark says only that the paper is tagged; the tag is in the panel.
    await waitForMark(page, 0, (m) => m.label.includes('tagged'));
    await clickMark(page, 0, 'open');
    const again = await panelShowing(page, FIRST_TITLE);
    expect(await again.getByRole('button', { name: 'Remove tag evaluation' }).count()).toBe(1);
    await closePanelByKey(page);
  });

  test('marks re-attach when the page replaces cards, never twice', async () => {
    await page.evaluate(`(() => {
      const strip = ${WITHOUT_OUR_SPAN};
      // What a client-side re-render does: new elements for the same papers, our marks gone.
      for (const c of [...document.querySelectorAll('article')].slice(0, 5)) c.replaceWith(strip(c.cloneNode(true)));
    })()`);
    await waitForMarks(page, 31);
    expect((await placements(page)).map((p) => p.card)).toEqual(Array.from({ length: 31 }, (_, i) => i));
    await waitForMark(page, 0, (m) => m.saved === true);
  });

  test('client-side navigation to another date marks the new listing', async () => {
    await page.evaluate(`(() => {
      const strip = ${WITHOUT_OUR_SPAN};
      const grid = document.querySelector('article').parentElement;
      const template = grid.querySelector('article');
      // What the app does on navigation: the old cards go, cards for other papers come.
      grid.querySelectorAll(':scope > article').forEach((c) => c.remove());
      for (const [id, title] of [
        ['2401.00001', 'A First Paper of Another Day'],
        ['2401.00002', 'A Second Paper of Another Day'],
        ['2606.28322', 'PerceptionRubrics: Calibrating Multimodal Evaluation to Human Perception'],
      ]) {
        const c = strip(template.cloneNode(true));
        const link = c.querySelector('h3 a');
        link.setAttribute('href', '/papers/' + id);
        link.textContent = title;
        grid.append(c);
      }
      history.pushState({}, '', '/papers/date/2026-07-02');
    })()`);
    const marks = await waitForMarks(page, 3);
    expect(marks.map((m) => m.after)).toEqual(['A First Paper of Another Day', 'A Second Paper of Another Day', FIRST_TITLE]);
    expect(marks[0].saved).toBe(false);
    // The paper saved earlier is recognized as saved on the new listing too.
    expect(marks[2].saved).toBe(true);
  });

  test('the single-paper page gets one mark under its heading', async () => {
    const single = await gloss.context.newPage();
    await single.goto(`${DAILY}/2509.24002`);
    await waitForMarks(single, 1);
    expect(await onMarkHosts(single, 'function () { return this.previousElementSibling?.tagName; }')).toEqual(['H1']);
    await clickMark(single, 0, 'save');
    await waitForMark(single, 0, (m) => m.saved === true);
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
    await waitForMarks(themed, 31);
    const dark = async () => (await readMarks(themed))[0].dark;
    expect(await dark()).toBe(false);
    await themed.evaluate(() => document.documentElement.classList.add('dark'));
    await expect.poll(dark).toBe(true);
    await themed.evaluate(() => document.documentElement.classList.remove('dark'));
    await expect.poll(dark).toBe(false);
    const options = await gloss.context.newPage();
    await options.goto(`chrome-extension://${gloss.extensionId}/options.html`);
    await options.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
    await expect.poll(dark).toBe(true);
    // Every mark, not just the first.
    expect((await readMarks(themed)).every((m) => m.dark)).toBe(true);
    expect(await options.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await options.getByRole('combobox', { name: 'Theme' }).selectOption('auto');
    await expect.poll(dark).toBe(false);
    await options.close();
    await themed.close();
  });
});
