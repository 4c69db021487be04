export type ErrorCode = 'invalid' | 'not-found' | 'forbidden' | 'unavailable' | 'internal' | `zotero-${string}`;

/** An error with a code the UI can act on and a message a person can read. */
export class GlossError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'GlossError';
  }
}
