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

/** Files larger than this are refused before they are read. */
export const MAX_IMPORT_BYTES = 50 * 1024 * 1024;
export const FORMAT_LABELS: Record<ImportFormat, string> = {
  backup: 'Gloss backup',
  bibtex: 'BibTeX',
  csl: 'CSL-JSON',
  ris: 'RIS',
  papermemory: 'PaperMemory export',
};
