/**
 * RIS (EndNote, Mendeley, Zotero, publishers' "Export citation"). One `TAG  - value` line per
 * field, records closed by `ER  -`. Lines that are not tags continue the previous value (some
 * tools wrap abstracts). An unreadable record is reported by its line and left out.
 */
import { bibId } from './bib-id';
import { arxivDate, cleanCitation, normalizePages } from '../core/citation';
import { splitName } from '../export/names';
import { canonicalId } from '../core/ids';
import { cleanText, displayName, looseDate } from '../core/text';
import type { ItemType } from '../core/types';
import { idsFrom } from './ids-from';
import { ImportError, type ImportItem, type SkippedEntry } from './types';

const TAG = /^([A-Z][A-Z0-9])  ?-(?: (.*))?$/;

export function isRis(text: string): boolean {
  return /^(?:\s*\n)*TY  ?- /.test(text);
}

const TYPES: Record<string, ItemType> = {
  JOUR: 'article',
  JFULL: 'article',
  MGZN: 'article',
  NEWS: 'article',
  EJOUR: 'article',
  CPAPER: 'inproceedings',
  CONF: 'inproceedings',
  PROC: 'inproceedings',
  BOOK: 'book',
  EBOOK: 'book',
  CHAP: 'book',
  ECHAP: 'book',
  EDBOOK: 'book',
  THES: 'thesis',
  RPRT: 'report',
  PREP: 'preprint',
  UNPB: 'preprint',
  GEN: 'misc',
  ELEC: 'misc',
};

type Record_ = { line: number; tags: Map<string, string[]> };

function records(text: string): { records: Record_[]; skipped: SkippedEntry[] } {
  const out: Record_[] = [];
  const skipped: SkippedEntry[] = [];
  let current: Record_ | undefined;
  let last: string[] | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/^\uFEFF/, '');
    const m = TAG.exec(line.trimEnd());
    if (!m) {
      if (line.trim() && last) last[last.length - 1] += ` ${line.trim()}`;
      return;
    }
    const [, tag, value = ''] = m;
    if (tag === 'TY') {
      if (current) skipped.push({ where: `record at line ${current.line}`, message: 'has no "ER  -" line ending it' });
      current = { line: i + 1, tags: new Map([['TY', [value.trim()]]]) };
      return;
    }
    if (!current) return;
    if (tag === 'ER') {
      out.push(current);
      current = undefined;
      last = undefined;
      return;
    }
    const list = current.tags.get(tag) ?? [];
    list.push(value.trim());
    current.tags.set(tag, list);
    last = list;
  });
  if (current) skipped.push({ where: `record at line ${current.line}`, message: 'has no "ER  -" line ending it' });
  return { records: out, skipped };
}

export function readRis(text: string): { items: ImportItem[]; skipped: SkippedEntry[] } {
  const { records: recs, skipped } = records(text);
  const items: ImportItem[] = [];
  recs.forEach((r, n) => {
    const one = (...tags: string[]) =>
      tags
        .map((t) => r.tags.get(t)?.find(Boolean))
        .find(Boolean)
        ?.normalize('NFC');
    const many = (...tags: string[]) =>
      tags
        .flatMap((t) => r.tags.get(t) ?? [])
        .filter(Boolean)
        .map((v) => v.normalize('NFC'));
    const key = one('ID');
    const where = `record ${n + 1}${key ? ` (${key})` : ''}, line ${r.line}`;
    const title = cleanText(one('TI', 'T1', 'CT', 'BT'));
    if (!title) {
      skipped.push({ where, message: 'has no title' });
      return;
    }
    const authors = many('AU', 'A1', 'A2').map((a) => displayName(cleanText(a)));
    const ids = idsFrom({ doi: one('DO', 'M3'), urls: many('UR', 'L2'), texts: [one('AN'), one('N1'), one('M1')] });
    const date = looseDate(one('DA', 'PY', 'Y1')?.replace(/\/+$/, ''));
    if (!canonicalId(ids)) {
      const bib = bibId({ isbn: one('SN'), year: date?.slice(0, 4), firstAuthorFamily: authors[0] ? splitName(authors[0]).family : undefined, title });
      if (!bib) {
        skipped.push({ where, message: 'has nothing to identify it' });
        return;
      }
      ids.bib = bib;
    }
    const type = TYPES[one('TY') ?? ''];
    const citation = cleanCitation({
      itemType: type === 'article' && ids.arxiv && !one('JO', 'JF', 'T2', 'JA') ? 'preprint' : type,
      container: one('T2', 'JF', 'JO', 'BT', 'JA'),
      volume: one('VL'),
      issue: one('IS'),
      pages: normalizePages(one('SP'), one('EP')),
      publisher: one('PB'),
    });
    const url = many('UR').find((u) => /^https?:\/\//.test(u));
    const published = date ?? arxivDate(ids.arxiv);
    const abstract = one('AB', 'N2');
    items.push({
      paper: {
        id: canonicalId(ids)!,
        ids,
        title,
        authors,
        ...(abstract && { abstract: cleanText(abstract) }),
        ...(published && { published }),
        links: { ...(ids.arxiv && { abs: `https://arxiv.org/abs/${ids.arxiv}` }), ...(url && !ids.arxiv && { abs: url }) },
        source: 'import',
        ...citation,
      },
      note: one('N1'),
      tags: many('KW'),
      ...(key && { citeKey: key }),
      where,
    });
  });
  if (!items.length) {
    if (skipped.length) throw new ImportError(skipped[0].message, skipped[0].where);
    throw new ImportError('No RIS records found in this file.');
  }
  return { items, skipped };
}
