/**
 * Reads an import file of any supported format into validated items, or throws an ImportError
 * that says what is wrong and where. Nothing here writes: the library service imports the
 * items in one transaction (all or nothing).
 */
import { isBackup, readBackup } from './backup';
import { readBibtex } from './bibtex';
import { isCsl, readCsl } from './csl';
import { isPaperMemory, readPaperMemory } from './papermemory';
import { isRis, readRis } from './ris';
import { parseJson } from './json';
import { ImportError, MAX_IMPORT_BYTES, type ParsedImport } from './types';
import { validateItems } from './validate';

export function parseImport(text: string): ParsedImport {
  if (text.length > MAX_IMPORT_BYTES) {
    throw new ImportError(
      `This file is too large (${Math.round(text.length / 1024 / 1024)} MB); Gloss imports files up to ${MAX_IMPORT_BYTES / 1024 / 1024} MB.`,
    );
  }
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (!trimmed) throw new ImportError('The file is empty.');
  let parsed: ParsedImport;
  let skipped: ParsedImport['skipped'];
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    const data = parseJson(trimmed);
    if (isBackup(data)) parsed = { format: 'backup', items: readBackup(data) };
    else if (isCsl(data)) parsed = { format: 'csl', items: readCsl(data as unknown[]) };
    else if (isPaperMemory(data)) parsed = { format: 'papermemory', items: readPaperMemory(data as Record<string, unknown>) };
    else throw new ImportError('This JSON is not a Gloss backup, CSL-JSON or a PaperMemory export.');
  } else if (isRis(trimmed)) {
    const read = readRis(trimmed);
    parsed = { format: 'ris', items: read.items };
    skipped = read.skipped;
  } else if (/^(%.*\n|\s)*@/.test(trimmed) || trimmed.includes('@')) {
    const read = readBibtex(trimmed);
    parsed = { format: 'bibtex', items: read.items };
    skipped = read.skipped;
  } else {
    throw new ImportError('Gloss cannot read this file: it imports Gloss backups, BibTeX, CSL-JSON, RIS and PaperMemory exports.');
  }
  // The readers' objects came from the file; only what the validators rebuilt is imported.
  if (!skipped) return { format: parsed.format, items: validateItems(parsed.items) };
  // BibTeX: an entry the library would refuse joins the skipped ones instead of stopping the file.
  const items = validateItems(parsed.items, Date.now(), skipped);
  if (!items.length) throw new ImportError(skipped[0].message, skipped[0].where);
  return { format: parsed.format, items, ...(skipped.length && { skipped }) };
}

export { ImportError, MAX_IMPORT_BYTES } from './types';
export type { ImportItem, ParsedImport } from './types';
