/** CSL-JSON (the format of Zotero, Pandoc and citation.js). */
import type { ItemType, PaperRecord } from '../core/types';
import { impliedType } from '../core/citation';
import { citationKeys, citedDate } from './bibtex';
import { statusTag } from '../core/status';
import { isCorporate, OTHERS, splitName } from './names';

export interface CslItem {
  id: string;
  type: string;
  title: string;
  author: Array<{ given?: string; family?: string; suffix?: string; literal?: string }>;
  issued?: { 'date-parts': number[][] };
  'container-title'?: string;
  volume?: string;
  issue?: string;
  page?: string;
  DOI?: string;
  URL?: string;
  abstract?: string;
  number?: string;
  publisher?: string;
  archive?: string;
  keyword?: string;
  note?: string;
  'citation-key'?: string;
}

const CSL_TYPES: Record<ItemType, string> = {
  article: 'article-journal',
  inproceedings: 'paper-conference',
  preprint: 'article',
  book: 'book',
  thesis: 'thesis',
  report: 'report',
  misc: 'document',
};

export function toCslItem(p: PaperRecord, key: string): CslItem {
  const type = impliedType(p) ?? (p.ids.doi ? 'article' : 'misc');
  const date = citedDate(p)?.split('-').map(Number);
  const item: CslItem = {
    id: key,
    'citation-key': key,
    type: CSL_TYPES[type],
    title: p.title,
    // CSL has no "and others": the names known are the names given.
    author: p.authors
      .filter((a) => a !== OTHERS)
      .map((a) => {
        if (isCorporate(a)) return { literal: a };
        const { given, family, suffix } = splitName(a);
        return given ? { given, family, ...(suffix && { suffix }) } : { family };
      }),
  };
  if (date) item.issued = { 'date-parts': [date] };
  if (p.container) item['container-title'] = p.container;
  if (p.volume) item.volume = p.volume;
  if (p.issue) item.issue = p.issue;
  if (p.pages) item.page = p.pages.replace(/--/g, '-');
  if (p.ids.doi) item.DOI = p.ids.doi;
  else if (p.ids.arxiv) item.DOI = `10.48550/arXiv.${p.ids.arxiv}`;
  const url = p.links.abs ?? p.links.hf ?? (p.ids.url ? `https://${p.ids.url}` : undefined);
  if (url) item.URL = url;
  if (p.abstract) item.abstract = p.abstract;
  if (p.ids.arxiv) item.number = `arXiv:${p.ids.arxiv}`;
  if (p.publisher) item.publisher = p.publisher;
  else if (p.ids.arxiv && type === 'preprint') item.publisher = 'arXiv';
  const keywords = [...p.tags, ...(p.status ? [statusTag(p.status)] : [])];
  if (keywords.length) item.keyword = keywords.join(', ');
  if (p.note) item.note = p.note;
  return item;
}

export function toCslJson(papers: PaperRecord[]): string {
  const keys = citationKeys(papers);
  return `${JSON.stringify(
    papers.map((p, i) => toCslItem(p, keys[i])),
    null,
    2,
  )}\n`;
}
