/**
 * PaperMemory libraries (an object keyed by PaperMemory's id: `Arxiv-1703.10593`,
 * `OR-ICLR-2022_EZNOb_uNpJk`, `ACL-ACL-2020_2020.acl-main.405`, …). Some exports stringify
 * every value (`"tags": "[]"`, `"count": "2"`); both shapes are read.
 */
import { canonicalId } from '../core/ids';
import { cleanText, isoDate } from '../core/text';
import { asString } from '../sites/json';
import { splitTags } from '../core/tags';
import { idsFrom } from './ids-from';
import { ImportError, type ImportItem } from './types';

export function isPaperMemory(data: unknown): boolean {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return false;
  const entries = Object.entries(data).filter(([k]) => !k.startsWith('__'));
  return entries.length > 0 && entries.every(([, v]) => v && typeof v === 'object' && 'title' in v && 'author' in v);
}

const str = asString;

function tagsOf(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((t): t is string => typeof t === 'string');
  if (typeof v === 'string') {
    try {
      const parsed = JSON.parse(v.replace(/'/g, '"'));
      if (Array.isArray(parsed)) return parsed.filter((t): t is string => typeof t === 'string');
    } catch {
      return splitTags(v);
    }
  }
  return [];
}

export function readPaperMemory(data: Record<string, unknown>): ImportItem[] {
  return Object.entries(data)
    .filter(([k]) => !k.startsWith('__'))
    .map(([key, raw]) => {
      const p = raw as Record<string, unknown>;
      const where = `paper ${key}`;
      const title = cleanText(str(p.title));
      if (!title) throw new ImportError('has no title', where);
      const mdLink = str(p.md)?.match(/\]\((https?:\/\/[^)\s]+)\)/)?.[1];
      const arxiv = key.startsWith('Arxiv-') ? key.slice(6) : undefined;
      const openreview = key.match(/^OR-.*?_([\w-]{8,})$/)?.[1];
      const ids = idsFrom({
        doi: str(p.doi),
        arxiv,
        urls: [openreview ? `https://openreview.net/forum?id=${openreview}` : undefined, str(p.pdfLink), mdLink],
      });
      const id = canonicalId(ids);
      if (!id) throw new ImportError('has no identifier Gloss can use (arXiv, DOI, OpenReview or a link)', where);
      const year = str(p.year) ?? (typeof p.year === 'number' ? String(p.year) : undefined);
      const added = isoDate(str(p.addDate));
      const pdf = str(p.pdfLink);
      const code = str(p.codeLink);
      return {
        paper: {
          id,
          ids,
          title,
          authors: (str(p.author) ?? '')
            .split(/\s+and\s+/)
            .map(cleanText)
            .filter((a) => a && a !== 'Anonymous'),
          ...(year && /^\d{4}$/.test(year) && { published: year }),
          links: {
            ...(ids.arxiv && { abs: `https://arxiv.org/abs/${ids.arxiv}` }),
            ...(ids.openreview && { abs: `https://openreview.net/forum?id=${ids.openreview}` }),
            ...(pdf && /^https?:\/\//.test(pdf) && { pdf }),
            ...(code && /^https:\/\//.test(code) && { code }),
          },
          source: 'papermemory',
        },
        note: str(p.note) ?? '',
        tags: tagsOf(p.tags),
        savedAt: added ? Date.parse(str(p.addDate)!) : undefined,
        where,
      };
    });
}
