/** Identifiers a page can show for one paper. Values are already normalized (see lib/core/ids.ts). */
export interface PaperIds {
  arxiv?: string;
  doi?: string;
  openreview?: string;
  /** ACL Anthology id: `2021.naacl-main.208`, or old-style `W19-4201`. */
  acl?: string;
  /** PMLR volume and key: `v139/radford21a`. */
  pmlr?: string;
  /** NeurIPS proceedings hash (32 hex digits, the same on proceedings.neurips.cc and papers.nips.cc). */
  neurips?: string;
  /** CVF open-access paper slug: `He_Deep_Residual_Learning_CVPR_2016_paper` (the same on both CVF hosts). */
  cvf?: string;
  pmid?: string;
  /** PubMed Central id with its prefix: `PMC1280342`. */
  pmcid?: string;
  /** Google Scholar cluster id (digits): every version of one paper Scholar knows of. */
  scholar?: string;
  url?: string;
  /**
   * For works with no identifier at all (books, theses, old reports in a BibTeX file): an ISBN
   * (`isbn9780201134476`) or a slug of year, first author and title (lib/bib-id.ts), the same
   * every time the same entry is read.
   */
  bib?: string;
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
  /** Canonical id: `arxiv:2401.12345`, `doi:10.1/x`, `openreview:abc`, a venue id (`pmlr:v139/radford21a`, lib/core/ids.ts), or `url:...`. */
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
  /** Citation metadata where known (lib/core/citation.ts); absent on papers saved before it existed. */
  itemType?: ItemType;
  /** Journal or proceedings title. */
  container?: string;
  volume?: string;
  issue?: string;
  /** `12--34`, or one page / article number. */
  pages?: string;
  publisher?: string;
}

/** What kind of work a paper is, for citation styles (BibTeX entry type, CSL type, RIS TY). */
export type ItemType = 'article' | 'inproceedings' | 'preprint' | 'book' | 'thesis' | 'report' | 'misc';

/** What an adapter returns: the paper plus the element the inline mark attaches after. */
export interface RecognizedEntry {
  paper: PaperMeta;
  anchor: Element | null;
}

/** A saved paper as the library stores it. */
export interface PaperRecord extends PaperMeta {
  /** Every identifier of this paper in canonical form, the id itself included. */
  aliases: string[];
  /** Normalized title (lib/core/ids.ts normalizeTitle): links a preprint to its published version. */
  titleKey: string;
  note: string;
  tags: string[];
  savedAt: number;
  updatedAt: number;
  /**
   * The `\cite` key, chosen once when the record is made (lib/export/cite-keys.ts) and unique in
   * the library; absent only on records written before it existed, until the library assigns one.
   */
  citeKey?: string;
  /**
   * Counts the writes of this record (lib/library/store.ts stamps it); a paper deleted and saved
   * again carries on from its tombstone's version.
   */
  version?: number;
  /** When each content field last changed (ms), stamped by the store: what a sync merges by. */
  mtimes?: Partial<Record<string, number>>;
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
  /** Found by words the user added in its note or tags, which its own text lacks (the terms are those words). */
  yours?: boolean;
  href?: string;
  /** How the match compares with this library's own matches (lib/search/related.ts calibrate). */
  strength?: 'strong' | 'good' | 'weak';
}
