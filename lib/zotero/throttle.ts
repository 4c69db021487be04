/**
 * How many requests go to Zotero at once, and when none may start: Zotero asks clients for no
 * more than a few concurrent requests and to pause for `Backoff` / `Retry-After` seconds.
 */
import { ZoteroError } from './errors';

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const sleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ZoteroError('aborted', 'Sync stopped'));
    const t = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    const onAbort = () => {
      clearTimeout(t);
      reject(new ZoteroError('aborted', 'Sync stopped'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export class Throttle {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** No request starts before this time (ms since epoch). */
  private pausedUntil = 0;

  constructor(
    readonly concurrency: number,
    private readonly now: () => number = Date.now,
    private readonly wait: Sleep = sleep,
  ) {
    if (!(concurrency >= 1)) throw new Error('concurrency must be at least 1');
  }

  /** Stops new requests for `seconds` (never shortens a pause already asked for). */
  pause(seconds: number): void {
    if (!(seconds > 0)) return;
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + seconds * 1000);
  }

  get pausedFor(): number {
    return Math.max(0, this.pausedUntil - this.now());
  }

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      // A pause asked for while this one waited for a slot still applies.
      while (this.pausedFor > 0) await this.wait(this.pausedFor, signal);
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(new ZoteroError('aborted', 'Sync stopped'));
    if (this.active < this.concurrency) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const go = () => {
        signal?.removeEventListener('abort', onAbort);
        this.active++;
        resolve();
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(go);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new ZoteroError('aborted', 'Sync stopped'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(go);
    });
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.();
  }
}
