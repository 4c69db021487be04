/** What the import worker answers: the parsed file, or the error to show, as plain data. */
import { parseImport } from './index';
import { ImportError, type ParsedImport } from './types';

export type ParseReply = { ok: true; parsed: ParsedImport } | { ok: false; message: string; where?: string; importError: boolean };

export function parseReply(text: string): ParseReply {
  try {
    return { ok: true, parsed: parseImport(text) };
  } catch (err) {
    if (err instanceof ImportError) {
      // ImportError's message already starts with where; the page rebuilds the same error.
      const message = err.where ? err.message.slice(err.where.length + 2) : err.message;
      return { ok: false, message, where: err.where, importError: true };
    }
    return { ok: false, message: (err as Error)?.message ?? String(err), importError: false };
  }
}
