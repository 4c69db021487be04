/** CSL-JSON (the format of Zotero, Pandoc and citation.js). */
import type { PaperRecord } from '../types';
import { citationKeys } from './bibtex';
import { statusTag } from '../library/status';
import { splitName } from './names';

export interface CslItem {
  id: string;
  type: string;
  title: string;
  author: Array<{ given?: string; family: string }>;
  issued?: { 'date-parts': number[][] };
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

export function toCslItem(p: PaperRecord, key: string): CslItem {
  const preprint = !!p.ids.arxiv && (!p.ids.doi || p.ids.doi.startsWith('10.48550/'));
  const date = p.published?.split('-').map(Number);
  const item: CslItem = {
    id: key,
    'citation-key': key,
    type: preprint ? 'article' : 'article-journal',
    title: p.title,
    author: p.authors.map((a) => {
      const { given, family } = splitName(a);
      return given ? { given, family } : { family };
    }),
  };
  if (date) item.issued = { 'date-parts': [date] };
  if (p.ids.doi) item.DOI = p.ids.doi;
  else if (p.ids.arxiv) item.DOI = `10.48550/arXiv.${p.ids.arxiv}`;
  const url = p.links.abs ?? p.links.hf ?? (p.ids.url ? `https://${p.ids.url}` : undefined);
  if (url) item.URL = url;
  if (p.abstract) item.abstract = p.abstract;
  if (p.ids.arxiv) {
    item.number = `arXiv:${p.ids.arxiv}`;
    item.publisher = 'arXiv';
  }
  const keywords = [...p.tags, ...(p.status ? [statusTag(p.status)] : [])];
  if (keywords.length) item.keyword = keywords.join(', ');
  if (p.note) item.note = p.note;
  return item;
}

export function toCslJson(papers: PaperRecord[]): string {
  const keys = citationKeys(papers);
  return `${JSON.stringify(papers.map((p, i) => toCslItem(p, keys[i])), null, 2)}\n`;
}
