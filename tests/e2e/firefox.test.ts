/**
 * The Firefox build in Firefox ESR: marks on the real HF daily page, saved state answered by the
 * background (an event page in Firefox, with its own IndexedDB), a save that survives a reload.
 * Marks live in closed shadow roots and act only on trusted clicks, so the test clicks with
 * WebDriver BiDi input actions at the mark's position, reads saved state from the background
 * through the extension's own page, and reads the panel in its extension frame.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ARXIV_RECENT, HF_DAILY, until } from './harness';
import { FIREFOX_EXTENSION_ORIGIN, launchFirefox, type Firefox, type TreeNode } from './firefox';

let ff: Firefox;

beforeAll(async () => {
  ff = await launchFirefox();
  ff.serve('https://huggingface.co/papers', HF_DAILY);
  ff.serve('https://arxiv.org/list/cs.CL/recent', ARXIV_RECENT);
});

afterAll(async () => {
  await ff?.close();
});

/**
 * The mark hosts as the page sees them: the element right after each title, a bare span (no
 * attributes) whose shadow root is closed (null to the page), always 76×22.
 */
const hosts = (titleSelector: string) =>
  `[...document.querySelectorAll(${JSON.stringify(titleSelector)})].map((t) => t.nextElementSibling).filter((h) => h && h.tagName === 'SPAN' && !h.attributes.length && h.shadowRoot === null)`;
/** How many of those have the mark's size (rows Firefox has not laid out yet, far off screen, measure 0 high). */
const sized = (titleSelector: string) =>
  `${hosts(titleSelector)}.filter((h) => { const r = h.getBoundingClientRect(); return Math.round(r.width) === 76 && [0, 22].includes(Math.round(r.height)); }).length`;

/** Where, in the viewport, mark `n`'s star or pencil is (after scrolling it into view). */
const buttonAt = async (titleSelector: string, n: number, button: 'save' | 'open') => {
  // The extension's page (ask()) may have taken the foreground; a background tab does not lay out.
  await ff.send('browsingContext.activate', { context: ff.context });
  return ff.evaluate<{ x: number; y: number }>(`(() => {
    const h = ${hosts(titleSelector)}[${n}];
    h.scrollIntoView({ block: 'center', behavior: 'instant' });
    const r = h.getBoundingClientRect();
    if (Math.round(r.height) !== 22) throw new Error('mark not laid out: ' + r.height);
    return { x: r.left + ${button === 'save' ? 12 : 38}, y: r.top + 11 };
  })()`);
};

/**
 * Clicks until `done()`: the buttons stay disabled until the background has answered for the
 * row, and a click on a disabled button does nothing, so a click that changed nothing is retried.
 */
async function clickMark(titleSelector: string, n: number, button: 'save' | 'open', done: () => Promise<boolean>) {
  for (let attempt = 0; attempt < 4; attempt++) {
    // Just scrolled in, a row may not be laid out yet: measure again shortly.
    const at = await buttonAt(titleSelector, n, button).catch(() => undefined);
    if (!at) {
      await new Promise((r) => setTimeout(r, 200));
      continue;
    }
    const { x, y } = at;
    await ff.click(x, y);
    const end = Date.now() + 3000;
    while (Date.now() < end) {
      if (await done()) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`clicking mark ${n}'s ${button} changed nothing`);
}

const findPanel = (node: TreeNode): string | undefined =>
  node.url.startsWith(`${FIREFOX_EXTENSION_ORIGIN}/panel.html`) ? node.context : (node.children ?? []).map(findPanel).find(Boolean);
const panelContext = async () => findPanel(await ff.tree());
const inPanel = async <T>(expression: string): Promise<T | undefined> => {
  const panel = await panelContext();
  return panel ? ff.evaluateIn<T>(panel, expression).catch(() => undefined) : undefined;
};
const panelTitle = () => inPanel<string>(`document.querySelector('main.panel h1')?.textContent ?? ''`);
const savedTitles = async () => ((await ff.ask('list')).papers as Array<{ title: string }>).map((p) => p.title);

test('Firefox: every HF card gets a mark, a trusted click saves, the panel opens, and the save is remembered across a reload', async () => {
  await ff.goto('https://huggingface.co/papers');
  await until(() => ff.evaluate<number>(`${hosts('article h3')}.length`), 31);
  expect(await ff.evaluate<number>(`document.querySelectorAll('article').length`)).toBe(31);
  expect(await ff.evaluate<number>(sized('article h3'))).toBe(31);
  const title = (n: number) => ff.evaluate<string>(`document.querySelectorAll('article h3')[${n}].textContent.trim()`);
  const third = await title(3);
  // A click on a still-disabled star does nothing; one that saved opens the panel (retrying after
  // that would remove the paper again).
  await clickMark('article h3', 3, 'save', async () => (await panelContext()) !== undefined);
  // The star opened the panel: an extension frame in the page's frame tree, on this paper.
  await until(panelTitle, third);
  // The background's own answer (asked from the extension's page): this paper and only it is saved.
  expect(await savedTitles()).toEqual([third]);
  expect(await inPanel<string>(`document.querySelector('.undo')?.textContent ?? ''`)).toContain('Saved to your library.');

  await ff.goto('https://huggingface.co/papers');
  await until(() => ff.evaluate<number>(`${hosts('article h3')}.length`), 31);
  expect(await panelContext()).toBeUndefined();
  // After the reload the pencil opens the panel, which says the paper is in the library.
  await clickMark('article h3', 3, 'open', async () => (await panelTitle()) === third);
  await until(() => inPanel<string>(`document.querySelector('.saved-state')?.textContent ?? ''`), 'In your library');
  // Opening is not saving (the pencil left the library as it was): still this paper, only it.
  expect(await savedTitles()).toEqual([third]);
});

test('Firefox: the real arXiv listing gets a mark under every title', async () => {
  await ff.goto('https://arxiv.org/list/cs.CL/recent');
  // Each mark sits right after its entry's title, as in Chromium.
  await until(() => ff.evaluate<number>(`${hosts('.list-title')}.length`), 50);
  expect(await ff.evaluate<number>(sized('.list-title'))).toBe(50);
  expect(await ff.evaluate<number>(`document.querySelectorAll('dd').length`)).toBe(50);
});

test('Firefox: a local backup is stored and read back (a Blob in the event page’s IndexedDB)', async () => {
  const titles = await savedTitles();
  expect(titles.length).toBeGreaterThan(0);
  const info = await ff.ask('backupSnapshot', {});
  expect(info).toMatchObject({ count: titles.length, reason: 'manual' });
  expect(info.bytes).toBeGreaterThan(100);
  expect((await ff.ask('backupList', {}))[0]).toMatchObject({ id: info.id, count: titles.length, bytes: info.bytes });
  const { text } = await ff.ask<{ text: string }>('backupText', { id: info.id });
  expect(new TextEncoder().encode(text).length).toBe(info.bytes);
  expect((JSON.parse(text).papers as Array<{ title: string }>).map((p) => p.title).sort()).toEqual([...titles].sort());
});
