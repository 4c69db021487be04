/**
 * Real Chromium with the built extension loaded, and saved pages served at their real URLs so
 * the content script matches exactly as on the live site. Nothing reaches the network: any
 * request without a fixture is aborted (the live pages' scripts come from CDNs, so pages stay
 * as the server rendered them).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { toBackup } from '../../lib/export/backup';
import { asRecords, type CorpusPaper } from '../corpus';
import { clickMark, closePanelByKey, panelOf, waitForMark, waitForMarks } from './marks';

export const ROOT = resolve(import.meta.dirname, '../..');
export const EXTENSION = join(ROOT, '.output/chrome-mv3');
const BUILT = EXTENSION;
export const FIXTURES = join(ROOT, 'tests/fixtures/pages');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const HF_DAILY = join(FIXTURES, 'hf-papers/hf_daily_papers_kube-ebded23_2026-07.html');
export const HF_PAPER = join(FIXTURES, 'hf-papers/hf_paper_2509.24002_2025-10.html');

export interface Gloss {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  /** Serves `file` (or HTML text) whenever the browser asks for `url` (exact, query included). */
  serve(url: string, file: string, options?: { html?: boolean }): void;
  popup(): Promise<Page>;
  close(): Promise<void>;
}

/** `extension`: another built copy (a benchmark's baseline build beside the current one). */
export async function launch(options: { colorScheme?: 'light' | 'dark'; extension?: string } = {}): Promise<Gloss> {
  const EXTENSION = options.extension ?? BUILT;
  if (!existsSync(join(EXTENSION, 'manifest.json'))) {
    throw new Error(`No built extension at ${EXTENSION}: run \`npm run build\` first.`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM} (apt-get install -y chromium).`);
  const profile = mkdtempSync(join(tmpdir(), 'gloss-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    colorScheme: options.colorScheme ?? 'light',
    viewport: { width: 1280, height: 900 },
    args: [
      `--disable-extensions-except=${EXTENSION}`,
      `--load-extension=${EXTENSION}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // A locator that never matches fails in 10 s instead of hanging the run.
  context.setDefaultTimeout(10_000);
  const pages = new Map<string, { body: string }>();
  await context.route('**/*', (route) => {
    const url = route.request().url();
    const page = pages.get(url);
    if (page) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: page.body });
    if (url.startsWith('chrome-extension://')) return route.continue();
    // Local stand-ins the tests start (the Zotero API's), never the network.
    if (/^http:\/\/127\.0\.0\.1:\d+\//.test(url)) return route.continue();
    return route.abort('blockedbyclient');
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    worker,
    serve(url, file, { html = false } = {}) {
      pages.set(url, { body: html ? file : readFileSync(file, 'utf8') });
    },
    async popup() {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/popup.html`);
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export const ARXIV_RECENT = join(FIXTURES, 'arxiv-list/arxiv_list_cs.CL_recent_2026-07-27.html');
export const ARXIV_ABS = join(FIXTURES, 'arxiv-abs/arxiv_abs_1902.02534_2026-07-23.html');

/** Polls until `read()` returns `want` (for hooks, where expect.poll is not available). */
export async function until<T>(read: () => Promise<T>, want: T, timeout = 10_000): Promise<void> {
  const end = Date.now() + timeout;
  let last: T | undefined;
  while (Date.now() < end) {
    last = await read();
    if (last === want) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out waiting for ${String(want)}; last saw ${String(last)}`);
}

/**
 * Opens the real arXiv listing and presses the star on the given rows, as a person would. Each
 * press opens the panel ("Saved to your library."); it is closed with Escape before the next,
 * as it would cover the rows below it.
 */
export async function saveFromArxivListing(gloss: Gloss, rows: number[]): Promise<Page> {
  const arxiv = await gloss.context.newPage();
  await arxiv.goto('https://arxiv.org/list/cs.CL/recent');
  await waitForMarks(arxiv, 50);
  for (const n of rows) {
    await clickMark(arxiv, n, 'save');
    await waitForMark(arxiv, n, (m) => m.saved === true);
    const panel = await panelOf(arxiv);
    await until(() => panel.getByRole('status').filter({ hasText: 'Saved to your library.' }).count(), 1);
    await closePanelByKey(arxiv);
  }
  return arxiv;
}

/** The popup as it opens over the tab showing `urlPart` (its "This page" view acts on that tab). */
export async function popupFor(gloss: Gloss, urlPart: string): Promise<Page> {
  const popup = await gloss.popup();
  // Tab URLs are hidden from Gloss (no "tabs" permission); each content script says its own.
  const tabId = await popup.evaluate(async (part) => {
    const chrome = (globalThis as any).chrome;
    for (const tab of await chrome.tabs.query({})) {
      const answer = await chrome.tabs.sendMessage(tab.id, { gloss: 'page-papers' }).catch(() => undefined);
      if (answer?.url?.includes(part)) return tab.id as number;
    }
    throw new Error(`no tab shows ${part}`);
  }, urlPart);
  await popup.goto(`chrome-extension://${gloss.extensionId}/popup.html?tab=${tabId}`);
  return popup;
}

/** Imports corpus papers through the library page, as a person restoring a backup would. */
export async function fillLibrary(gloss: Gloss, papers: CorpusPaper[]) {
  if (!papers.length) return;
  const file = join(mkdtempSync(join(tmpdir(), 'gloss-library-')), 'library.json');
  writeFileSync(file, toBackup(asRecords(papers)));
  const lib = await gloss.context.newPage();
  // What the page itself said (errors, warnings) goes with a stall's report.
  const said: string[] = [];
  lib.on('pageerror', (err) => said.push(`pageerror: ${err.message}`));
  lib.on('console', (m) => m.type() !== 'log' && said.push(`console.${m.type()}: ${m.text()}`));
  lib.on('framenavigated', (f) => f === lib.mainFrame() && said.push(`navigated: ${f.url()}`));
  await lib.goto(`chrome-extension://${gloss.extensionId}/library.html`);
  await lib.getByLabel(/^Import a file/).setInputFiles(file);
  // An import that stalls shows where: a test's hook times out long before these waits do.
  const stalled = setInterval(
    async () =>
      console.warn(
        `fillLibrary: still importing; the library page shows:\n${(await lib.locator('body').innerText().catch(String)).slice(-800)}\nand said:\n${said.join('\n') || '(nothing)'}`,
      ),
    30_000,
  );
  try {
    await lib.getByRole('group', { name: 'Import preview' }).getByRole('button', { name: 'Import' }).click({ timeout: 300_000 });
    await lib.getByText(/^Imported: /).waitFor({ timeout: 600_000 });
  } finally {
    clearInterval(stalled);
  }
  await lib.close();
}

/** Stops the extension's service worker, as the browser does after ~30 s idle. */
export async function stopWorker(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}
