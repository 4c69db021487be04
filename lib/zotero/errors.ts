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
  return (err instanceof ZoteroError && err.kind === 'aborted') || (err instanceof Error && err.name === 'AbortError');
}
