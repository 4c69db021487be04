/**
 * A small client for the Zotero Web API v3 over `fetch`, usable in an MV3 service worker.
 *
 * Hand-written rather than `zotero-api-client` (see README.md): that client fixes the scheme to
 * https (no local stand-in), retries any 5xx, a create sent without a write token included,
 * ignores `Retry-After` and `Backoff`, and has no concurrency cap; those are the parts sync needs.
 */
import { ZoteroError } from './errors';
import { Throttle, sleep as defaultSleep, type Sleep } from './throttle';
import type { ZoteroCollection, ZoteroItem, ZoteroItemData, ZoteroKeyInfo, ZoteroWriteResult } from './types';

export const DEFAULT_BASE_URL = 'https://api.zotero.org';
/** Zotero's limit of objects in one write. */
export const MAX_WRITE_OBJECTS = 50;
/** Zotero's largest page. */
export const PAGE_LIMIT = 100;

export interface ZoteroApiOptions {
  apiKey: string;
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Requests in flight at once (Zotero asks for no more than a few). */
  concurrency?: number;
  /** Attempts after the first one, for answers and failures that may be retried. */
  retries?: number;
  /** One attempt's time limit. */
  timeoutMs?: number;
  /** First wait between retries; doubles each time. */
  retryBaseMs?: number;
  /** A Retry-After or Backoff longer than this fails the request instead of waiting. */
  maxWaitMs?: number;
  sleep?: Sleep;
  now?: () => number;
}

export interface RequestOptions {
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface ApiResponse<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
  /** Last-Modified-Version, when the answer has one. */
  version?: number;
}

/** Statuses handed back to the caller instead of thrown: each has a meaning in the sync. */
const PASSED = new Set([200, 204, 304, 404, 412, 428]);

export class ZoteroApi {
  readonly baseUrl: string;
  private readonly apiKey: string;
  private readonly fetchFn: typeof fetch;
  private readonly throttle: Throttle;
  private readonly retries: number;
  private readonly timeoutMs: number;
  private readonly retryBaseMs: number;
  private readonly maxWaitMs: number;
  private readonly sleep: Sleep;
  /** Requests sent (attempts, retries included): status and tests read it. */
  sent = 0;

  constructor(opts: ZoteroApiOptions) {
    if (!opts.apiKey || !/^[A-Za-z0-9]{8,64}$/.test(opts.apiKey))
      throw new ZoteroError('invalid-key', 'A Zotero API key is 24 letters and digits; this one is not.');
    this.apiKey = opts.apiKey;
    this.baseUrl = (opts.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
    // Bound to globalThis: a detached `fetch` throws "Illegal invocation" in browsers.
    this.fetchFn = opts.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.sleep = opts.sleep ?? defaultSleep;
    this.throttle = new Throttle(opts.concurrency ?? 3, opts.now ?? Date.now, this.sleep);
    this.retries = opts.retries ?? 5;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.retryBaseMs = opts.retryBaseMs ?? 1_000;
    this.maxWaitMs = opts.maxWaitMs ?? 10 * 60_000;
  }

  /** Milliseconds until Zotero's last `Backoff` / `Retry-After` ends. */
  get pausedFor(): number {
    return this.throttle.pausedFor;
  }

  async request<T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<ApiResponse<T>> {
    const url = new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = { 'Zotero-API-Version': '3', 'Zotero-API-Key': this.apiKey, ...opts.headers };
    if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
    const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    // Sending twice is harmless only when the server can tell: a read, a write with a version
    // precondition (the second one gets 412), or a create with a write token (412 again).
    const repeatable =
      method === 'GET' ||
      'If-Unmodified-Since-Version' in headers ||
      'Zotero-Write-Token' in headers ||
      (method === 'POST' && allVersioned(opts.body)) ||
      ((method === 'PATCH' || method === 'PUT') && isVersioned(opts.body));
    if (method === 'POST' && !('Zotero-Write-Token' in headers) && !('If-Unmodified-Since-Version' in headers) && !allVersioned(opts.body)) {
      throw new Error('A create must carry a Zotero-Write-Token or a version precondition');
    }
    let attempt = 0;
    for (;;) {
      const res = await this.throttle.run(() => this.attempt(method, url, headers, body, opts.signal), opts.signal).catch((err: unknown) => err as Error);
      if (res instanceof Error) {
        if (res instanceof ZoteroError && res.kind === 'aborted') throw res;
        if (!repeatable || attempt >= this.retries) throw new ZoteroError('network', `Zotero could not be reached (${res.message})`);
        await this.sleep(this.delay(attempt++), opts.signal);
        continue;
      }
      const backoff = seconds(res.headers.get('Backoff'));
      if (backoff !== undefined) this.pauseFor(backoff);
      const retryAfter = seconds(res.headers.get('Retry-After'));
      if (res.status === 429 || (res.status === 503 && retryAfter !== undefined)) {
        // Not processed: Zotero refused it before doing anything, so any request may go again.
        if (attempt >= this.retries) throw new ZoteroError('rate-limited', 'Zotero is limiting requests; sync will try again later.', res.status);
        if (retryAfter !== undefined) this.pauseFor(retryAfter);
        else await this.sleep(this.delay(attempt), opts.signal);
        attempt++;
        continue;
      }
      if (res.status >= 500) {
        if (!repeatable || attempt >= this.retries) throw new ZoteroError('server', `Zotero answered ${res.status}; sync will try again later.`, res.status);
        await this.sleep(this.delay(attempt++), opts.signal);
        continue;
      }
      if (res.status === 403) {
        const text = await res.text().catch(() => '');
        throw new ZoteroError(
          method === 'GET' ? 'no-access' : 'no-write-access',
          method === 'GET' ? `This key cannot read that library (${text.slice(0, 100)})` : 'This key cannot write to that library.',
          403,
        );
      }
      if (!PASSED.has(res.status)) {
        const text = await res.text().catch(() => '');
        throw new ZoteroError('rejected', `Zotero refused the request (${res.status}: ${text.slice(0, 200)})`, res.status);
      }
      const text = await res.text();
      const type = res.headers.get('Content-Type') ?? '';
      let parsed: unknown = text;
      if (type.includes('json') && text && res.status < 300) {
        try {
          parsed = JSON.parse(text);
        } catch {
          throw new ZoteroError('server', 'Zotero sent a reply that is not JSON', res.status);
        }
      }
      const v = res.headers.get('Last-Modified-Version');
      return { status: res.status, headers: res.headers, body: parsed as T, version: v !== null && /^\d+$/.test(v) ? Number(v) : undefined };
    }
  }

  private pauseFor(s: number): void {
    if (s * 1000 > this.maxWaitMs) throw new ZoteroError('rate-limited', `Zotero asked to wait ${Math.round(s)} s; sync will try again later.`);
    this.throttle.pause(s);
  }

  private delay(attempt: number): number {
    const base = this.retryBaseMs * 2 ** attempt;
    return Math.min(60_000, base / 2 + Math.random() * (base / 2));
  }

  private async attempt(method: string, url: URL, headers: Record<string, string>, body: string | undefined, outer?: AbortSignal): Promise<Response> {
    if (outer?.aborted) throw new ZoteroError('aborted', 'Sync stopped');
    const ctl = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      ctl.abort();
    }, this.timeoutMs);
    const onAbort = () => ctl.abort();
    outer?.addEventListener('abort', onAbort, { once: true });
    this.sent++;
    try {
      const res = await this.fetchFn(url.toString(), { method, headers, body, signal: ctl.signal });
      // The body is read inside the time limit too: a server can stall after the headers.
      const bytes = await res.arrayBuffer();
      // 204 and 304 must not carry a body, even an empty one, or Response() throws.
      return new Response(method === 'HEAD' || [101, 204, 205, 304].includes(res.status) ? null : bytes, { status: res.status, headers: res.headers });
    } catch (err) {
      if (outer?.aborted) throw new ZoteroError('aborted', 'Sync stopped');
      if (timedOut) throw new Error(`no answer within ${this.timeoutMs} ms`, { cause: err });
      throw err instanceof Error ? err : new Error(String(err));
    } finally {
      clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    }
  }

  // ---- the requests sync uses ----

  async keyInfo(signal?: AbortSignal): Promise<ZoteroKeyInfo> {
    try {
      const res = await this.request<ZoteroKeyInfo>('GET', '/keys/current', { signal });
      if (res.status !== 200 || !res.body || typeof res.body !== 'object') throw new ZoteroError('invalid-key', 'Zotero does not know this key.', res.status);
      return res.body;
    } catch (err) {
      if (err instanceof ZoteroError && (err.kind === 'no-access' || err.status === 403))
        throw new ZoteroError('invalid-key', 'Zotero does not know this key (or it was revoked).', 403);
      throw err;
    }
  }

  /** One page of items changed since a library version (all items for `since` 0). */
  async itemsPage(
    prefix: string,
    since: number,
    start: number,
    signal?: AbortSignal,
    limit = PAGE_LIMIT,
  ): Promise<{ items: ZoteroItem[]; total: number; version: number; next: boolean }> {
    const res = await this.request<ZoteroItem[]>('GET', `${prefix}/items`, {
      query: { since, start, limit, format: 'json', includeTrashed: 1, sort: 'dateModified', direction: 'asc' },
      signal,
    });
    if (res.status !== 200 || !Array.isArray(res.body)) throw new ZoteroError('server', `Unexpected answer to an item listing (${res.status})`, res.status);
    const total = Number(res.headers.get('Total-Results') ?? res.body.length);
    const next = /rel="next"/.test(res.headers.get('Link') ?? '');
    return { items: res.body, total: Number.isFinite(total) ? total : res.body.length, version: res.version ?? 0, next };
  }

  /** Every item changed since a library version, as `{ key: version }`, and the library version it describes. */
  async versions(prefix: string, since: number, signal?: AbortSignal): Promise<{ versions: Record<string, number>; version: number }> {
    const res = await this.request<Record<string, number>>('GET', `${prefix}/items`, { query: { since, format: 'versions', includeTrashed: 1 }, signal });
    if (res.status !== 200 || !res.body || typeof res.body !== 'object' || Array.isArray(res.body))
      throw new ZoteroError('server', `Unexpected answer to a version listing (${res.status})`, res.status);
    const versions: Record<string, number> = {};
    for (const [k, v] of Object.entries(res.body)) if (/^[A-Z0-9]{8}$/.test(k) && Number.isInteger(v)) versions[k] = v;
    return { versions, version: res.version ?? 0 };
  }

  async itemsByKey(prefix: string, keys: string[], signal?: AbortSignal): Promise<ZoteroItem[]> {
    const out: ZoteroItem[] = [];
    for (let i = 0; i < keys.length; i += MAX_WRITE_OBJECTS) {
      const res = await this.request<ZoteroItem[]>('GET', `${prefix}/items`, {
        query: { itemKey: keys.slice(i, i + MAX_WRITE_OBJECTS).join(','), includeTrashed: 1, limit: MAX_WRITE_OBJECTS },
        signal,
      });
      if (Array.isArray(res.body)) out.push(...res.body);
    }
    return out;
  }

  async item(prefix: string, key: string, signal?: AbortSignal): Promise<ZoteroItem | undefined> {
    const res = await this.request<ZoteroItem>('GET', `${prefix}/items/${key}`, { signal });
    return res.status === 200 ? res.body : undefined;
  }

  async collections(prefix: string, since: number, signal?: AbortSignal): Promise<ZoteroCollection[]> {
    const out: ZoteroCollection[] = [];
    for (let start = 0; ; start += PAGE_LIMIT) {
      const res = await this.request<ZoteroCollection[]>('GET', `${prefix}/collections`, { query: { since, start, limit: PAGE_LIMIT }, signal });
      if (!Array.isArray(res.body)) break;
      out.push(...res.body);
      if (!/rel="next"/.test(res.headers.get('Link') ?? '')) break;
    }
    return out;
  }

  async deleted(prefix: string, since: number, signal?: AbortSignal): Promise<{ items: string[]; collections: string[]; version: number }> {
    const res = await this.request<{ items?: string[]; collections?: string[] }>('GET', `${prefix}/deleted`, { query: { since }, signal });
    const b = res.body ?? {};
    return { items: Array.isArray(b.items) ? b.items : [], collections: Array.isArray(b.collections) ? b.collections : [], version: res.version ?? 0 };
  }

  /**
   * Writes up to 50 objects. New ones need `writeToken` (the same one on every retry of this
   * batch); updates carry their own `version`. Answers 412 as `{ status: 412 }`.
   */
  async writeItems(
    prefix: string,
    objects: Partial<ZoteroItemData>[],
    opts: { writeToken?: string; signal?: AbortSignal } = {},
  ): Promise<{ status: number; result?: ZoteroWriteResult; version?: number }> {
    if (objects.length > MAX_WRITE_OBJECTS) throw new Error(`At most ${MAX_WRITE_OBJECTS} objects per write`);
    const headers: Record<string, string> = {};
    if (opts.writeToken) headers['Zotero-Write-Token'] = opts.writeToken;
    const res = await this.request<ZoteroWriteResult>('POST', `${prefix}/items`, { body: objects, headers, signal: opts.signal });
    return { status: res.status, result: res.status === 200 ? res.body : undefined, version: res.version };
  }

  async deleteItem(prefix: string, key: string, version: number, signal?: AbortSignal): Promise<number> {
    const res = await this.request('DELETE', `${prefix}/items/${key}`, { headers: { 'If-Unmodified-Since-Version': String(version) }, signal });
    return res.status;
  }
}

function seconds(v: string | null): number | undefined {
  if (v === null) return undefined;
  const n = Number(v.trim());
  if (Number.isFinite(n) && n >= 0) return n;
  const date = Date.parse(v);
  return Number.isFinite(date) ? Math.max(0, (date - Date.now()) / 1000) : undefined;
}

function isVersioned(body: unknown): boolean {
  return !!body && typeof body === 'object' && !Array.isArray(body) && typeof (body as { version?: unknown }).version === 'number';
}

function allVersioned(body: unknown): boolean {
  return Array.isArray(body) && body.length > 0 && body.every((o) => o && typeof o === 'object' && typeof o.key === 'string' && typeof o.version === 'number');
}

/** A random 32-hex-digit write token. */
export function newWriteToken(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

const KEY_CHARS = '23456789ABCDEFGHIJKLMNPQRSTUVWXYZ';
/** A Zotero object key made here, so a create can name its child notes and be found again. */
export function newObjectKey(): string {
  const b = new Uint8Array(8);
  crypto.getRandomValues(b);
  return [...b].map((x) => KEY_CHARS[x % KEY_CHARS.length]).join('');
}

/** An item's child notes and attachments. */
export async function childrenOf(api: ZoteroApi, prefix: string, key: string, signal?: AbortSignal): Promise<ZoteroItem[]> {
  const res = await api.request<ZoteroItem[]>('GET', `${prefix}/items/${key}/children`, { signal });
  return res.status === 200 && Array.isArray(res.body) ? res.body : [];
}
