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

export interface Firefox {
  /** The top-level tab. */
  context: string;
  send<T = any>(method: string, params?: Params): Promise<T>;
  /** Serves a saved page at every URL starting with `prefix`. */
  serve(prefix: string, file: string): void;
  goto(url: string): Promise<void>;
  /** Evaluates an expression in the page (awaiting a promise) and returns its JSON value. */
  evaluate<T>(expression: string): Promise<T>;
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
  };
  writeFileSync(join(profile, 'user.js'), Object.entries(prefs).map(([k, v]) => `user_pref("${k}", ${v});`).join('\n'));
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
  await send('network.addIntercept', { phases: ['beforeRequestSent'], urlPatterns: [{ type: 'pattern', protocol: 'https' }, { type: 'pattern', protocol: 'http' }] });
  const { contexts } = await send<{ contexts: Array<{ context: string }> }>('browsingContext.getTree');
  const context = contexts[0].context;

  return {
    context,
    send,
    serve: (prefix, file) => void routes.push([prefix, readFileSync(file)]),
    goto: async (url) => void (await send('browsingContext.navigate', { context, url, wait: 'complete' })),
    evaluate: async <T>(expression: string) => {
      const r = await send<{ type: string; result?: unknown; exceptionDetails?: { text: string } }>('script.evaluate', {
        expression: `(async () => JSON.stringify(await (${expression})))()`,
        target: { context },
        awaitPromise: true,
      });
      if (r.type === 'exception') throw new Error(`In the page: ${r.exceptionDetails?.text}`);
      const value = (r.result as { value?: string }).value;
      return (value === undefined ? undefined : JSON.parse(value)) as T;
    },
    close: async () => {
      await send('browser.close').catch(() => {});
      socket.close();
      browser.kill();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
