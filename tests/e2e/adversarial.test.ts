/**
 * A hostile listing page against Gloss, in real Chromium. The library holds saved papers with a
 * private note and tags, papers seen before and papers related to the saved ones; the page (its
 * MAIN world, via page.evaluate) tries to read, infer, forge and steal. Every attack must get
 * nothing and change nothing (checked through an extension page). The detectors live in
 * ./detectors.ts; the last tests point them at a page built like the old, leaky design and
 * require each one to report the leak, so a detector that cannot fire is caught.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { PaperMeta } from '../../lib/core/types';
import { ARXIV_RECENT, HF_DAILY, launch, type Gloss } from './harness';
import { attachedFrameUrls, clickMark, inContentWorld, panelOf, panelVisible, readMarks, waitForMarks, type MarkInfo } from './marks';
import { forgeAll, installHelpers, installKeylogger, loggedText, measureHosts, scanDom, scanFind, scanFrames, scanNames } from './detectors';

const NOTE = `PRIVATE-NOTE-${randomBytes(6).toString('hex')}`;
const TAG = `secret-tag-${randomBytes(4).toString('hex')}`;
const TAG2 = `secret-tag-${randomBytes(4).toString('hex')}`;
const LISTING = 'https://huggingface.co/papers';
/** The page under attack: a second listing showing the same papers, so unsaved rows are "seen before". */
const ATTACK = 'https://huggingface.co/papers/date/2026-07-28';
const LEAKY = 'https://huggingface.co/papers/leaky-control';
const NOTE_ROW = 3;
const SAVED_ROW = 5;
const TAG_ROW = 8;

let gloss: Gloss;
let admin: Page;
let page: Page;
let secrets: string[];
let relatedTitles: string[];
let hfPapers: PaperMeta[];
let arxivSaved: PaperMeta[];
/** An arXiv paper seen on an earlier day, not on the attacked page. */
let arxivSeen: PaperMeta;
let baseline: Snapshot;

interface Snapshot {
  papers: Array<{ id: string; note: string; tags: string[] }>;
  settings: unknown;
}

/** Calls the background as an extension page does (the only caller allowed the whole library). */
async function ext<T = unknown>(method: string, args: unknown): Promise<T> {
  const answer = await admin.evaluate(async ([m, a]) => (globalThis as any).chrome.runtime.sendMessage({ gloss: 1, method: m, args: a }), [
    method,
    args,
  ] as const);
  if (!answer?.ok) throw new Error(`${method}: ${JSON.stringify(answer)}`);
  return answer.value as T;
}

async function snapshot(): Promise<Snapshot> {
  const list = await ext<any>('list', { limit: 10_000 });
  const records: any[] = Array.isArray(list) ? list : (list.papers ?? list.items ?? list.records);
  return {
    papers: records.map((r) => ({ id: r.id, note: r.note, tags: [...r.tags].sort() })).sort((a, b) => a.id.localeCompare(b.id)),
    settings: await ext('settings', {}),
  };
}

/** The papers a tab's content script recognized (asked as the popup asks). */
async function papersOf(urlPart: string): Promise<PaperMeta[]> {
  return admin.evaluate(async (part) => {
    const chrome = (globalThis as any).chrome;
    for (const tab of await chrome.tabs.query({})) {
      const a = await chrome.tabs.sendMessage(tab.id, { gloss: 'page-papers' }).catch(() => undefined);
      if (a?.url === part) return a.papers;
    }
    throw new Error(`no tab shows ${part}`);
  }, urlPart);
}

async function openAttackPage(url = ATTACK): Promise<Page> {
  const p = await gloss.context.newPage();
  await p.goto(url);
  await waitForMarks(p, 31);
  await p.evaluate(installHelpers);
  return p;
}

/** Opens the panel on `row` with a trusted click and waits until it shows `text` (not a frame from before). */
async function openPanelOn(row: number, text: string) {
  await clickMark(page, row, 'open');
  // The frame is made anew on each opening: the one before may still be listed for a moment.
  for (let end = Date.now() + 10_000; ;) {
    for (const frame of page.frames().filter((f) => f.url().includes('/panel.html') && !f.isDetached())) {
      const el = await frame.frameElement().catch(() => undefined);
      if (!el || !(await el.isVisible().catch(() => false))) continue;
      if (
        !(await frame
          .locator('textarea')
          .count()
          .catch(() => 0))
      )
        continue;
      const value = await frame
        .locator('textarea')
        .inputValue({ timeout: 1000 })
        .catch(() => undefined);
      if (value !== undefined && value.includes(text)) return frame;
    }
    if (Date.now() > end) throw new Error(`the panel on row ${row} never showed ${text}`);
    await page.waitForTimeout(100);
  }
}

async function closePanelIfOpen(p: Page) {
  if (await panelVisible(p)) {
    await p.mouse.click(5, 5);
    for (let end = Date.now() + 5000; await panelVisible(p);) {
      if (Date.now() > end) throw new Error('the panel did not close');
      await p.waitForTimeout(50);
    }
  }
}

beforeAll(async () => {
  gloss = await launch();
  gloss.serve(LISTING, HF_DAILY);
  gloss.serve(ATTACK, HF_DAILY);
  gloss.serve('https://arxiv.org/list/cs.CL/recent', ARXIV_RECENT);
  gloss.serve(
    'https://huggingface.co/evil',
    '<html><body><h1>Gloss</h1><script>try{parent.__lookalike = { src: frameElement && frameElement.src, text: frameElement && frameElement.getRootNode().textContent }}catch(e){parent.__lookalike = String(e)}</script></body></html>',
    { html: true },
  );
  admin = await gloss.popup();

  // Save three arXiv papers (their titles are what the related rows would name).
  const arxiv = await gloss.context.newPage();
  await arxiv.goto('https://arxiv.org/list/cs.CL/recent');
  for (let end = Date.now() + 20_000; (await readMarks(arxiv)).filter((m) => m.saved !== null).length < 20;) {
    if (Date.now() > end) throw new Error('the arXiv listing got no marks');
    await arxiv.waitForTimeout(100);
  }
  const arxivPapers = await papersOf('https://arxiv.org/list/cs.CL/recent');
  arxivSaved = [0, 2, 17].map((i) => arxivPapers[i]);
  arxivSeen = arxivPapers[5];
  for (const paper of arxivSaved) await ext('save', { paper });
  relatedTitles = arxivSaved.map((p) => p.title);
  await arxiv.close();

  // First visit of the HF listing: its papers are remembered as seen.
  const first = await gloss.context.newPage();
  await first.goto(LISTING);
  await waitForMarks(first, 31);
  // Some of them were seen on an earlier day (written as the background records sightings).
  await admin.evaluate(
    (list) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('gloss');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('seen', 'readwrite');
          const day = 24 * 3600 * 1000;
          for (const p of list) tx.objectStore('seen').put({ id: p.id, title: p.title, firstSeen: Date.now() - 3 * day, lastSeen: Date.now() - day, count: 2 });
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      }),
    [...(await papersOf(LISTING)).slice(10, 20), arxivSeen].map((p) => ({ id: p.id, title: p.title })),
  );
  hfPapers = await papersOf(LISTING);
  await ext('save', { paper: hfPapers[NOTE_ROW], note: `${NOTE} about the method`, tags: [TAG] });
  await ext('save', { paper: hfPapers[SAVED_ROW] });
  await ext('save', { paper: hfPapers[TAG_ROW], tags: [TAG2] });
  await first.close();

  // The words Gloss itself uses for states ("Saved"/"Seen" alone occur in HF's own page data).
  secrets = [
    NOTE,
    TAG,
    TAG2,
    ...relatedTitles,
    'Saved in Gloss',
    'Save to Gloss',
    'seen before',
    'has a note',
    'not saved',
    'In your library',
    'related in your library',
    'new on this listing',
    'Gloss:',
  ];
  baseline = await snapshot();
  page = await openAttackPage();
}, 120_000);

afterAll(async () => {
  await gloss?.close();
});

test('setup: the attacked page really shows every state (saved, note, tags, related, seen), and the fixture names no secret', async () => {
  const marks = await readMarks(page);
  expect(marks).toHaveLength(31);
  expect(marks[NOTE_ROW]).toMatchObject({ saved: true, note: true });
  expect(marks[NOTE_ROW].label).toContain('tagged');
  expect(marks[SAVED_ROW]).toMatchObject({ saved: true, note: false });
  expect(marks[TAG_ROW].label).toContain('tagged');
  expect(marks.filter((m) => m.related).length).toBeGreaterThan(0);
  expect(marks.filter((m) => m.fresh === 'seen').length).toBeGreaterThan(0);
  expect(marks.filter((m) => !m.saved && !m.related).length).toBeGreaterThan(0);
  expect(baseline.papers.find((p) => p.id === hfPapers[NOTE_ROW].id)?.note).toContain(NOTE);
  const raw = await page.evaluate(() => document.documentElement.outerHTML);
  for (const s of secrets) expect(raw.toLowerCase()).not.toContain(s.toLowerCase());
});

test('1. walking the whole DOM (open shadow roots, attributes, text, form values, generated content) finds no note, tag, related title or state word', async () => {
  expect(await page.evaluate(scanDom, secrets)).toEqual([]);
});

test('2. window.find and document.body.innerText find no note, tag, related title or "Saved"/"Seen"', async () => {
  expect(await page.evaluate(scanFind, secrets)).toEqual([]);
});

test('3a. capture-phase key and input listeners on window and document see nothing of a note typed into the panel', async () => {
  page.on('framenavigated', (f) => f === page.mainFrame() && console.info(`main frame navigated to ${f.url()}`));
  await page.evaluate(installKeylogger);
  await clickMark(page, SAVED_ROW, 'open');
  const panel = await panelOf(page);
  const typed = `typed-${randomBytes(4).toString('hex')}`;
  await panel.locator('textarea').click();
  await page.keyboard.type(typed, { delay: 20 });
  await expect.poll(() => ext<any>('get', { id: hfPapers[SAVED_ROW].id }).then((r) => r.note)).toBe(typed);
  const keys = await page.evaluate(() => (window as any).__keys as string[]);
  expect(keys.filter((k) => !k.startsWith('keyup:') && !k.startsWith('keydown:'))).toEqual([]);
  expect(keys.join('')).not.toMatch(/[a-z0-9]{2}/);
  expect(await page.evaluate(loggedText)).toBe('');
  // Put the library back as it was.
  await ext('setNote', { id: hfPapers[SAVED_ROW].id, note: '' });
  await closePanelIfOpen(page);
});

test('3b. a page that takes the keyboard from the panel (focus(), window.focus(), blur()) closes it: the person stops typing, the page gets nothing', async () => {
  for (const how of ['element', 'window', 'blur'] as const) {
    await page.evaluate(installKeylogger);
    const panel = await openPanelOn(SAVED_ROW, '');
    await panel.locator('textarea').click();
    const typed = `stolen-${randomBytes(4).toString('hex')}`;
    // A person types while the panel is there, and stops when it goes. The page starts taking
    // the keyboard once the typing started.
    let sent = 0;
    try {
      for (const ch of typed) {
        if (!(await panelVisible(page))) break;
        await page.keyboard.type(ch);
        if (++sent === 3) {
          await page.evaluate((how) => {
            const w = window as any;
            let input = document.getElementById('thief') as HTMLInputElement | null;
            if (!input) {
              input = document.createElement('input');
              input.id = 'thief';
              input.style.cssText = 'position: fixed; top: 0; left: 0; opacity: 0.01';
              document.body.append(input);
            }
            w.__thief = setInterval(() => {
              if (how === 'element') document.activeElement !== input && input!.focus();
              else if (how === 'window') window.focus();
              else (document.activeElement as HTMLElement | null)?.blur();
            }, 50);
          }, how);
        }
        await page.waitForTimeout(60);
      }
    } finally {
      await page.evaluate(() => clearInterval((window as any).__thief));
    }
    const logged = await page.evaluate(loggedText);
    console.info(`3b ${how}: sent ${sent} of ${typed.length}, page logged "${logged}", panel visible ${await panelVisible(page)}`);
    // At most the key already on its way when the page took focus: never the note.
    expect(logged.length, `${how}: page logged "${logged}" of "${typed}" (${sent} sent)`).toBeLessThanOrEqual(1);
    await ext('setNote', { id: hfPapers[SAVED_ROW].id, note: '' });
    await closePanelIfOpen(page);
  }
  expect(await snapshot()).toEqual(baseline);
});

test('4. every host has the same box in every state, also when the page restyles it to follow its content; no animation tells states apart', async () => {
  const marks = await readMarks(page);
  const sizes = await page.evaluate(measureHosts);
  expect(sizes.hosts).toBe(marks.length);
  expect(sizes.distinct).toHaveLength(1);
  expect(sizes.distinctForced).toHaveLength(1);
  expect(sizes.animations.filter((a) => !/@(ARTICLE|DIV|IMG|A|SVG|svg|path)$/.test(a) || /gloss/i.test(a))).toEqual([]);
  // The mark's own states differ (seen through the DevTools protocol, not the page).
  expect(new Set(marks.map((m) => `${m.saved}${m.note}${m.related}${m.fresh}`)).size).toBeGreaterThan(3);
});

test('5. fishing: hidden cards for saved arXiv ids, a saved title and a seen paper look exactly like cards for unknown papers', async () => {
  const fish = [
    ...arxivSaved.map((p) => ({ kind: 'saved', id: p.ids.arxiv!, title: 'x' })),
    { kind: 'saved-title', id: 'fishing-by-title', title: hfPapers[NOTE_ROW].title },
    { kind: 'seen', id: arxivSeen.ids.arxiv!, title: 'y' },
    { kind: 'unknown', id: '2607.99991', title: 'z1' },
    { kind: 'unknown', id: '2607.99992', title: 'z2' },
    { kind: 'unknown-title', id: 'fishing-unknown', title: 'A paper nobody saved' },
  ];
  const seenBefore = await seenIds();
  const t0 = Date.now();
  try {
    await page.evaluate((cards) => {
      const box = document.createElement('div');
      box.id = 'fish';
      box.style.cssText = 'position: absolute; left: 0; top: 0; opacity: 0; pointer-events: none';
      for (const c of cards) {
        const a = document.createElement('article');
        a.dataset.kind = c.kind;
        const h3 = document.createElement('h3');
        const link = document.createElement('a');
        link.href = `/papers/${c.id}`;
        link.textContent = c.title;
        h3.append(link);
        a.append(h3);
        box.append(a);
      }
      document.body.append(box);
    }, fish);
    await expect
      .poll(() => page.evaluate(() => [...document.querySelectorAll('#fish article')].every((a) => a.querySelector('h3')!.nextElementSibling)))
      .toBe(true);
    await page.waitForTimeout(1500); // every lookup answered and drawn
    const seen = await page.evaluate(() =>
      [...document.querySelectorAll('#fish article')].map((a) => {
        const host = a.querySelector('h3')!.nextElementSibling as HTMLElement;
        const r = host.getBoundingClientRect();
        return {
          kind: (a as HTMLElement).dataset.kind!,
          view: [
            host.outerHTML,
            host.childNodes.length,
            r.width,
            r.height,
            host.offsetWidth,
            getComputedStyle(host).display,
            a.getBoundingClientRect().height,
          ].join('|'),
        };
      }),
    );
    expect(new Set(seen.map((s) => s.view)).size, JSON.stringify(seen)).toBe(1);
    const sizes = await page.evaluate(measureHosts);
    expect(sizes.distinct).toHaveLength(1);
    expect(await page.evaluate(scanDom, secrets)).toEqual([]);
    expect(await page.evaluate(scanFind, secrets)).toEqual([]);
    expect(await snapshot()).toEqual(baseline);
    // Reported, not a leak: showing a paper (even a hidden card) counts it as seen in the history.
    const added = (await seenIds()).filter((id) => !seenBefore.includes(id));
    console.info(`fishing: hidden cards added ${added.length} papers to the seen history (${added.join(', ')}) in ${Date.now() - t0} ms`);
  } finally {
    await page.evaluate(() => document.getElementById('fish')?.remove());
  }
});

test('6. forged input (synthetic click, pointer, mouse, Enter/Space, host.click(), elementFromPoint().click()) saves, removes and opens nothing', async () => {
  await closePanelIfOpen(page);
  const framesBefore = page.frames().length;
  const hit = await page.evaluate(forgeAll);
  expect(hit).toBe(31);
  await page.waitForTimeout(1000);
  expect(await snapshot()).toEqual(baseline);
  expect(page.frames().length).toBe(framesBefore);
  expect(await panelVisible(page)).toBe(false);
  const marks = await readMarks(page);
  expect(marks[NOTE_ROW].saved).toBe(true);
  expect(marks.filter((m) => m.saved).length).toBe(3);
});

test('7a. the panel: the page finds no iframe, no frame window, no URL; posted garbage changes nothing', async () => {
  const panel = await openPanelOn(NOTE_ROW, NOTE);
  const found = await page.evaluate(scanFrames, [NOTE, 'panel.html', gloss.extensionId]);
  expect(found).toEqual({ iframes: [], windows: 0, readable: [] });
  const tries = await page.evaluate(() => {
    const out: string[] = [];
    const attempt = (name: string, f: () => unknown) => {
      try {
        const v = f();
        if (v !== undefined && v !== null) out.push(`${name} -> ${String(v).slice(0, 60)}`);
      } catch {
        /* refused */
      }
    };
    attempt('frames[0].location.href', () => (window.frames[0] as Window).location.href);
    attempt('window[0]', () => (window as any)[0]);
    attempt('activeElement.contentWindow', () => (document.activeElement as any)?.contentWindow);
    attempt('activeElement.src', () => (document.activeElement as any)?.src);
    attempt('activeElement.shadowRoot', () => document.activeElement?.shadowRoot);
    attempt('window.open by name', () => {
      const w = window.open('', 'Gloss');
      const href = w?.location.href;
      w?.close();
      return href === 'about:blank' ? undefined : href;
    });
    for (let i = 0; i < window.length; i++) window.frames[i].postMessage({ gloss: 1, method: 'deleteAll', args: {} }, '*');
    for (const msg of [{ gloss: 1, method: 'panelSave', args: { saved: false } }, 'garbage', { token: 'x'.repeat(32) }, null]) window.postMessage(msg, '*');
    return out;
  });
  expect(tries).toEqual([]);
  // Stand-in for a page that did reach the frame: garbage posted into the panel itself.
  await panel.evaluate(() => {
    for (const msg of [{ gloss: 1, method: 'panelSave', args: { saved: false } }, { gloss: 'panel-close' }, 'garbage', { token: 'x'.repeat(32) }])
      window.postMessage(msg, '*');
  });
  await page.waitForTimeout(500);
  expect(await snapshot()).toEqual(baseline);
  expect(await panelVisible(page)).toBe(true);
});

test('7b. a panel navigated to a look-alike is taken away by Gloss, and the look-alike reads nothing private', async () => {
  const panel = await openPanelOn(NOTE_ROW, NOTE);
  // The page cannot reach the frame (7a); a frame that navigates itself stands in for one that could.
  await panel.evaluate(() => void setTimeout(() => (location.href = 'https://huggingface.co/evil'), 0));
  await expect.poll(() => page.evaluate(() => (window as any).__lookalike !== undefined)).toBe(true);
  const left = async () => (await attachedFrameUrls(page)).filter((url) => /panel\.html|\/evil/.test(url));
  await expect.poll(left, { timeout: 10_000 }).toEqual([]);
  const lookalike = await page.evaluate(() => (window as any).__lookalike);
  console.info(`the look-alike saw: ${JSON.stringify(lookalike)}`);
  expect(JSON.stringify(lookalike ?? '')).not.toContain(NOTE);
  expect(JSON.stringify(lookalike ?? '')).not.toContain(TAG);
  // Whatever token the look-alike read was revoked with the frame: the session is gone.
  const token = /#([0-9a-f]+):/.exec(String(lookalike?.src ?? ''))?.[1];
  if (token) {
    const session = await admin.evaluate(() => (globalThis as any).chrome.storage.session.get(null));
    expect(JSON.stringify(session)).not.toContain(token);
  }
  expect(await snapshot()).toEqual(baseline);
  // Gloss still works: the next trusted click opens a fresh panel.
  await openPanelOn(NOTE_ROW, NOTE);
  await closePanelIfOpen(page);
});

test('7c. embedding chrome-extension://…/panel.html (real id, made-up id, the dynamic URL with a guessed token) shows nothing private', async () => {
  const live = (await openPanelOn(NOTE_ROW, NOTE)).url();
  const dynamic = live.split('#')[0];
  await closePanelIfOpen(page);
  const srcs = [
    `chrome-extension://${gloss.extensionId}/panel.html`,
    `chrome-extension://${'a'.repeat(32)}/panel.html`,
    `${dynamic}#${'0'.repeat(32)}:1`,
    `${dynamic}`,
  ];
  const fromPage = await page.evaluate((list) => {
    return list.map((src) => {
      const f = document.createElement('iframe');
      f.src = src;
      f.className = 'probe';
      document.body.append(f);
      let readable = 'no';
      try {
        readable = String(f.contentDocument?.body?.innerText ?? 'no');
      } catch {
        /* cross-origin */
      }
      return readable;
    });
  }, srcs);
  await page.waitForTimeout(1500);
  expect(fromPage.every((r) => r === 'no' || r === '')).toBe(true);
  const liveToken = live.split('#')[1].split(':')[0];
  // Gloss's own frame (hidden, on its live token) is not one the page embedded.
  for (const frame of page.frames().filter((f) => f !== page.mainFrame() && !f.url().includes(liveToken))) {
    // A blocked frame (an error page) may never answer: give each a moment.
    const text = await Promise.race([
      frame.evaluate(() => document.documentElement?.innerText ?? '').catch(() => ''),
      new Promise<string>((r) => setTimeout(() => r(''), 3000)),
    ]);
    for (const s of [NOTE, TAG, TAG2, ...relatedTitles]) expect(text, frame.url()).not.toContain(s);
  }
  await page.evaluate(() => document.querySelectorAll('iframe.probe').forEach((f) => f.remove()));
  expect(await snapshot()).toEqual(baseline);
});

test('8. detection: no performance entry, element, attribute or window property names Gloss', async () => {
  await openPanelOn(NOTE_ROW, NOTE);
  expect(await page.evaluate(scanNames)).toEqual([]);
  await closePanelIfOpen(page);
  expect(await page.evaluate(scanNames)).toEqual([]);
});

test('9a. from the content script world (a compromised renderer), every library method is refused with forbidden', async () => {
  const note = hfPapers[NOTE_ROW];
  const calls: Array<[string, unknown]> = [
    ['list', {}],
    ['search', { query: NOTE }],
    ['get', { id: note.id }],
    ['tags', {}],
    ['deleteAll', {}],
    ['setNote', { id: note.id, note: 'overwritten by a page' }],
    ['bulk', { ids: [note.id], action: 'delete' }],
    ['updateSettings', { change: { seenMemory: false } }],
    ['settings', {}],
    ['save', { paper: hfPapers[0] }],
    ['unsave', { id: note.id }],
    ['getDraft', { id: note.id }],
    ['putDraft', { id: note.id, text: 'x', base: '' }],
    ['drafts', {}],
    ['trash', {}],
    ['importStage', { items: [] }],
    ['backupList', {}],
    ['panelState', { token: 'a'.repeat(32) }],
  ];
  const answers = await inContentWorld<unknown[]>(
    page,
    `Promise.all(${JSON.stringify(calls)}.map(([method, args]) => chrome.runtime.sendMessage({ gloss: 1, method, args })))`,
  );
  answers.forEach((a, i) => expect(a, calls[i][0]).toMatchObject({ ok: false, error: { code: 'forbidden' } }));
  expect(JSON.stringify(answers)).not.toContain(NOTE);
  // The same requests are well-formed: an extension page gets the note.
  expect(JSON.stringify(await ext('get', { id: note.id }))).toContain(NOTE);
  expect(await snapshot()).toEqual(baseline);
});

test('9b. from the content script world, pageLookup answers only booleans and storage.local holds nothing of Gloss', async () => {
  const answer = await inContentWorld<any>(
    page,
    `chrome.runtime.sendMessage({ gloss: 1, method: 'pageLookup', args: { papers: ${JSON.stringify([hfPapers[NOTE_ROW], hfPapers[SAVED_ROW], hfPapers[0]])} } })`,
  );
  expect(answer.ok).toBe(true);
  for (const s of answer.value) for (const v of Object.values(s)) expect(typeof v).toBe('boolean');
  expect(answer.value[0]).toMatchObject({ saved: true, note: true, tags: true });
  expect(JSON.stringify(answer)).not.toContain(NOTE);
  // A note being typed in the popup (not yet autosaved) is a draft: it must not land in storage.local.
  // The popup's paper view keeps a draft of the note while it is typed.
  const drafting = await gloss.popup();
  await drafting.getByText(hfPapers[NOTE_ROW].title).first().click();
  const draftText = `DRAFT-${randomBytes(4).toString('hex')}`;
  const area = drafting.getByRole('textbox', { name: 'Note' }).first();
  await area.click();
  await drafting.keyboard.press('End');
  await drafting.keyboard.type(` ${draftText}`, { delay: 5 });
  const hasEditor = true;
  // Read while the draft is fresh (before the autosave clears it), then again after.
  const early = await inContentWorld<string>(page, `chrome.storage.local.get(null).then((all) => JSON.stringify(all))`);
  expect(early).not.toContain(draftText);
  const stored = await inContentWorld<string>(page, `chrome.storage.local.get(null).then((all) => JSON.stringify(all))`);
  const storedSession = await inContentWorld<string>(
    page,
    `chrome.storage.session ? chrome.storage.session.get(null).then((all) => JSON.stringify(all), (e) => 'refused') : Promise.resolve('none')`,
  );
  await drafting.close();
  console.info(`draft typed in the library page: ${hasEditor}`);
  for (const s of [NOTE, TAG, draftText, 'gloss:']) expect(stored).not.toContain(s);
  expect(stored).toBe('{}');
  expect(storedSession === 'refused' || storedSession === 'none' || storedSession === '{}').toBe(true);
  // Undo the draft's autosave.
  await ext('setNote', { id: hfPapers[NOTE_ROW].id, note: `${NOTE} about the method` });
  expect(await snapshot()).toEqual(baseline);
});

test('9c. the storage.local check can fire: a Gloss key written there (as the old drafts were) is seen from the content script world', async () => {
  await admin.evaluate((note) => (globalThis as any).chrome.storage.local.set({ 'gloss:draft:probe': { text: note, base: '', at: 1 } }), NOTE);
  const stored = await inContentWorld<string>(page, `chrome.storage.local.get(null).then((all) => JSON.stringify(all))`);
  await admin.evaluate(() => (globalThis as any).chrome.storage.local.remove('gloss:draft:probe'));
  expect(stored).toContain(NOTE);
});

// ---------------------------------------------------------------------------------------------
// Negative control: the same detectors against a page built like the old, leaky design.

const LEAKY_HTML = `<!doctype html><html><head><title>leaky</title>
<style>@keyframes pulse { from { opacity: .5 } to { opacity: 1 } }</style></head><body>
<article><h3><a href="/papers/2607.00001">Paper one</a></h3><gloss-mark data-gloss-state="saved"></gloss-mark><small>Saved in Gloss</small></article>
<article><h3><a href="/papers/2607.00002">Paper two</a></h3><gloss-mark data-gloss-state="new"></gloss-mark></article>
<article><h3><a href="/papers/2607.00003">Paper three</a></h3><gloss-mark data-gloss-state="seen"></gloss-mark></article>
<iframe id="panel" srcdoc="<p>${NOTE}</p>"></iframe>
<textarea id="note" aria-label="Note"></textarea>
<script>
  performance.mark('gloss:first-marks');
  window.leakyLibrary = [];
  const states = { saved: ['Saved in Gloss', '${NOTE}', 120], new: ['new on this listing', '', 60], seen: ['seen before', '', 80] };
  for (const host of document.querySelectorAll('gloss-mark')) {
    const [word, note, width] = states[host.dataset.glossState];
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = '<style>@keyframes pulse { from { opacity: .5 } to { opacity: 1 } } :host{display:inline-block} button{width:' + width + 'px' + (word === 'Saved in Gloss' ? ';animation: pulse 1s infinite' : '') + '}</style><button title="' + note + ' ${TAG}">' + word + '</button>';
    root.querySelector('button').addEventListener('click', () => window.leakyLibrary.push(word));
    host.addEventListener('click', () => window.leakyLibrary.push('host ' + word));
  }
</script></body></html>`;

test('negative control: every detector reports the leaks of a page built like the old design', async () => {
  gloss.serve(LEAKY, LEAKY_HTML, { html: true });
  const leaky = await gloss.context.newPage();
  await leaky.goto(LEAKY);
  await leaky.evaluate(installHelpers);
  const domHits = await leaky.evaluate(scanDom, secrets);
  expect(domHits.map((h) => h.secret)).toEqual(expect.arrayContaining([NOTE, TAG, 'Saved in Gloss', 'seen before', 'new on this listing']));
  expect(domHits.some((h) => h.where.includes('open shadow root'))).toBe(true);
  expect(domHits.some((h) => h.where.includes('.title'))).toBe(true);
  expect((await leaky.evaluate(scanFind, secrets)).map((h) => h.secret)).toEqual(expect.arrayContaining(['Saved in Gloss']));
  const sizes = await leaky.evaluate(measureHosts);
  expect(sizes.hosts).toBe(3);
  expect(sizes.distinct.length).toBeGreaterThan(1);
  expect(sizes.distinctForced.length).toBeGreaterThan(1);
  expect(
    sizes.animations.some((a) => a.startsWith('pulse@BUTTON')),
    JSON.stringify(sizes.animations),
  ).toBe(true);
  const names = await leaky.evaluate(scanNames);
  expect(names.some((n) => n.includes('performance mark gloss:first-marks'))).toBe(true);
  expect(names.some((n) => n.includes('element <gloss-mark>'))).toBe(true);
  expect(names.some((n) => n.includes('attribute data-gloss-state'))).toBe(true);
  const frames = await leaky.evaluate(scanFrames, [NOTE]);
  expect(frames.iframes.length).toBe(1);
  expect(frames.windows).toBe(1);
  expect(frames.readable.join(' ')).toContain(NOTE);
  // Forged clicks act on a handler that does not check isTrusted.
  expect(await leaky.evaluate(forgeAll)).toBe(3);
  expect((await leaky.evaluate(() => (window as any).leakyLibrary)).length).toBeGreaterThan(0);
  // Keys typed into an in-page note editor reach the page's listeners.
  await leaky.evaluate(installKeylogger);
  await leaky.locator('#note').click();
  await leaky.keyboard.type('leak', { delay: 10 });
  expect(await leaky.evaluate(loggedText)).toBe('leak');
  await leaky.close();
});

test('negative control: the size detector tells a host that follows its content from one that does not (the real marks, restyled, stay one size)', async () => {
  // The real extension's hosts after the page forces a different state-dependent width on one of them.
  await page.evaluate(() => {
    const host = (window as any).__findHosts()[3] as HTMLElement;
    (window as any).__probe = host;
    host.style.setProperty('width', '99px', 'important');
  });
  const sizes = await page.evaluate(measureHosts);
  await page.evaluate(() => {
    (window as any).__probe.removeAttribute('style');
  });
  expect(sizes.distinct.length).toBe(2);
});

/** Ids in the seen history (read from the database by an extension page). */
async function seenIds(): Promise<string[]> {
  return admin.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('gloss');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const all = open.result.transaction('seen').objectStore('seen').getAllKeys();
          all.onsuccess = () => resolve(all.result.map(String));
        };
      }),
  );
}

export type { MarkInfo };
