/**
 * The messages the background accepts, and what each argument must look like. Everything that
 * reaches the library service passed through one of these validators.
 */
import { canonicalId, normalizeDoi, parseArxivId } from '../ids';
import type { MethodName } from '../library/service';
import { MAX_TAG_LENGTH, MAX_TAGS } from '../library/tags';
import type { PaperMeta } from '../types';
import { ValidationError, arrayOf, int, object, oneOf, optional, str, type Validator } from './validate';

/** Messages larger than this are refused before parsing their arguments. */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
export const MAX_NOTE_LENGTH = 100_000;
export const MAX_PAGE_ENTRIES = 5_000;

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

export const argsValidators: Record<MethodName, Validator<unknown>> = {
  lookup: object({ papers: arrayOf(paperMeta, MAX_PAGE_ENTRIES), page: optional(str(2000)) }),
  relatedTo: object({ papers: arrayOf(paperMeta, MAX_PAGE_ENTRIES), k: optional(int(1, 20)) }),
  save: object({ paper: paperMeta, note: optional(str(MAX_NOTE_LENGTH)), tags: optional(tags) }),
  unsave: object({ id }),
  setNote: object({ id, note: str(MAX_NOTE_LENGTH), base: optional(str(MAX_NOTE_LENGTH)), paper: optional(paperMeta) }),
  setTags: object({ id, tags, paper: optional(paperMeta) }),
  list: object({ limit: optional(int(1, 10_000)), offset: optional(int(0, 10_000_000)) }),
  get: object({ id }),
  tags: object({}),
  clearSeen: object({}),
  search: object({
    query: str(1000),
    sort: optional(oneOf(['relevance', 'recent', 'title', 'year'] as const)),
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
};

export const isMethod = (name: unknown): name is MethodName =>
  typeof name === 'string' && Object.prototype.hasOwnProperty.call(argsValidators, name);

export interface Request {
  gloss: 1;
  method: MethodName;
  args: unknown;
}

export type Response<T = unknown> =
  | { ok: true; value: T }
  | { ok: false; error: { code: string; message: string } };

/** Storage key whose changes tell every open page and popup that the library changed. */
export const CHANGE_KEY = 'gloss:changed';
export interface ChangeNotice {
  at: number;
  ids: string[];
  /** Who wrote: the background, or an extension page writing through its own service (imports). */
  source: 'background' | 'page';
}

/** The popup's question to a tab's content script: which papers does this page show? */
export const PAGE_PAPERS = 'page-papers';
