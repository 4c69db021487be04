/**
 * Firefox with the built extension, driven through WebDriver BiDi (Firefox's own remote
 * protocol; Playwright's Firefox support needs BiDi commands Firefox ESR does not have yet).
 * As with Chromium, saved pages are served at their real URLs and nothing reaches the network.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { ROOT } from './harness';

export const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
export const FIREFOX_EXTENSION = join(ROOT, '.output/firefox-mv3');

type Params = Record<string, unknown>;

/** The extension's id in its manifest, and the origin its pages get (fixed by a pref, below). */
export const FIREFOX_ADDON_ID = 'gloss@gloss-papers.org';
export const FIREFOX_EXTENSION_ORIGIN = 'moz-extension://6b1e5b8e-0c8f-4d3a-9a51-3f0d2c7e9a10';

export interface TreeNode {
  context: string;
  url: string;
  children: TreeNode[] | null;
}

export interface Firefox {
  /** The top-level tab. */
  context: string;
  send<T = any>(method: string, params?: Params): Promise<T>;
  /** Serves a saved page at every URL starting with `prefix`. */
  serve(prefix: string, file: string): void;
  goto(url: string): Promise<void>;
  /** Evaluates an expression in the page (awaiting a promise) and returns its JSON value. */
  evaluate<T>(expression: string): Promise<T>;
  /** Evaluates in another browsing context (a frame, another tab). */
  evaluateIn<T>(context: string, expression: string): Promise<T>;
  /** The tab's tree of browsing contexts, frames included (closed shadow roots do not hide them). */
  tree(): Promise<TreeNode>;
  /** A trusted mouse click at viewport coordinates (WebDriver BiDi input actions). */
  click(x: number, y: number): Promise<void>;
  /** Asks the background as an extension page does (from a tab showing the extension's own page). */
  ask<T = any>(method: string, args?: Params): Promise<T>;
  close(): Promise<void>;
}

export async function launchFirefox(): Promise<Firefox> {
  if (!existsSync(FIREFOX)) throw new Error(`No Firefox at ${FIREFOX}: apt-get install firefox-esr, or set FIREFOX_PATH.`);
  if (!existsSync(join(FIREFOX_EXTENSION, 'manifest.json'))) throw new Error(`No Firefox build at ${FIREFOX_EXTENSION}: run \`npm run build:firefox\` first.`);
  const profile = mkdtempSync(join(tmpdir(), 'gloss-firefox-'));
  // Keep Firefox from calling home during tests; the rest are BiDi's recommended defaults.
  const prefs = {
    'remote.prefs.recommended': true,
    'browser.shell.checkDefaultBrowser': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'app.update.enabled': false,
    // ask() opens the extension's page from a script, without a click.
    'dom.disable_open_during_load': false,
    // A known origin for the extension's pages, so a test can open one and ask the background.
    'extensions.webextensions.uuids': JSON.stringify({ [FIREFOX_ADDON_ID]: FIREFOX_EXTENSION_ORIGIN.slice('moz-extension://'.length) }),
  };
  const pref = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : String(v));
  writeFileSync(
    join(profile, 'user.js'),
    Object.entries(prefs)
      .map(([k, v]) => `user_pref("${k}", ${pref(v)});`)
      .join('\n'),
  );
  const browser: ChildProcess = spawn(FIREFOX, ['--headless', '--remote-debugging-port=0', '--profile', profile], { stdio: ['ignore', 'pipe', 'pipe'] });
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Firefox did not start its WebDriver BiDi server within 30 s')), 30_000);
    const look = (chunk: Buffer) => {
      const m = String(chunk).match(/WebDriver BiDi listening on (ws:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    browser.stdout!.on('data', look);
    browser.stderr!.on('data', look);
    browser.on('exit', (code) => reject(new Error(`Firefox exited with ${code} before it was ready`)));
  });

  const socket = new WebSocket(`${endpoint}/session`);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let nextId = 0;
  const waiting = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  const routes: Array<[string, Buffer]> = [];
  const send = <T>(method: string, params: Params = {}) =>
    new Promise<T>((resolve, reject) => {
      const id = ++nextId;
      waiting.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });
  socket.on('message', (data) => {
    const m = JSON.parse(String(data));
    if (m.id !== undefined && waiting.has(m.id)) {
      const w = waiting.get(m.id)!;
      waiting.delete(m.id);
      if (m.type === 'error') w.reject(new Error(`${m.error}: ${m.message}`));
      else w.resolve(m.result);
    } else if (m.method === 'network.beforeRequestSent' && m.params.isBlocked) {
      const { request, url } = m.params.request;
      const route = routes.find(([prefix]) => url.startsWith(prefix));
      const answer = route
        ? send('network.provideResponse', {
            request,
            statusCode: 200,
            reasonPhrase: 'OK',
            headers: [{ name: 'content-type', value: { type: 'string', value: 'text/html; charset=utf-8' } }],
            body: { type: 'base64', value: route[1].toString('base64') },
          })
        : send('network.failRequest', { request });
      answer.catch(() => {});
    }
  });

  await send('session.new', { capabilities: {} });
  await send('webExtension.install', { extensionData: { type: 'path', path: FIREFOX_EXTENSION } });
  await send('session.subscribe', { events: ['network.beforeRequestSent'] });
  await send('network.addIntercept', {
    phases: ['beforeRequestSent'],
    urlPatterns: [
      { type: 'pattern', protocol: 'https' },
      { type: 'pattern', protocol: 'http' },
    ],
  });
  const { contexts } = await send<{ contexts: Array<{ context: string }> }>('browsingContext.getTree');
  const context = contexts[0].context;

  const evaluateIn = async <T>(target: string, expression: string) => {
    const r = await send<{ type: string; result?: unknown; exceptionDetails?: { text: string } }>('script.evaluate', {
      expression: `(async () => JSON.stringify(await (${expression})))()`,
      target: { context: target },
      awaitPromise: true,
    });
    if (r.type === 'exception') throw new Error(`In ${target}: ${r.exceptionDetails?.text}`);
    const value = (r.result as { value?: string }).value;
    return (value === undefined ? undefined : JSON.parse(value)) as T;
  };
  let extensionTab: string | undefined;

  return {
    context,
    send,
    evaluateIn,
    tree: async () => (await send<{ contexts: TreeNode[] }>('browsingContext.getTree', { root: context })).contexts[0],
    click: async (x, y) => {
      await send('browsingContext.activate', { context });
      await send('input.performActions', {
        context,
        actions: [
          {
            type: 'pointer',
            id: 'mouse',
            parameters: { pointerType: 'mouse' },
            actions: [
              { type: 'pointerMove', x: Math.round(x), y: Math.round(y) },
              { type: 'pointerDown', button: 0 },
              { type: 'pointerUp', button: 0 },
            ],
          },
        ],
      });
      await send('input.releaseActions', { context });
    },
    ask: async (method, args = {}) => {
      if (!extensionTab) {
        // BiDi may not navigate a tab to an extension page, and web pages may not open one; an
        // extension page can. The panel frame (once a mark opened it) opens the popup page in a tab.
        const all = async () => (await send<{ contexts: TreeNode[] }>('browsingContext.getTree')).contexts;
        const flat = (nodes: TreeNode[]): TreeNode[] => nodes.flatMap((n) => [n, ...flat(n.children ?? [])]);
        const panel = flat(await all()).find((n) => n.url.startsWith(`${FIREFOX_EXTENSION_ORIGIN}/panel.html`));
        if (!panel) throw new Error('ask() needs the panel open once (it opens the extension page)');
        // (browser.tabs is not given to an extension frame inside a web page; window.open is.)
        await evaluateIn(panel.context, `!!window.open('/popup.html')`);
        const end = Date.now() + 10_000;
        while (!extensionTab) {
          extensionTab = (await all()).find((n) => n.url.startsWith(`${FIREFOX_EXTENSION_ORIGIN}/popup.html`))?.context;
          if (Date.now() > end) throw new Error('the extension page did not open');
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      const answer = await evaluateIn<{ ok: boolean; value?: any; error?: { message: string } }>(
        extensionTab,
        `browser.runtime.sendMessage(${JSON.stringify({ gloss: 1, method, args })})`,
      );
      if (!answer?.ok) throw new Error(`${method}: ${answer?.error?.message ?? 'no answer'}`);
      return answer.value;
    },
    serve: (prefix, file) => void routes.push([prefix, readFileSync(file)]),
    goto: async (url) => void (await send('browsingContext.navigate', { context, url, wait: 'complete' })),
    evaluate: (expression) => evaluateIn(context, expression),
    close: async () => {
      await send('browser.close').catch(() => {});
      socket.close();
      browser.kill();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
