/**
 * The Firefox build in Firefox ESR: marks on the real HF daily page, saved state answered by the
 * background (an event page in Firefox, with its own IndexedDB), a save that survives a reload.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ARXIV_RECENT, HF_DAILY, until } from './harness';
import { launchFirefox, type Firefox } from './firefox';

let ff: Firefox;

beforeAll(async () => {
  ff = await launchFirefox();
  ff.serve('https://huggingface.co/papers', HF_DAILY);
  ff.serve('https://arxiv.org/list/cs.CL/recent', ARXIV_RECENT);
});

afterAll(async () => {
  await ff?.close();
});

const save = (n: number) => `document.querySelectorAll('gloss-mark')[${n}].shadowRoot.querySelector('button.save')`;

test('Firefox: every HF card gets a mark, saving works and is remembered across a reload', async () => {
  await ff.goto('https://huggingface.co/papers');
  await until(() => ff.evaluate<number>(`document.querySelectorAll('gloss-mark').length`), 31);
  // The button is enabled once the background has answered the page's lookup.
  await until(() => ff.evaluate<boolean>(`!${save(3)}.disabled`), true);
  expect(await ff.evaluate(`${save(3)}.textContent`)).toBe('Save');
  await ff.evaluate(`${save(3)}.click()`);
  await until(() => ff.evaluate<string>(`${save(3)}.getAttribute('aria-pressed')`), 'true');

  await ff.goto('https://huggingface.co/papers');
  await until(() => ff.evaluate<number>(`document.querySelectorAll('gloss-mark').length`), 31);
  await until(() => ff.evaluate<boolean>(`!${save(3)}.disabled`), true);
  expect(await ff.evaluate(`${save(3)}.getAttribute('aria-pressed')`)).toBe('true');
  expect(await ff.evaluate(`${save(4)}.getAttribute('aria-pressed')`)).toBe('false');
});

test('Firefox: the real arXiv listing gets a mark under every title', async () => {
  await ff.goto('https://arxiv.org/list/cs.CL/recent');
  await until(() => ff.evaluate<number>(`document.querySelectorAll('gloss-mark').length`), 50);
  await until(() => ff.evaluate<boolean>(`!${save(0)}.disabled`), true);
  // Each mark sits right after its entry's title, as in Chromium.
  expect(await ff.evaluate(`[...document.querySelectorAll('gloss-mark')].every((m) => m.previousElementSibling?.className.includes('list-title'))`)).toBe(true);
});
