/** CSL-JSON, as Zotero, Pandoc, citation.js and Gloss write it. */
import { arxivDate, cleanCitation, itemTypeOfCsl } from '../core/citation';
import { canonicalId } from '../core/ids';
import { cleanText } from '../core/text';
import { idsFrom } from './ids-from';
import { statusFromTags } from '../core/status';
import { ImportError, type ImportItem } from './types';

export function isCsl(data: unknown): boolean {
  return Array.isArray(data) && data.length > 0 && data.every((x) => x && typeof x === 'object' && 'type' in x && ('title' in x || 'id' in x));
}

const str = (v: unknown) => (typeof v === 'string' ? v.normalize('NFC') : typeof v === 'number' ? String(v) : undefined);

export function readCsl(data: unknown[]): ImportItem[] {
  return data.map((raw, i) => {
    const item = raw as Record<string, unknown>;
    const where = `item ${i + 1}${str(item.id) ? ` (${str(item.id)})` : ''}`;
    const title = cleanText(str(item.title));
    if (!title) throw new ImportError('has no title', where);
    const authors = Array.isArray(item.author)
      ? item.author.map((a) => {
          const o = (a ?? {}) as Record<string, unknown>;
          return cleanText(str(o.literal) ?? [str(o.given), str(o['non-dropping-particle']), str(o.family)].filter(Boolean).join(' '));
        })
      : [];
    const parts = ((item.issued as { 'date-parts'?: unknown[][] })?.['date-parts']?.[0] ?? []) as unknown[];
    const published =
      parts.length && Number.isInteger(parts[0])
        ? [String(parts[0]).padStart(4, '0'), ...parts.slice(1, 3).map((n) => String(n).padStart(2, '0'))].join('-')
        : undefined;
    const ids = idsFrom({ doi: str(item.DOI), urls: [str(item.URL)], texts: [str(item.number), str(item.note)] });
    const id = canonicalId(ids);
    if (!id) throw new ImportError('has no DOI, arXiv id or URL to identify it', where);
    const keyword = str(item.keyword);
    const { tags, status } = statusFromTags(keyword ? keyword.split(/\s*,\s*/).filter(Boolean) : []);
    return {
      paper: {
        id,
        ids,
        title,
        authors: authors.filter(Boolean),
        ...(str(item.abstract) && { abstract: str(item.abstract) }),
        ...((published ?? arxivDate(ids.arxiv)) && { published: published ?? arxivDate(ids.arxiv) }),
        links: {
          ...(ids.arxiv && { abs: `https://arxiv.org/abs/${ids.arxiv}` }),
          ...(str(item.URL) && /^https?:\/\//.test(str(item.URL)!) && { abs: str(item.URL) }),
        },
        source: 'import',
        ...cleanCitation({
          itemType: itemTypeOfCsl(str(item.type)),
          container: str(item['container-title']) ?? str(item['collection-title']),
          volume: str(item.volume),
          issue: str(item.issue),
          pages: str(item.page),
          // Gloss writes "arXiv" as the publisher of preprints; it names no venue.
          publisher: str(item.publisher) === 'arXiv' ? undefined : str(item.publisher),
        }),
      },
      ...((str(item['citation-key']) ?? str(item.id)) && { citeKey: str(item['citation-key']) ?? str(item.id) }),
      note: str(item.note),
      tags: tags.length ? tags : undefined,
      ...(status && { status }),
      where,
    };
  });
}
