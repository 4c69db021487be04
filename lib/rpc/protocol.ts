/**
 * The messages the background accepts, who may send each, and what each argument must look like.
 * Everything that reaches the library passed through one of these validators.
 *
 * Three kinds of caller (lib/rpc/callers.ts), each with its own methods:
 * - extension pages (popup, library, options): the whole library (`argsValidators`);
 * - content scripts, which share a process with a hostile page: only `pageValidators` — the
 *   state of the papers recognized in their own tab as flags, and opening the private panel;
 * - the panel frame a content script opened: only `panelValidators`, each naming the panel's
 *   token, and acting on the one paper the user opened it for (lib/background/panels.ts).
 */
import { BIB_ID_PATTERN } from '../import/bib-id';
import { CITATION_LIMITS, ITEM_TYPES } from '../core/citation';
import { canonicalId, normalizeDoi, parseArxivId } from '../core/ids';
import type { ImportProgress, ImportSummary } from '../library/service';
import { CITE_KEY_PATTERN, MAX_CITE_KEY } from '../export/cite-keys';
import type { DraftRecord, TrashRecord } from '../db/schema';
import type { SearchHit, SortOrder } from '../search/library-search';
import type { BackupInfo } from '../library/backups';
import type { ImportItem } from '../import/types';
import type { Settings } from '../settings/settings';
import type { ZoteroState } from '../background/zotero';
import { MAX_TAG_LENGTH, MAX_TAGS } from '../core/tags';
import { READING_STATUSES, type EntryState, type ItemType, type PaperMeta, type PaperRecord, type ReadingStatus, type RelatedPaper } from '../core/types';
import { ValidationError, arrayOf, bool, int, object, oneOf, optional, str, type Validator } from './validate';
import { VENUE_ID_KINDS, venueId } from '../core/ids';
import { PAPER_LIMITS, PAPER_PATTERNS } from '../core/paper-rules';

/**
 * Characters of a backup's text per answer of `backupText`: even as JSON escapes of 6 bytes each,
 * well under the 64 MiB a Chromium extension message may carry.
 */
export const BACKUP_PART = 8_000_000;

/** Messages larger than this are refused before parsing their arguments. */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
export const MAX_NOTE_LENGTH = 100_000;
export const MAX_PAGE_ENTRIES = 5_000;
/** A content script asks about the rows near the viewport, at most this many at a time. */
export const MAX_LOOKUP_BATCH = 500;

const readingStatus = oneOf([...READING_STATUSES, 'none'] as const);

const L = PAPER_LIMITS;
const id = str(L.id, { min: 5, pattern: PAPER_PATTERNS.id });
const webUrl = optional(str(L.link, { pattern: PAPER_PATTERNS.webUrl }));

const paperShape = object({
  id,
  ids: object({
    arxiv: optional(str(L.ids.arxiv)),
    doi: optional(str(L.ids.doi)),
    openreview: optional(str(L.ids.openreview)),
    acl: optional(str(L.ids.acl)),
    pmlr: optional(str(L.ids.pmlr)),
    neurips: optional(str(L.ids.neurips)),
    cvf: optional(str(L.ids.cvf)),
    pmid: optional(str(L.ids.pmid)),
    pmcid: optional(str(L.ids.pmcid)),
    scholar: optional(str(L.ids.scholar)),
    url: optional(str(L.ids.url)),
    bib: optional(str(L.ids.bib, { pattern: BIB_ID_PATTERN })),
  }),
  title: str(L.title, { min: 1 }),
  authors: arrayOf(str(L.author), L.authors),
  abstract: optional(str(L.abstract)),
  published: optional(str(10, { pattern: PAPER_PATTERNS.published })),
  links: object({ abs: webUrl, pdf: webUrl, hf: webUrl, code: webUrl, project: webUrl }),
  category: optional(str(L.category, { pattern: PAPER_PATTERNS.category })),
  source: str(L.source, { min: 1 }),
  itemType: optional(oneOf(ITEM_TYPES)),
  container: optional(str(CITATION_LIMITS.container, { min: 1 })),
  volume: optional(str(CITATION_LIMITS.volume, { min: 1 })),
  issue: optional(str(CITATION_LIMITS.issue, { min: 1 })),
  pages: optional(str(CITATION_LIMITS.pages, { min: 1 })),
  publisher: optional(str(CITATION_LIMITS.publisher, { min: 1 })),
});

/** A paper from a page: well-formed, with ids in normal form and the id derived from them. */
export const paperMeta: Validator<PaperMeta> = (v, path) => {
  const p = paperShape(v, path) as PaperMeta;
  if (p.ids.arxiv !== undefined && parseArxivId(p.ids.arxiv) !== p.ids.arxiv) {
    throw new ValidationError(`${path}.ids.arxiv`, 'is not a versionless arXiv id');
  }
  if (p.ids.doi !== undefined && normalizeDoi(p.ids.doi) !== p.ids.doi) {
    throw new ValidationError(`${path}.ids.doi`, 'is not a normalized DOI');
  }
  for (const kind of VENUE_ID_KINDS) {
    const v = p.ids[kind];
    if (v !== undefined && venueId(kind, v) !== v) throw new ValidationError(`${path}.ids.${kind}`, `is not a ${kind} id in normal form`);
  }
  if (canonicalId(p.ids) !== p.id) {
    throw new ValidationError(`${path}.id`, 'does not match the strongest identifier in ids');
  }
  return p;
};

const tags = arrayOf(str(MAX_TAG_LENGTH * 4), MAX_TAGS);
const citeKey = str(MAX_CITE_KEY, { min: 1, pattern: CITE_KEY_PATTERN });

/** Items per import message: a chunk of a file stays well under MAX_MESSAGE_BYTES. */
export const MAX_IMPORT_CHUNK = 1_000;
/** A paper read from a file (lib/import), checked again where it is written. */
const importItem = object({
  paper: paperMeta,
  note: optional(str(MAX_NOTE_LENGTH)),
  tags: optional(tags),
  savedAt: optional(int(0, 8.64e15)),
  citeKey: optional(citeKey),
  status: optional(oneOf(READING_STATUSES)),
  statusAt: optional(int(0, 8.64e15)),
  where: str(500),
});
const note = str(MAX_NOTE_LENGTH);
/** A panel's capability: 128 random bits, known to the background and the frame only. */
const token = str(64, { min: 32, pattern: /^[0-9a-f-]+$/ });
const theme = oneOf(['light', 'dark'] as const);

/** What a content script may ask, for papers it recognized in its own tab. */
export const pageValidators = {
  pageLookup: object({ papers: arrayOf(paperMeta, MAX_LOOKUP_BATCH), page: optional(str(2000)) }),
  pageRelated: object({ papers: arrayOf(paperMeta, MAX_LOOKUP_BATCH) }),
  pageSeen: object({ papers: arrayOf(paperMeta, MAX_LOOKUP_BATCH), page: optional(str(2000)) }),
  /** Opens the private panel on a trusted click; `toggle` saves or removes the paper first. */
  openPanel: object({ paper: paperMeta, toggle: optional(bool), theme: optional(theme) }),
  closePanel: object({}),
  pageSettings: object({}),
} satisfies Contract<PageApi>;

/** What the panel frame may ask, always about the paper its token was issued for. */
export const panelValidators = {
  panelState: object({ token }),
  panelRelated: object({ token }),
  panelSave: object({ token, saved: bool }),
  panelUndo: object({ token }),
  panelNote: object({ token, note, base: optional(note) }),
  panelTags: object({ token, tags }),
  panelStatus: object({ token, status: readingStatus }),
  panelDraft: object({ token, text: note, base: note }),
  panelClose: object({ token }),
} satisfies Contract<PanelApi>;

/**
 * The library, as extension pages reach it (answered by lib/library/service.ts, which
 * implements it). Every argument is one object, validated by `argsValidators` below.
 */
export interface GlossApi {
  /** Saved state, note, tags and reading memory of each paper, in order. Reads only. */
  lookup(args: { papers: PaperMeta[]; page?: string }): Promise<EntryState[]>;
  /** Library papers related to each paper, strongest first. */
  relatedTo(args: { papers: PaperMeta[]; k?: number }): Promise<RelatedPaper[][]>;
  /** Search as the user types; `provisional` while the index builds (a scan answers meanwhile). */
  search(args: { query: string; sort?: SortOrder; limit?: number }): Promise<{
    total: number;
    hits: Array<SearchHit & { paper: PaperRecord }>;
    provisional?: boolean;
  }>;
  /**
   * Gets the search ready (reads its snapshot, starts loading its index) without searching: the
   * popup asks as it opens, so a stopped worker is awake and scanning-ready by the first key.
   */
  prepareSearch(args: Record<string, never>): Promise<null>;
  save(args: { paper: PaperMeta; note?: string; tags?: string[] }): Promise<EntryState>;
  /** Moves a paper to the trash; answers what was removed (for Undo). */
  unsave(args: { id: string }): Promise<PaperRecord | null>;
  /** `base`: the note the editor started from; a note changed elsewhere since is kept beside this one. */
  setNote(args: { id: string; note: string; base?: string; paper?: PaperMeta }): Promise<EntryState>;
  setTags(args: { id: string; tags: string[]; paper?: PaperMeta }): Promise<EntryState>;
  /** Changes a paper's citation key to one the user chose (free in the library). */
  setCiteKey(args: { id: string; key: string }): Promise<PaperRecord>;
  /**
   * Corrects a saved paper's metadata as the user knows it (title, authors, date, venue…); an
   * empty value clears that field. Answers the record as stored.
   */
  setMeta(args: { id: string; meta: MetaEdit }): Promise<PaperRecord>;
  /** Where the user is with reading a paper ('none' clears it); saves the paper first when `paper` is given and it is not saved. */
  setStatus(args: { id: string; status: ReadingStatus | 'none'; paper?: PaperMeta }): Promise<EntryState>;
  /** Saved papers, newest first, a page at a time. */
  list(args: { limit?: number; offset?: number }): Promise<{ total: number; papers: PaperRecord[] }>;
  get(args: { id: string }): Promise<PaperRecord | null>;
  tags(args: Record<string, never>): Promise<Array<{ tag: string; count: number }>>;
  clearSeen(args: Record<string, never>): Promise<{ cleared: number }>;
  deleteAll(args: Record<string, never>): Promise<{ deleted: number }>;
  bulk(args: { ids: string[]; action: 'tag' | 'untag' | 'delete'; tags?: string[] }): Promise<{ changed: number; removed: PaperRecord[] }>;
  trash(args: Record<string, never>): Promise<TrashRecord[]>;
  restore(args: { ids: string[] }): Promise<{ restored: number }>;
  purgeTrash(args: { ids?: string[] }): Promise<{ purged: number }>;
  putDraft(args: { id: string; text: string; base: string }): Promise<DraftRecord>;
  getDraft(args: { id: string }): Promise<DraftRecord | null>;
  clearDraft(args: { id: string }): Promise<{ cleared: boolean }>;
  drafts(args: Record<string, never>): Promise<Array<DraftRecord & { title: string }>>;
}
export type MethodName = keyof GlossApi;

/** The metadata a person may correct in the library; '' (or no authors) clears a field, except the title. */
export interface MetaEdit {
  title?: string;
  authors?: string[];
  published?: string;
  itemType?: ItemType | '';
  container?: string;
  volume?: string;
  issue?: string;
  pages?: string;
  publisher?: string;
}

/** What only extension pages may do besides the library itself. */
export interface AdminApi {
  settings(args: Record<string, never>): Promise<Settings>;
  updateSettings(args: { change: Partial<Settings> }): Promise<Settings>;
  /** Adds a chunk of a file's items to a staged import (the first chunk has no token). */
  importStage(args: { token?: string; items: ImportItem[] }): Promise<{ token: string; staged: number }>;
  /** Writes a staged import, all or nothing (or says what it would change, with `dryRun`). */
  importCommit(args: { token: string; mode: 'merge' | 'replace'; dryRun?: boolean }): Promise<ImportSummary>;
  /**
   * Writes the next part of a staged import (IMPORT_PART papers) in its own transaction, so
   * lookups and saves go on between parts; says how far it got. The last part spends the token.
   */
  importStep(args: { token: string; mode: 'merge' | 'replace' }): Promise<ImportProgress>;
  /** Stops a staged import between parts: what was written stays, the rest is dropped. */
  importCancel(args: { token: string }): Promise<ImportProgress | null>;
  backupList(args: Record<string, never>): Promise<BackupInfo[]>;
  backupSnapshot(args: Record<string, never>): Promise<BackupInfo>;
  /**
   * A backup's text from character `from` on, at most BACKUP_PART characters of it, and its
   * length: read part by part, as a 50,000-paper backup (~100 MB) is beyond what one extension
   * message may carry (64 MiB in Chromium).
   */
  backupText(args: { id: number; from?: number }): Promise<{ text: string; total: number } | null>;
  backupRestore(args: { id: number }): Promise<ImportSummary>;
  /** Checks a Zotero API key and connects its personal library (or `group`); stores the key here only. */
  zoteroConnect(args: {
    apiKey: string;
    group?: number;
    collectionKey?: string;
    deleteInZotero?: boolean;
    baseUrl?: string;
  }): Promise<ZoteroState & { groups: string[]; canWrite: boolean }>;
  /** `collectionKey: ''` puts new items in no collection. */
  zoteroConfigure(args: { collectionKey?: string; deleteInZotero?: boolean; saveToZotero?: boolean }): Promise<ZoteroState>;
  zoteroDisconnect(args: Record<string, never>): Promise<ZoteroState>;
  zoteroState(args: Record<string, never>): Promise<ZoteroState>;
  zoteroCollections(args: Record<string, never>): Promise<Array<{ key: string; name: string }>>;
  /** Syncs now; resolves when done (its errors are in the state). */
  zoteroSync(args: Record<string, never>): Promise<ZoteroState>;
}
export type ExtensionApi = GlossApi & AdminApi;
export type ExtensionMethod = keyof ExtensionApi;

/** Zotero keys are 24 letters and digits; the stand-in's URL is the only other base there is. */
const zoteroKey = str(64, { min: 20, pattern: /^[A-Za-z0-9]+$/ });
const zoteroCollection = str(16, { min: 8, pattern: /^[A-Z0-9]+$/ });

export const adminValidators = {
  settings: object({}),
  updateSettings: object({
    change: object({
      linksEverywhere: optional(bool),
      seenMemory: optional(bool),
      disabledSites: optional(arrayOf(str(64), 100)),
      theme: optional(oneOf(['auto', 'light', 'dark'] as const)),
      backupEvery: optional(oneOf(['off', 'daily', 'weekly'] as const)),
      backupDownload: optional(bool),
    }),
  }),
  importStage: object({ token: optional(str(64, { min: 36 })), items: arrayOf(importItem, MAX_IMPORT_CHUNK) }),
  importCommit: object({ token: str(64, { min: 36 }), mode: oneOf(['merge', 'replace'] as const), dryRun: optional(bool) }),
  importStep: object({ token: str(64, { min: 36 }), mode: oneOf(['merge', 'replace'] as const) }),
  importCancel: object({ token: str(64, { min: 36 }) }),
  backupList: object({}),
  backupSnapshot: object({}),
  backupText: object({ id: int(1, Number.MAX_SAFE_INTEGER), from: optional(int(0, Number.MAX_SAFE_INTEGER)) }),
  backupRestore: object({ id: int(1, Number.MAX_SAFE_INTEGER) }),
  zoteroConnect: object({
    apiKey: zoteroKey,
    group: optional(int(1, Number.MAX_SAFE_INTEGER)),
    collectionKey: optional(zoteroCollection),
    deleteInZotero: optional(bool),
    baseUrl: optional(str(200, { pattern: /^(https:\/\/api\.zotero\.org|http:\/\/(127\.0\.0\.1|localhost):\d+)$/ })),
  }),
  zoteroConfigure: object({
    collectionKey: optional(str(16, { pattern: /^([A-Z0-9]{8,16})?$/ })),
    deleteInZotero: optional(bool),
    saveToZotero: optional(bool),
  }),
  zoteroDisconnect: object({}),
  zoteroState: object({}),
  zoteroCollections: object({}),
  zoteroSync: object({}),
} satisfies Contract<AdminApi>;

export const libraryValidators = {
  lookup: object({ papers: arrayOf(paperMeta, MAX_PAGE_ENTRIES), page: optional(str(2000)) }),
  relatedTo: object({ papers: arrayOf(paperMeta, MAX_PAGE_ENTRIES), k: optional(int(1, 20)) }),
  save: object({ paper: paperMeta, note: optional(str(MAX_NOTE_LENGTH)), tags: optional(tags) }),
  unsave: object({ id }),
  setNote: object({ id, note: str(MAX_NOTE_LENGTH), base: optional(str(MAX_NOTE_LENGTH)), paper: optional(paperMeta) }),
  setTags: object({ id, tags, paper: optional(paperMeta) }),
  setCiteKey: object({ id, key: str(MAX_CITE_KEY) }),
  setStatus: object({ id, status: readingStatus, paper: optional(paperMeta) }),
  setMeta: object({
    id,
    meta: object({
      title: optional(str(L.title, { min: 1 })),
      authors: optional(arrayOf(str(L.author, { min: 1 }), L.authors)),
      published: optional(str(10, { pattern: /^(\d{4}(-\d{2}(-\d{2})?)?)?$/ })),
      itemType: optional(oneOf([...ITEM_TYPES, ''] as const)),
      container: optional(str(CITATION_LIMITS.container)),
      volume: optional(str(CITATION_LIMITS.volume)),
      issue: optional(str(CITATION_LIMITS.issue)),
      pages: optional(str(CITATION_LIMITS.pages)),
      publisher: optional(str(CITATION_LIMITS.publisher)),
    }),
  }),
  list: object({ limit: optional(int(1, 10_000)), offset: optional(int(0, 10_000_000)) }),
  get: object({ id }),
  tags: object({}),
  clearSeen: object({}),
  search: object({
    query: str(1000),
    sort: optional(oneOf(['relevance', 'recent', 'title', 'year', 'status'] as const)),
    limit: optional(int(1, 500)),
  }),
  prepareSearch: object({}),
  deleteAll: object({}),
  bulk: object({ ids: arrayOf(id, 100_000), action: oneOf(['tag', 'untag', 'delete'] as const), tags: optional(tags) }),
  trash: object({}),
  restore: object({ ids: arrayOf(id, 100_000) }),
  purgeTrash: object({ ids: optional(arrayOf(id, 100_000)) }),
  putDraft: object({ id, text: str(MAX_NOTE_LENGTH), base: str(MAX_NOTE_LENGTH) }),
  getDraft: object({ id }),
  clearDraft: object({ id }),
  drafts: object({}),
} satisfies Contract<GlossApi>;

/** Every method an extension page may call: the library's and the admin ones. */
export const argsValidators = { ...libraryValidators, ...adminValidators } satisfies Contract<ExtensionApi>;

export type PageMethod = keyof typeof pageValidators;
export type PanelMethod = keyof typeof panelValidators;

/** Saved state of a listing row as a content script gets it: flags, never text. */
export interface MarkState {
  saved: boolean;
  note: boolean;
  tags: boolean;
  seen: boolean;
  isNew: boolean;
  /** In the user's Zotero library (connected in the options), saved in Gloss or not. */
  zotero: boolean;
  /** Reading status, drawn as a wordless badge on the star (components/content/Mark.tsx). */
  status?: ReadingStatus;
}

/** The content scripts' contract (answered by lib/background/page-api.ts). */
export interface PageApi {
  pageLookup(args: { papers: PaperMeta[]; page?: string }): Promise<MarkState[]>;
  /** How many library papers relate to each entry (the titles stay in the panel). */
  pageRelated(args: { papers: PaperMeta[] }): Promise<number[]>;
  /** Rows that came on screen: the reading memory records these, never what was only looked up. */
  pageSeen(args: { papers: PaperMeta[]; page?: string }): Promise<void>;
  openPanel(args: { paper: PaperMeta; toggle?: boolean; theme?: 'light' | 'dark' }): Promise<{ token: string }>;
  closePanel(args: Record<string, never>): Promise<void>;
  pageSettings(args: Record<string, never>): Promise<{ enabled: boolean; theme: 'auto' | 'light' | 'dark' }>;
}

/** What the panel shows: the one paper it was opened for, in full. */
export interface PanelView {
  paper: PaperMeta;
  state: EntryState;
  tagSuggestions: string[];
  theme: 'light' | 'dark';
  /** What the click that opened the panel did, so the panel can offer to undo it. */
  did?: 'saved' | 'removed';
  /** The paper's item in the user's Zotero library: its collections and links that open it. */
  zotero?: { collections: string[]; select: string; web: string };
  /** Text typed for this paper's note that was never stored (an editor closed mid-sentence). */
  draft?: { text: string; base: string; at: number };
}

/** The panel frame's contract (answered by lib/background/panels.ts). */
export interface PanelApi {
  panelState(args: { token: string }): Promise<PanelView>;
  /** Asked after the state: finding related papers may wait for the index to load. */
  panelRelated(args: { token: string }): Promise<RelatedPaper[]>;
  panelSave(args: { token: string; saved: boolean }): Promise<PanelView>;
  panelUndo(args: { token: string }): Promise<PanelView>;
  panelNote(args: { token: string; note: string; base?: string }): Promise<EntryState>;
  panelTags(args: { token: string; tags: string[] }): Promise<EntryState>;
  /** Reading status of the panel's paper ('none' clears it); saves the paper if it is not saved. */
  panelStatus(args: { token: string; status: ReadingStatus | 'none' }): Promise<EntryState>;
  /** Keeps what is being typed until it is stored (flushed on every pause and when the tab hides). */
  panelDraft(args: { token: string; text: string; base: string }): Promise<void>;
  panelClose(args: { token: string }): Promise<void>;
}

/**
 * One validator per method whose output the method accepts: a validator that lets through
 * something its method does not take, or a method without a validator, does not compile.
 */
type Contract<Api> = { [M in keyof Api]: Api[M] extends (args: infer A) => Promise<unknown> ? Validator<A> : never };

const has = (o: object, name: unknown): name is string => typeof name === 'string' && Object.prototype.hasOwnProperty.call(o, name);
export const isMethod = (name: unknown): name is ExtensionMethod => has(argsValidators, name);
export const isAdminMethod = (name: unknown): name is keyof AdminApi => has(adminValidators, name);
export const isPageMethod = (name: unknown): name is PageMethod => has(pageValidators, name);
export const isPanelMethod = (name: unknown): name is PanelMethod => has(panelValidators, name);

export interface Request {
  gloss: 1;
  method: string;
  args: unknown;
}

export type Response<T = unknown> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/**
 * Messages the background sends (never accepted from anyone else). Extension pages hear
 * `changed` with the ids; a tab hears only about ids it has shown (null: ask again for all).
 */
/** A row's library flags after a change, under the row's own id (the rest of MarkState is the reading memory's). */
export type RowState = { id: string } & Pick<MarkState, 'saved' | 'note' | 'tags' | 'status'>;

export type Notice =
  /** To extension pages: these papers changed (null: anything may have). */
  | { gloss: 'changed'; ids: string[] | null }
  /** To a tab: the new states of its rows that changed (null: ask again for every row). */
  | { gloss: 'states'; states: RowState[] | null }
  /** To a tab that shows none of the changed papers: its rows' related counts may differ now. No ids. */
  | { gloss: 'related' }
  | { gloss: 'settings' }
  /** To extension pages: the Zotero connection or its sync moved on (status, progress). */
  | { gloss: 'zotero' }
  | { gloss: 'panel-close' };

/** The popup's question to a tab's content script: which papers does this page show? */
export const PAGE_PAPERS = 'page-papers';
