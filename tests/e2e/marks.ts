/**
 * Reading and clicking Gloss's marks as the browser sees them. They live in closed shadow roots,
 * out of reach of the page, and so of Playwright's locators; the DevTools protocol sees the
 * whole tree (`pierce`). Clicks are real mouse clicks at the buttons' positions: trusted input,
 * as from a person.
 */
import type { CDPSession, Frame, Page } from 'playwright-core';

export interface MarkInfo {
  /** null while the background has not answered for the row. */
  saved: boolean | null;
  /** false for a row far below the viewport that was not drawn yet. */
  rendered: boolean;
  dark: boolean;
  note: boolean;
  related: boolean;
  /** The paper is in the user's Zotero library (the bar under the dots). */
  zotero: boolean;
  fresh: '' | 'new' | 'seen';
  /** The accessible description of the mark (inside the closed root). */
  label: string;
  /** The text of the element the mark follows (the row's title, usually). */
  after: string;
  hostId: number;
  /** backendNodeId of the host element and of its closed shadow root (stable across reads). */
  hostBackendId: number;
  rootBackendId: number;
  saveId: number;
  openId: number;
}

interface DomNode {
  nodeId: number;
  backendNodeId: number;
  nodeName: string;
  nodeType: number;
  nodeValue?: string;
  attributes?: string[];
  children?: DomNode[];
  shadowRoots?: Array<DomNode & { shadowRootType?: string }>;
  contentDocument?: DomNode;
}

const attrs = (n: DomNode) => {
  const out: Record<string, string> = {};
  for (let i = 0; n.attributes && i < n.attributes.length; i += 2) out[n.attributes[i]] = n.attributes[i + 1];
  return out;
};

function* walk(n: DomNode, parent?: DomNode): Generator<DomNode & { parent?: DomNode }> {
  yield Object.assign(n, { parent });
  for (const c of n.children ?? []) yield* walk(c, n);
  for (const s of n.shadowRoots ?? []) yield* walk(s, n);
}

/** The text of a node as the page shows it (its text nodes, outside shadow roots). */
function textOf(n: DomNode): string {
  if (n.nodeType === 3) return n.nodeValue ?? '';
  return (n.children ?? []).map(textOf).join('');
}

/** The element before `n` among its parent's children. */
function previousElement(n: DomNode & { parent?: DomNode }): DomNode | undefined {
  const siblings = n.parent?.children ?? [];
  const i = siblings.indexOf(n);
  for (let j = i - 1; j >= 0; j--) if (siblings[j].nodeType === 1) return siblings[j];
  return undefined;
}

const sessions = new WeakMap<Page, CDPSession>();
/**
 * The URLs of the frames attached in the page, as the browser itself lists them. Playwright's own
 * frame list can keep a frame that swapped processes (an extension frame navigated to the
 * page's origin) as attached after its element is gone.
 */
export async function attachedFrameUrls(page: Page): Promise<string[]> {
  type Tree = { frame: { url: string; urlFragment?: string }; childFrames?: Tree[] };
  const { frameTree } = (await (await cdpOf(page)).send('Page.getFrameTree')) as { frameTree: Tree };
  const urls: string[] = [];
  const walk = (t: Tree) => t.childFrames?.forEach((c) => (urls.push(c.frame.url + (c.frame.urlFragment ?? '')), walk(c)));
  walk(frameTree);
  return urls;
}

async function cdpOf(page: Page): Promise<CDPSession> {
  let s = sessions.get(page);
  if (!s) {
    s = await page.context().newCDPSession(page);
    sessions.set(page, s);
  }
  return s;
}

/** Every mark on the page, in document order. */
export async function readMarks(page: Page): Promise<MarkInfo[]> {
  const cdp = await cdpOf(page);
  const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
  const marks: MarkInfo[] = [];
  for (const host of walk(root)) {
    const shadow = host.shadowRoots?.find((s) => s.shadowRootType === 'closed');
    if (!shadow) continue;
    const nodes = [...walk(shadow)];
    const m = nodes.find((n) => n.nodeName === 'DIV' && /^m( dark)?$/.test(attrs(n).class ?? ''));
    // A row far from the viewport has its (same-size) host and an empty container until it nears it.
    const container = shadow.children?.find((n) => n.nodeName === 'DIV');
    if (!m && container && !container.children?.length && shadow.children!.every((n) => n.nodeName === 'DIV' || n.nodeName === 'STYLE')) {
      marks.push({
        saved: null,
        rendered: false,
        dark: false,
        note: false,
        related: false,
        zotero: false,
        fresh: '',
        label: '',
        after: '',
        hostId: host.nodeId,
        hostBackendId: host.backendNodeId,
        rootBackendId: shadow.backendNodeId,
        saveId: 0,
        openId: 0,
      });
      continue;
    }
    if (!m) continue;
    const save = nodes.find((n) => n.nodeName === 'BUTTON' && attrs(n).class === 'save')!;
    const open = nodes.find((n) => n.nodeName === 'BUTTON' && attrs(n).class === 'open')!;
    const dot = (kind: string) => attrs(nodes.find((n) => (attrs(n).class ?? '').startsWith(`dot ${kind}`))!).class;
    const s = attrs(save);
    const fresh = dot('fresh');
    const before = previousElement(host);
    marks.push({
      saved: 'disabled' in s ? null : s['aria-pressed'] === 'true',
      rendered: true,
      dark: attrs(m).class === 'm dark',
      note: dot('note').endsWith(' on'),
      related: dot('related').endsWith(' on'),
      zotero: (attrs(nodes.find((n) => (attrs(n).class ?? '').startsWith('zotero')) ?? ({ nodeType: 1 } as DomNode)).class ?? '').endsWith(' on'),
      fresh: fresh.endsWith(' new') ? 'new' : fresh.endsWith(' seen') ? 'seen' : '',
      label: attrs(m)['aria-label'] ?? '',
      // Whitespace collapsed, and without arXiv's "Title:" label, so it reads as the paper's title.
      after: before
        ? textOf(before)
            .replace(/\s+/g, ' ')
            .trim()
            .replace(/^Title: /, '')
        : '',
      hostId: host.nodeId,
      hostBackendId: host.backendNodeId,
      rootBackendId: shadow.backendNodeId,
      saveId: save.nodeId,
      openId: open.nodeId,
    });
  }
  return marks;
}

/** Clicks a mark's button with the mouse, as a person does. */
export async function clickMark(page: Page, index: number, button: 'save' | 'open') {
  const { x, y } = await markButtonPoint(page, index, button);
  await page.mouse.click(x, y);
}

/** Where a mark's button is in the viewport (scrolled into view first). */
export async function markButtonPoint(page: Page, index: number, button: 'save' | 'open'): Promise<{ x: number; y: number }> {
  const marks = await readMarks(page);
  const mark = marks[index];
  if (!mark) throw new Error(`no mark ${index} (the page has ${marks.length})`);
  if (mark.saved === null) throw new Error(`mark ${index} is still loading`);
  const cdp = await cdpOf(page);
  const nodeId = button === 'save' ? mark.saveId : mark.openId;
  // The page may still be moving (late layout): click only where the mark is now, under the pointer.
  for (let attempt = 0; ; attempt++) {
    await cdp.send('DOM.scrollIntoViewIfNeeded', { nodeId });
    await page.waitForTimeout(attempt ? 200 : 50);
    const { model } = (await cdp.send('DOM.getBoxModel', { nodeId })) as { model: { content: number[] } };
    const [x1, y1, , , x2, y2] = model.content;
    const [x, y] = [(x1 + x2) / 2, (y1 + y2) / 2];
    const { object } = (await cdp.send('DOM.resolveNode', { nodeId: mark.hostId })) as { object: { objectId: string } };
    const { result } = (await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration: 'function (x, y) { return document.elementFromPoint(x, y) === this; }',
      arguments: [{ value: x }, { value: y }],
      returnByValue: true,
    })) as { result: { value: boolean } };
    if (result.value) return { x, y };
    if (attempt === 10) throw new Error(`mark ${index} is not under the pointer at its own position`);
  }
}

/** Waits until mark `index` exists and answers `check`. */
export async function waitForMark(page: Page, index: number, check: (m: MarkInfo) => boolean, timeout = 10_000): Promise<MarkInfo> {
  const end = Date.now() + timeout;
  let last: MarkInfo | undefined;
  for (;;) {
    last = (await readMarks(page))[index];
    if (last && check(last)) return last;
    if (Date.now() > end) throw new Error(`mark ${index} never matched; last: ${JSON.stringify(last)}`);
    await page.waitForTimeout(50);
  }
}

/** Waits for the page to have `count` marks, all answered. */
export async function waitForMarks(page: Page, count: number, timeout = 15_000): Promise<MarkInfo[]> {
  const end = Date.now() + timeout;
  let last: MarkInfo[];
  for (;;) {
    last = await readMarks(page);
    if (last.length === count && last.every((m) => m.saved !== null)) return last;
    if (Date.now() > end) throw new Error(`expected ${count} answered marks; have ${last.length} (${last.filter((m) => m.saved !== null).length} answered)`);
    await page.waitForTimeout(50);
  }
}

/** The panel frame, once it shows `text` (its loaded state). */
export async function panelOf(page: Page, timeout = 10_000, poll = 50): Promise<Frame> {
  const end = Date.now() + timeout;
  for (;;) {
    const frame = page.frames().find((f) => f.url().includes('/panel.html') && !f.isDetached());
    if (
      frame &&
      (await frame
        .locator('main.panel h1')
        .count()
        .catch(() => 0)) &&
      !(await frame
        .getByText('Loading…')
        .count()
        .catch(() => 1))
    )
      return frame;
    if (Date.now() > end) throw new Error('the panel did not open');
    await page.waitForTimeout(poll);
  }
}

/** The panel frame once it shows the paper titled `title` (it keeps showing the last paper until the next one loads). */
export async function panelShowing(page: Page, title: string | RegExp, timeout = 10_000): Promise<Frame> {
  const end = Date.now() + timeout;
  for (;;) {
    const frame = await panelOf(page, Math.max(0, end - Date.now()));
    const shown =
      (await frame
        .locator('main.panel h1')
        .textContent()
        .catch(() => null)) ?? '';
    if (typeof title === 'string' ? shown === title : title.test(shown)) return frame;
    if (Date.now() > end) throw new Error(`the panel shows ${JSON.stringify(shown)}, not ${String(title)}`);
    await page.waitForTimeout(50);
  }
}

/** Whether the panel frame's host is shown (it is hidden, not removed, when closed). */
export async function panelVisible(page: Page): Promise<boolean> {
  // The frame is made anew on each opening: the one before may still be listed, detached.
  for (const frame of page.frames().filter((f) => f.url().includes('/panel.html') && !f.isDetached())) {
    const el = await frame.frameElement().catch(() => undefined);
    if (el && (await el.isVisible().catch(() => false))) return true;
  }
  return false;
}

/**
 * Evaluates `expression` in the content script's isolated world (where `glossTimings` lives),
 * not in the page's: the page has no way to this, the test harness does through the protocol.
 */
export async function inContentWorld<T>(page: Page, expression: string): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  const contexts: Array<{ id: number; name: string; auxData?: { type?: string; frameId?: string } }> = [];
  cdp.on('Runtime.executionContextCreated', (e: { context: (typeof contexts)[number] }) => contexts.push(e.context));
  await cdp.send('Runtime.enable');
  const { frameTree } = (await cdp.send('Page.getFrameTree')) as { frameTree: { frame: { id: string } } };
  const world = contexts.find((c) => c.auxData?.type === 'isolated' && c.auxData.frameId === frameTree.frame.id && c.name === 'Gloss');
  if (!world) {
    await cdp.detach();
    throw new Error(`no Gloss content script world (worlds: ${contexts.map((c) => c.name || c.auxData?.type).join(', ')})`);
  }
  const { result, exceptionDetails } = (await cdp.send('Runtime.evaluate', { expression, contextId: world.id, returnByValue: true, awaitPromise: true })) as {
    result: { value: T };
    exceptionDetails?: { text: string; exception?: { description?: string } };
  };
  await cdp.detach();
  if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
  return result.value;
}

async function callOn<T>(page: Page, backendNodeId: number, functionDeclaration: string): Promise<T> {
  const cdp = await cdpOf(page);
  const { object } = (await cdp.send('DOM.resolveNode', { backendNodeId })) as { object: { objectId: string } };
  const { result, exceptionDetails } = (await cdp.send('Runtime.callFunctionOn', { objectId: object.objectId, functionDeclaration, returnByValue: true })) as {
    result: { value: T };
    exceptionDetails?: { text: string; exception?: { description?: string } };
  };
  if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
  return result.value;
}

/**
 * Runs `functionDeclaration` with `this` = each mark's host element (in document order) and
 * returns what each call returns: where marks sit in the page, their size, and so on.
 */
export async function onMarkHosts<T>(page: Page, functionDeclaration: string): Promise<T[]> {
  const out: T[] = [];
  for (const m of await readMarks(page)) out.push(await callOn<T>(page, m.hostBackendId, functionDeclaration));
  return out;
}

/** The index of the first mark that follows an element whose text matches `title`. */
export async function markAfter(page: Page, title: string | RegExp, timeout = 10_000): Promise<number> {
  const end = Date.now() + timeout;
  for (;;) {
    const i = (await readMarks(page)).findIndex((m) => (typeof title === 'string' ? m.after === title : title.test(m.after)));
    if (i >= 0) return i;
    if (Date.now() > end) throw new Error(`no mark follows ${String(title)}`);
    await page.waitForTimeout(50);
  }
}

/** The class of the element focused inside mark `index`'s closed root ('save', 'open'), or null. */
export async function focusInMark(page: Page, index: number): Promise<string | null> {
  const mark = (await readMarks(page))[index];
  if (!mark) throw new Error(`no mark ${index}`);
  return callOn<string | null>(page, mark.rootBackendId, 'function () { return this.activeElement ? this.activeElement.className : null; }');
}

/** Closes the panel as a person does with the keyboard (Escape), and waits until it is hidden. */
export async function closePanelByKey(page: Page, timeout = 10_000) {
  await page.keyboard.press('Escape');
  const end = Date.now() + timeout;
  while (await panelVisible(page)) {
    if (Date.now() > end) throw new Error('the panel did not close on Escape');
    await page.waitForTimeout(50);
  }
}
