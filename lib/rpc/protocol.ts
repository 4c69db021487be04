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
import { canonicalId, normalizeDoi, parseArxivId } from '../ids';
import type { GlossApi, ImportSummary } from '../library/service';
import type { BackupInfo } from '../library/backups';
import type { ImportItem } from '../import/types';
import type { Settings } from '../settings/settings';
import { MAX_TAG_LENGTH, MAX_TAGS } from '../library/tags';
import { READING_STATUSES, type EntryState, type PaperMeta, type ReadingStatus, type RelatedPaper } from '../types';
import { ValidationError, arrayOf, bool, int, object, oneOf, optional, str, type Validator } from './validate';

/** Messages larger than this are refused before parsing their arguments. */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
export const MAX_NOTE_LENGTH = 100_000;
export const MAX_PAGE_ENTRIES = 5_000;
/** A content script asks about the rows near the viewport, at most this many at a time. */
export const MAX_LOOKUP_BATCH = 500;

const readingStatus = oneOf([...READING_STATUSES, 'none'] as const);

const ID_PATTERN = /^(arxiv|doi|openreview|url):\S+$/;
const id = str(600, { min: 5, pattern: ID_PATTERN });
// Only web links are kept: a `javascript:` or `data:` URL from a page must never become a link.
const webUrl = optional(str(2000, { pattern: /^https?:\/\/\S+$/i }));

const paperShape = object({
  id,
  ids: object({
    arxiv: optional(str(64)),
    doi: optional(str(300)),
    openreview: optional(str(128)),
    url: optional(str(2000)),
  }),
  title: str(2000, { min: 1 }),
  authors: arrayOf(str(500), 5000),
  abstract: optional(str(50_000)),
  published: optional(str(10, { pattern: /^\d{4}(-\d{2}(-\d{2})?)?$/ })),
  links: object({ abs: webUrl, pdf: webUrl, hf: webUrl, code: webUrl, project: webUrl }),
  category: optional(str(40, { pattern: /^[a-z-]+(\.[A-Za-z-]+)?$/ })),
  source: str(64, { min: 1 }),
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
  if (canonicalId(p.ids) !== p.id) {
    throw new ValidationError(`${path}.id`, 'does not match the strongest identifier in ids');
  }
  return p;
};

const tags = arrayOf(str(MAX_TAG_LENGTH * 4), MAX_TAGS);

/** Items per import message: a chunk of a file stays well under MAX_MESSAGE_BYTES. */
export const MAX_IMPORT_CHUNK = 1_000;
/** A paper read from a file (lib/import), checked again where it is written. */
const importItem = object({
  paper: paperMeta,
  note: optional(str(MAX_NOTE_LENGTH)),
  tags: optional(tags),
  savedAt: optional(int(0, 8.64e15)),
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
  pageLookup: object({ papers: arrayOf(paperMeta, MAX_LOOKUP_BATCH), page: optional(str(2000)), refresh: optional(bool) }),
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

/** What only extension pages may do besides the library itself. */
export interface AdminApi {
  settings(args: Record<string, never>): Promise<Settings>;
  updateSettings(args: { change: Partial<Settings> }): Promise<Settings>;
  /** Adds a chunk of a file's items to a staged import (the first chunk has no token). */
  importStage(args: { token?: string; items: ImportItem[] }): Promise<{ token: string; staged: number }>;
  /** Writes a staged import, all or nothing (or says what it would change, with `dryRun`). */
  importCommit(args: { token: string; mode: 'merge' | 'replace'; dryRun?: boolean }): Promise<ImportSummary>;
  backupList(args: Record<string, never>): Promise<BackupInfo[]>;
  backupSnapshot(args: Record<string, never>): Promise<BackupInfo>;
  backupText(args: { id: number }): Promise<string | null>;
  backupRestore(args: { id: number }): Promise<ImportSummary>;
}
export type ExtensionApi = GlossApi & AdminApi;
export type ExtensionMethod = keyof ExtensionApi;

export const argsValidators = {
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
  backupList: object({}),
  backupSnapshot: object({}),
  backupText: object({ id: int(1, Number.MAX_SAFE_INTEGER) }),
  backupRestore: object({ id: int(1, Number.MAX_SAFE_INTEGER) }),
  lookup: object({ papers: arrayOf(paperMeta, MAX_PAGE_ENTRIES), page: optional(str(2000)) }),
  relatedTo: object({ papers: arrayOf(paperMeta, MAX_PAGE_ENTRIES), k: optional(int(1, 20)) }),
  save: object({ paper: paperMeta, note: optional(str(MAX_NOTE_LENGTH)), tags: optional(tags) }),
  unsave: object({ id }),
  setNote: object({ id, note: str(MAX_NOTE_LENGTH), base: optional(str(MAX_NOTE_LENGTH)), paper: optional(paperMeta) }),
  setTags: object({ id, tags, paper: optional(paperMeta) }),
  setStatus: object({ id, status: readingStatus, paper: optional(paperMeta) }),
  list: object({ limit: optional(int(1, 10_000)), offset: optional(int(0, 10_000_000)) }),
  get: object({ id }),
  tags: object({}),
  clearSeen: object({}),
  search: object({
    query: str(1000),
    sort: optional(oneOf(['relevance', 'recent', 'title', 'year', 'status'] as const)),
    limit: optional(int(1, 500)),
  }),
  deleteAll: object({}),
  bulk: object({ ids: arrayOf(id, 100_000), action: oneOf(['tag', 'untag', 'delete'] as const), tags: optional(tags) }),
  trash: object({}),
  restore: object({ ids: arrayOf(id, 100_000) }),
  purgeTrash: object({ ids: optional(arrayOf(id, 100_000)) }),
  putDraft: object({ id, text: str(MAX_NOTE_LENGTH), base: str(MAX_NOTE_LENGTH) }),
  getDraft: object({ id }),
  clearDraft: object({ id }),
  drafts: object({}),
} satisfies Contract<ExtensionApi>;

export type PageMethod = keyof typeof pageValidators;
export type PanelMethod = keyof typeof panelValidators;

/** Saved state of a listing row as a content script gets it: flags, never text. */
export interface MarkState {
  saved: boolean;
  note: boolean;
  tags: boolean;
  seen: boolean;
  isNew: boolean;
  /** Reading status, drawn as a wordless badge on the star (components/page/Mark.tsx). */
  status?: ReadingStatus;
}

/** The content scripts' contract (answered by lib/background/page-api.ts). */
export interface PageApi {
  pageLookup(args: { papers: PaperMeta[]; page?: string; refresh?: boolean }): Promise<MarkState[]>;
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
export const isPageMethod = (name: unknown): name is PageMethod => has(pageValidators, name);
export const isPanelMethod = (name: unknown): name is PanelMethod => has(panelValidators, name);

export interface Request {
  gloss: 1;
  method: string;
  args: unknown;
}

export type Response<T = unknown> =
  | { ok: true; value: T }
  | { ok: false; error: { code: string; message: string } };

/**
 * Messages the background sends (never accepted from anyone else). Extension pages hear
 * `changed` with the ids; a tab hears only about ids it has shown (null: ask again for all).
 */
export type Notice =
  | { gloss: 'changed'; ids: string[] | null }
  /** To a tab that shows none of the changed papers: its rows' related counts may differ now. No ids. */
  | { gloss: 'related' }
  | { gloss: 'settings' }
  | { gloss: 'panel-close' };

/** The popup's question to a tab's content script: which papers does this page show? */
export const PAGE_PAPERS = 'page-papers';
