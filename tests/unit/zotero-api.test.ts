import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ZoteroApi, newObjectKey, newWriteToken } from '../../lib/zotero/api';
import { Throttle } from '../../lib/zotero/throttle';
import type { ZoteroStandin } from '../zotero-standin/server';
import { KEY, PREFIX, startStandin } from './zotero-helpers';

let s: ZoteroStandin;
beforeEach(async () => {
  s = await startStandin();
});
afterEach(async () => {
  await s.stop();
});

const api = (o: Partial<ConstructorParameters<typeof ZoteroApi>[0]> = {}) =>
  new ZoteroApi({ apiKey: KEY, baseUrl: s.baseUrl, retryBaseMs: 10, timeoutMs: 1_000, ...o });

describe('the client', () => {
  test('sends the API version and key headers to the configured base URL', async () => {
    await api().keyInfo();
    expect(s.log[0]).toMatchObject({ method: 'GET', path: '/keys/current', headers: { 'zotero-api-version': '3', 'zotero-api-key': KEY } });
  });

  test('never more than `concurrency` requests at once', async () => {
    let inFlight = 0;
    let most = 0;
    const counting: typeof fetch = async (input, init) => {
      inFlight++;
      most = Math.max(most, inFlight);
      try {
        await new Promise((r) => setTimeout(r, 30));
        return await fetch(input, init);
      } finally {
        inFlight--;
      }
    };
    const a = api({ concurrency: 3, fetch: counting });
    await Promise.all(Array.from({ length: 12 }, () => a.itemsPage(PREFIX, 0, 0)));
    expect(most).toBe(3);
    expect(s.log).toHaveLength(12);
  });

  test('a create without a write token is refused before it is sent', async () => {
    await expect(api().request('POST', `${PREFIX}/items`, { body: [{ itemType: 'preprint', title: 'x' }] })).rejects.toThrow(/Write-Token/);
    expect(s.log).toHaveLength(0);
  });

  test('a write that cannot be told apart from its repeat is not retried after a 500', async () => {
    s.faults.push({ status: 500, times: 1 });
    // DELETE of many items by key has no per-object version: the library version header makes it safe…
    const safe = api().request('DELETE', `${PREFIX}/items`, { query: { itemKey: 'ABCDEFGH' }, headers: { 'If-Unmodified-Since-Version': '0' } });
    await expect(safe).resolves.toMatchObject({ status: 204 });
    expect(s.log.map((l) => l.status)).toEqual([500, 204]);
    // …without it the client gives up at once instead of guessing.
    s.faults.push({ status: 500, times: 1 });
    await expect(api().request('DELETE', `${PREFIX}/items`, { query: { itemKey: 'ABCDEFGH' } })).rejects.toMatchObject({ kind: 'server' });
    expect(s.log.map((l) => l.status)).toEqual([500, 204, 500]);
  });

  test('the same write token is sent on every retry; Zotero refuses the repeat with 412', async () => {
    const token = newWriteToken();
    s.faults.push({ match: (r) => r.method === 'POST', status: 503, afterHandling: true, times: 1 });
    const res = await api().writeItems(PREFIX, [{ key: newObjectKey(), itemType: 'preprint', title: 'Once only' }], { writeToken: token });
    expect(res.status).toBe(412);
    expect(s.log.map((l) => [l.status, l.headers['zotero-write-token']])).toEqual([
      [503, token],
      [412, token],
    ]);
    expect(s.items(PREFIX)).toHaveLength(1);
  });

  test('an update carrying object versions is retried after a 500: a repeat would only get 412', async () => {
    const [key] = s.seed(PREFIX, [{ itemType: 'preprint', title: 'v1' }]);
    s.faults.push({ match: (r) => r.method === 'POST', status: 500, afterHandling: true, times: 1 });
    const res = await api().writeItems(PREFIX, [{ key, version: 1, title: 'v2' }]);
    expect(s.log.map((l) => l.status)).toEqual([500, 200]);
    expect(res.result?.failed?.['0']).toMatchObject({ code: 412 });
    expect(s.items(PREFIX)[0].data.title).toBe('v2');
  });

  test('Retry-After on 429 is honoured before the next attempt', async () => {
    s.faults.push({ status: 429, retryAfter: 0.4, times: 1 });
    const t0 = Date.now();
    await api().itemsPage(PREFIX, 0, 0);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(390);
    expect(s.log.map((l) => l.status)).toEqual([429, 200]);
  });

  test('a Retry-After longer than the client will wait fails with "rate limited"', async () => {
    s.faults.push({ status: 429, retryAfter: 3600, times: 1 });
    await expect(api().itemsPage(PREFIX, 0, 0)).rejects.toMatchObject({ kind: 'rate-limited' });
  });

  test('a request that stalls past the timeout is retried, and one that always stalls fails', async () => {
    s.faults.push({ delayMs: 400, passThrough: true, status: 200, times: 1 });
    await api({ timeoutMs: 150 }).itemsPage(PREFIX, 0, 0);
    expect(s.log).toHaveLength(2);
    s.faults.push({ delayMs: 400, passThrough: true, status: 200, times: 10 });
    await expect(api({ timeoutMs: 100, retries: 2 }).itemsPage(PREFIX, 0, 0)).rejects.toMatchObject({ kind: 'network' });
  });

  test('an aborted signal stops waiting at once', async () => {
    s.faults.push({ status: 429, retryAfter: 30, times: 1 });
    const ctl = new AbortController();
    const t0 = Date.now();
    const p = api({ maxWaitMs: 60_000 }).itemsPage(PREFIX, 0, 0, ctl.signal);
    setTimeout(() => ctl.abort(), 100);
    await expect(p).rejects.toMatchObject({ kind: 'aborted' });
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  test('a malformed key is refused without a request', () => {
    expect(() => new ZoteroApi({ apiKey: 'bad key!', baseUrl: s.baseUrl })).toThrow(/24 letters/);
  });
});

describe('Throttle', () => {
  test('a pause holds tasks that start during it', async () => {
    const t = new Throttle(2);
    t.pause(0.2);
    const t0 = Date.now();
    await t.run(async () => undefined);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
  });
});
