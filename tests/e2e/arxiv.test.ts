import { afterAll, beforeAll, expect, test } from 'vitest';
import { ARXIV_ABS, ARXIV_RECENT, HF_DAILY, launch, type Gloss } from './harness';
import { clickMark, closePanelByKey, inContentWorld, onMarkHosts, panelShowing, readMarks, waitForMark, waitForMarks } from './marks';

let gloss: Gloss;
const CROCI = /^Crowdsourcing open citations with CROCI/;

beforeAll(async () => {
  gloss = await launch();
  gloss.serve('https://arxiv.org/list/cs.CL/recent', ARXIV_RECENT);
  gloss.serve('https://arxiv.org/abs/1902.02534', ARXIV_ABS);
  gloss.serve('https://arxiv.org/abs/1902.02534v2', ARXIV_ABS);
  gloss.serve('https://huggingface.co/papers', HF_DAILY);
});

afterAll(async () => {
  await gloss?.close();
});

test('the real arXiv listing gets a mark under every title, and saving one works', async () => {
  const page = await gloss.context.newPage();
  await page.goto('https://arxiv.org/list/cs.CL/recent');
  await waitForMarks(page, 50);
  const where = await onMarkHosts<{ cls: string; dd: number }>(
    page,
    'function () { return { cls: this.previousElementSibling?.className ?? "", dd: [...document.querySelectorAll("dd")].indexOf(this.closest("dd")) }; }',
  );
  expect(where.every((w) => w.cls.includes('list-title'))).toBe(true);
  expect(where.map((w) => w.dd)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  await clickMark(page, 0, 'save');
  await waitForMark(page, 0, (m) => m.saved === true);
  expect((await readMarks(page)).filter((m) => m.saved).length).toBe(1);
  // The content script's world exists here (the unsupported page below has none).
  expect(await inContentWorld(page, 'typeof glossTimings')).toBe('object');
  await page.close();
});

test('one paper is one record: saved on the abs page, saved on its versioned URL too', async () => {
  const abs = await gloss.context.newPage();
  await abs.goto('https://arxiv.org/abs/1902.02534');
  await waitForMarks(abs, 1);
  await clickMark(abs, 0, 'open');
  const panel = await panelShowing(abs, CROCI);
  await panel.getByRole('textbox', { name: 'Note' }).fill('Open citations: check COCI coverage.');
  await panel.getByRole('textbox', { name: 'Note' }).press('Escape');
  await waitForMark(abs, 0, (m) => m.note);
  await abs.goto('https://arxiv.org/abs/1902.02534v2');
  await waitForMarks(abs, 1);
  const mark = await waitForMark(abs, 0, (m) => m.note);
  expect(mark.saved).toBe(true);
  // Was: the note's preview on the mark. The same record's note shows in the panel.
  await clickMark(abs, 0, 'open');
  const again = await panelShowing(abs, CROCI);
  expect(await again.getByRole('textbox', { name: 'Note' }).inputValue()).toBe('Open citations: check COCI coverage.');
  await closePanelByKey(abs);
  await abs.close();
});

test('a page Gloss does not support gets no content script at all', async () => {
  gloss.serve('https://example.org/', '<html><body><a href="https://arxiv.org/abs/1706.03762">Attention Is All You Need</a></body></html>', { html: true });
  const page = await gloss.context.newPage();
  await page.goto('https://example.org/');
  await page.waitForTimeout(500);
  expect(await readMarks(page)).toEqual([]);
  // Not just no marks: no Gloss world in the page at all.
  await expect(inContentWorld(page, '1')).rejects.toThrow(/no Gloss content script world/);
  expect(page.frames()).toHaveLength(1);
  await page.close();
});
