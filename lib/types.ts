/** Identifiers a page can show for one paper. Values are already normalized (see lib/ids.ts). */
export interface PaperIds {
  arxiv?: string;
  doi?: string;
  openreview?: string;
  url?: string;
}

export interface PaperLinks {
  abs?: string;
  pdf?: string;
  hf?: string;
  code?: string;
  project?: string;
}

/** A paper's metadata as a page shows it. Plain data: crosses the messaging boundary as is. */
export interface PaperMeta {
  /** Canonical id: `arxiv:2401.12345`, `doi:10.1/x`, `openreview:abc`, or `url:...`. */
  id: string;
  ids: PaperIds;
  title: string;
  authors: string[];
  abstract?: string;
  /** Date of first publication, as precise as the page gives it: YYYY-MM-DD, YYYY-MM or YYYY. */
  published?: string;
  links: PaperLinks;
  /** Primary subject category where the page gives one (arXiv: `cs.CL`). */
  category?: string;
  /** The adapter that recognized it, e.g. `huggingface`. */
  source: string;
}

/** What an adapter returns: the paper plus the element the inline mark attaches after. */
export interface RecognizedEntry {
  paper: PaperMeta;
  anchor: Element | null;
}

/** A saved paper as the library stores it. */
export interface PaperRecord extends PaperMeta {
  /** Every identifier of this paper in canonical form, the id itself included. */
  aliases: string[];
  /** Normalized title (lib/ids.ts normalizeTitle): links a preprint to its published version. */
  titleKey: string;
  note: string;
  tags: string[];
  savedAt: number;
  updatedAt: number;
  /** Counts the writes of this record; absent on records written before it existed (read as 0). */
  version?: number;
  /** Where the user is with reading it; absent means no status was ever set. */
  status?: ReadingStatus;
  /** When `status` was last set (ms since epoch). */
  statusAt?: number;
}

export const READING_STATUSES = ['to-read', 'reading', 'read'] as const;
export type ReadingStatus = (typeof READING_STATUSES)[number];

/** Per-entry answer of the batched page lookup. */
export interface EntryState {
  id: string;
  saved: boolean;
  note: string;
  tags: string[];
  savedAt?: number;
  /** Shown before, on an earlier visit (reading memory). */
  seen?: { first: number; count: number };
  /** Not on this listing when the user last visited it. */
  isNew?: boolean;
  /** The stored record's write count (PaperRecord.version). */
  version?: number;
  /** Reading status and when it was set (PaperRecord.status), for the panel and popup. */
  status?: ReadingStatus;
  statusAt?: number;
  /**
   * The note had changed elsewhere since this editor loaded it: both texts were kept, one after
   * the other, and the editor should show the stored note.
   */
  conflict?: boolean;
}

/** A library paper related to a page entry, with the reason. */
export interface RelatedPaper {
  id: string;
  title: string;
  note: string;
  score: number;
  /** Shared terms that made them related, strongest first. */
  terms: string[];
  /** Related mostly by subject (the topic model) rather than by shared terms. */
  subject?: boolean;
  href?: string;
  /** How the match compares with this library's own matches (lib/search/related.ts calibrate). */
  strength?: 'strong' | 'good' | 'weak';
}
