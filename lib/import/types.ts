import type { ReadingStatus } from '../core/types';
import type { PaperMeta } from '../core/types';

/** One paper read from a file, with where it was, for errors a person can find. */
export interface ImportItem {
  paper: PaperMeta;
  note?: string;
  tags?: string[];
  savedAt?: number;
  /** The key the file gave it (a BibTeX entry's, a backup's): kept when it is free in the library. */
  citeKey?: string;
  /** Reading status (backups; a `status:read` keyword in CSL-JSON) and when it was set. */
  status?: ReadingStatus;
  statusAt?: number;
  /** "entry 3 (vaswani2017attention)", "line 12", … */
  where: string;
}

export type ImportFormat = 'backup' | 'bibtex' | 'csl' | 'ris' | 'papermemory';

/** An entry left out of an import, and why; the rest of the file imports when the user agrees. */
export interface SkippedEntry {
  /** "entry 3 (knuth84), line 40" */
  where: string;
  message: string;
}

export interface ParsedImport {
  format: ImportFormat;
  items: ImportItem[];
  /** Entries that could not be read (BibTeX only: one broken entry need not stop a whole file). */
  skipped?: SkippedEntry[];
}

/** A file that cannot be imported; `where` names the entry or line. Nothing was written. */
export class ImportError extends Error {
  constructor(
    message: string,
    readonly where?: string,
  ) {
    super(where ? `${where}: ${message}` : message);
    this.name = 'ImportError';
  }
}

/**
 * Files larger than this are refused before they are read. The page never holds the file's text
 * (the import worker reads the File and is stopped after), the background holds the items until
 * they are written (at most MAX_STAGED_ITEMS, lib/background/imports.ts) and writes them in
 * parts; what bounds the file is the worker's one read of it: 200 MB of text is up to 400 MB as
 * a JavaScript string, under V8's longest string (~536 million characters), and twice a backup of 50,000
 * papers with abstracts and notes (~102 MB, bench/import-scale.ts).
 */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;
export const FORMAT_LABELS: Record<ImportFormat, string> = {
  backup: 'Gloss backup',
  bibtex: 'BibTeX',
  csl: 'CSL-JSON',
  ris: 'RIS',
  papermemory: 'PaperMemory export',
};
