/**
 * Zotero item ↔ Gloss paper. Identity goes through lib/core/ids.ts so a Zotero item and a paper a
 * listing shows meet on the same aliases (arXiv id, DOI, OpenReview id, URL) and title key.
 */
import { aliasesOf, canonicalId, normalizeDoi, normalizeTitle, normalizeUrl, parseArxivId } from '../core/ids';
import type { PaperIds, PaperMeta } from '../core/types';
import type { ZoteroCreator, ZoteroItemData } from './types';

/** A line in `extra` saying that Gloss keeps this item (its save replicates to other machines). */
export const GLOSS_EXTRA_LINE = 'Gloss: saved';

/** Hosts whose papers are conference papers (proceedings), not journal articles. */
const CONFERENCE_HOSTS =
  /(^|\.)(openreview\.net|aclanthology\.org|proceedings\.neurips\.cc|papers\.nips\.cc|proceedings\.mlr\.press|openaccess\.thecvf\.com|ojs\.aaai\.org|ijcai\.org)$/;

export interface PaperFields {
  title: string;
  authors: string[];
  abstract?: string;
  published?: string;
  ids: PaperIds;
  links: PaperMeta['links'];
}

/** The item type Zotero should file a paper under. */
export function itemTypeFor(p: PaperFields): string {
  const host = hostOf(p.links.abs ?? (p.ids.url ? `https://${p.ids.url}` : undefined));
  if (p.ids.openreview || (host && CONFERENCE_HOSTS.test(host))) return 'conferencePaper';
  if (p.ids.doi && !p.ids.doi.startsWith('10.48550/')) return 'journalArticle';
  if (p.ids.arxiv) return 'preprint';
  return p.ids.doi ? 'journalArticle' : 'document';
}

function hostOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).hostname.toLowerCase().replace(/^www\./, '') : undefined;
  } catch {
    return undefined;
  }
}

/** "Ada Lovelace" → first/last; "Lovelace, Ada" too; one word → a single-field name. */
export function toCreator(name: string): ZoteroCreator {
  const n = name.replace(/\s+/g, ' ').trim();
  const comma = n.match(/^([^,]+),\s*(.+)$/);
  if (comma) return { creatorType: 'author', firstName: comma[2], lastName: comma[1] };
  const parts = n.split(' ');
  if (parts.length < 2) return { creatorType: 'author', name: n };
  return { creatorType: 'author', firstName: parts.slice(0, -1).join(' '), lastName: parts[parts.length - 1] };
}

export function fromCreator(c: ZoteroCreator): string {
  return (c.name ?? [c.firstName, c.lastName].filter(Boolean).join(' ')).replace(/\s+/g, ' ').trim();
}

function urlOf(p: PaperFields): string | undefined {
  if (p.ids.arxiv) return `https://arxiv.org/abs/${p.ids.arxiv}`;
  if (p.links.abs) return p.links.abs;
  if (p.ids.openreview) return `https://openreview.net/forum?id=${p.ids.openreview}`;
  if (p.ids.url) return `https://${p.ids.url}`;
  if (p.ids.doi) return `https://doi.org/${p.ids.doi}`;
  return undefined;
}

/** Adds or removes one `Key: value` line of `extra`, leaving the user's other lines alone. */
export function setExtraLine(extra: string | undefined, line: string, present: boolean): string {
  const lines = (extra ?? '').split('\n').filter((l) => l.trim() !== line);
  if (present) lines.push(line);
  return lines
    .filter((l, i) => l.trim() || i < lines.length - 1)
    .join('\n')
    .trim();
}

export function hasExtraLine(extra: string | undefined, line: string): boolean {
  return (extra ?? '').split('\n').some((l) => l.trim() === line);
}

/** The metadata fields of a new Zotero item for a paper (no key, version, tags or collections). */
export function paperToItemFields(p: PaperFields): Partial<ZoteroItemData> & { itemType: string } {
  const itemType = itemTypeFor(p);
  const out: Partial<ZoteroItemData> & { itemType: string } = {
    itemType,
    title: p.title,
    creators: p.authors.filter((a) => a.trim()).map(toCreator),
    abstractNote: p.abstract ?? '',
    date: p.published ?? '',
    url: urlOf(p) ?? '',
  };
  const extra: string[] = [];
  const doi = p.ids.doi ?? (p.ids.arxiv ? `10.48550/arxiv.${p.ids.arxiv.toLowerCase()}` : undefined);
  if (itemType === 'document') {
    if (doi) extra.push(`DOI: ${doi}`);
  } else if (doi) out.DOI = doi;
  if (itemType === 'preprint') {
    out.repository = p.ids.arxiv ? 'arXiv' : '';
    if (p.ids.arxiv) out.archiveID = `arXiv:${p.ids.arxiv}`;
  } else if (p.ids.arxiv) extra.push(`arXiv: ${p.ids.arxiv}`);
  extra.push(GLOSS_EXTRA_LINE);
  out.extra = extra.join('\n');
  return out;
}

/** Every identifier a Zotero item carries, normalized as Gloss normalizes a page's. */
export function idsOfItem(d: ZoteroItemData): PaperIds {
  const ids: PaperIds = {};
  const extra = typeof d.extra === 'string' ? d.extra : '';
  const extraField = (name: string) => extra.match(new RegExp(`^\\s*${name}\\s*:\\s*(\\S+)`, 'im'))?.[1];
  const doi = normalizeDoi(typeof d.DOI === 'string' ? d.DOI : undefined) ?? normalizeDoi(extraField('DOI'));
  const arxiv =
    parseArxivId(typeof d.archiveID === 'string' ? d.archiveID : undefined) ??
    parseArxivId(typeof d.url === 'string' ? d.url : undefined) ??
    parseArxivId(extraField('arXiv')) ??
    (doi?.startsWith('10.48550/arxiv.') ? parseArxivId(doi.slice('10.48550/arxiv.'.length)) : undefined);
  if (arxiv) ids.arxiv = arxiv;
  // arXiv's own DOI is an alias of the arXiv id already; keep a publisher's DOI as the DOI.
  if (doi && !(arxiv && doi === `10.48550/arxiv.${arxiv.toLowerCase()}`)) ids.doi = doi;
  const url = typeof d.url === 'string' ? d.url : '';
  const or = url.match(/^https?:\/\/(?:www\.)?openreview\.net\/(?:forum|pdf)\?(?:.*&)?id=([A-Za-z0-9_-]+)/);
  if (or) ids.openreview = or[1];
  const norm = url ? normalizeUrl(url) : undefined;
  if (norm && !arxiv && !or && !(doi && /^(dx\.)?doi\.org\//.test(norm))) ids.url = norm;
  return ids;
}

/** What Gloss reads of a Zotero item: a paper's metadata, or undefined for notes and files. */
export function itemToPaper(d: ZoteroItemData): PaperMeta | undefined {
  if (d.itemType === 'note' || d.itemType === 'attachment' || d.itemType === 'annotation') return undefined;
  const ids = idsOfItem(d);
  const title = typeof d.title === 'string' ? d.title.trim() : '';
  const key = typeof d.key === 'string' ? d.key : '';
  const id = canonicalId(ids) ?? `zotero:${key}`;
  if (!title && id.startsWith('zotero:')) return undefined;
  const creators = Array.isArray(d.creators) ? d.creators.filter((c) => c && typeof c === 'object') : [];
  const authors = creators
    .filter((c) => c.creatorType === 'author' || creators.every((x) => x.creatorType !== 'author'))
    .map(fromCreator)
    .filter(Boolean);
  const links: PaperMeta['links'] = {};
  if (typeof d.url === 'string' && /^https?:\/\//i.test(d.url)) links.abs = d.url;
  const abstract = typeof d.abstractNote === 'string' && d.abstractNote.trim() ? d.abstractNote : undefined;
  return { id, ids, title, authors, abstract, published: normalizeDate(d.date), links, source: 'zotero' };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Zotero dates are free text; Gloss keeps YYYY-MM-DD, YYYY-MM or YYYY. */
export function normalizeDate(date: unknown): string | undefined {
  if (typeof date !== 'string' || !date.trim()) return undefined;
  const iso = date.match(/^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/);
  if (iso) return [iso[1], iso[2], iso[3]].filter(Boolean).join('-');
  const year = date.match(/\b(1[89]\d\d|2\d\d\d)\b/)?.[1];
  if (!year) return undefined;
  // "March 5, 2024": as precise as written, never more ("Spring 2019" is a year, not 1 January).
  const month = MONTHS.findIndex((m) => new RegExp(`\\b${m}`, 'i').test(date));
  if (month < 0) return year;
  const mm = String(month + 1).padStart(2, '0');
  const day = date.replace(year, '').match(/\b(\d{1,2})\b/)?.[1];
  return day && Number(day) >= 1 && Number(day) <= 31 ? `${year}-${mm}-${day.padStart(2, '0')}` : `${year}-${mm}`;
}

/** The keys a paper or a Zotero item is found by: every alias, and `title:` + its title key. */
export function identityKeys(ids: PaperIds, title: string, id?: string): string[] {
  const keys = new Set(aliasesOf(ids));
  if (id) keys.add(id);
  const t = normalizeTitle(title);
  // Short titles ("Introduction") would join unrelated papers.
  if (t.length >= 20) keys.add(`title:${t}`);
  return [...keys];
}

export function tagsOfItem(d: ZoteroItemData): string[] {
  return Array.isArray(d.tags) ? d.tags.map((t) => (t && typeof t.tag === 'string' ? t.tag : '')).filter(Boolean) : [];
}
