/** Errors of Zotero sync, each with a kind the options page can turn into something to do. */
export type ZoteroErrorKind =
  /** The key is unknown or was revoked: connect again with a new key. */
  | 'invalid-key'
  /** The key cannot read or write the chosen library. */
  | 'no-access'
  | 'no-write-access'
  /** Zotero asked us to wait longer than we keep trying. */
  | 'rate-limited'
  /** Zotero answered with 5xx, or did not answer in time, after every retry. */
  | 'server'
  | 'network'
  /** The version precondition still failed after merging and retrying. */
  | 'conflict'
  /** Zotero refused the data (a 4xx that retrying cannot fix). */
  | 'rejected'
  /** The browser refused to store more (IndexedDB quota). */
  | 'storage-full'
  | 'aborted';

export class ZoteroError extends Error {
  constructor(
    readonly kind: ZoteroErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ZoteroError';
  }
}

export function isAbort(err: unknown): boolean {
  // Dexie reports a transaction the quota killed as an AbortError too: that one is not a stop.
  if (isQuotaError(err)) return false;
  return (err instanceof ZoteroError && err.kind === 'aborted') || (err instanceof Error && err.name === 'AbortError');
}

/** IndexedDB's quota error, however Dexie wraps it. */
export function isQuotaError(err: unknown): boolean {
  for (let e = err as { name?: string; inner?: unknown } | undefined, depth = 0; e && depth < 4; e = e.inner as typeof e, depth++) {
    if (e.name === 'QuotaExceededError') return true;
  }
  return false;
}
