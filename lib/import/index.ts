/**
 * Reads an import file of any supported format into validated items, or throws an ImportError
 * that says what is wrong and where. Nothing here writes: the library service imports the
 * items in one transaction (all or nothing).
 */
import { MAX_NOTE_LENGTH, paperMeta } from '../rpc/protocol';
import { ValidationError } from '../rpc/validate';
import { isBackup, readBackup } from './backup';
import { readBibtex } from './bibtex';
import { isCsl, readCsl } from './csl';
import { isPaperMemory, readPaperMemory } from './papermemory';
import { ImportError, MAX_IMPORT_BYTES, type ImportItem, type ParsedImport } from './types';

function jsonError(text: string, err: Error): ImportError {
  const at = Number(err.message.match(/position (\d+)/)?.[1]);
  if (Number.isFinite(at)) {
    const line = text.slice(0, at).split('\n').length;
    return new ImportError(`not valid JSON (${err.message.replace(/ in JSON at position \d+.*$/, '').replace(/ at position \d+.*$/, '')})`, `line ${line}`);
  }
  return new ImportError(`not valid JSON (${err.message})`);
}

export function parseImport(text: string): ParsedImport {
  if (text.length > MAX_IMPORT_BYTES) {
    throw new ImportError(`This file is too large (${Math.round(text.length / 1024 / 1024)} MB); Gloss imports files up to ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`);
  }
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (!trimmed) throw new ImportError('The file is empty.');
  let parsed: ParsedImport;
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch (err) {
      throw jsonError(trimmed, err as Error);
    }
    if (isBackup(data)) parsed = { format: 'backup', items: readBackup(data) };
    else if (isCsl(data)) parsed = { format: 'csl', items: readCsl(data as unknown[]) };
    else if (isPaperMemory(data)) parsed = { format: 'papermemory', items: readPaperMemory(data as Record<string, unknown>) };
    else throw new ImportError('This JSON is not a Gloss backup, CSL-JSON or a PaperMemory export.');
  } else if (/^(%.*\n|\s)*@/.test(trimmed) || trimmed.includes('@')) {
    parsed = { format: 'bibtex', items: readBibtex(trimmed) };
  } else {
    throw new ImportError('Gloss cannot read this file: it imports Gloss backups, BibTeX, CSL-JSON and PaperMemory exports.');
  }
  validate(parsed.items);
  return parsed;
}

/** Every paper must be one the background would accept from a page. */
function validate(items: ImportItem[]) {
  for (const item of items) {
    try {
      paperMeta(item.paper, 'paper');
    } catch (err) {
      if (err instanceof ValidationError) throw new ImportError(err.message.replace(/^paper\.?/, '').replace(/^: /, ''), item.where);
      throw err;
    }
    if (item.note !== undefined && item.note.length > MAX_NOTE_LENGTH) throw new ImportError(`note is longer than ${MAX_NOTE_LENGTH.toLocaleString('en')} characters`, item.where);
  }
}

export { ImportError, MAX_IMPORT_BYTES } from './types';
export type { ImportItem, ParsedImport } from './types';
