/** BibTeX / BibLaTeX, read with the parser behind Better BibTeX for Zotero. */
import { parse } from '@retorquere/bibtex-parser';
import { canonicalId } from '../ids';
import { checkBibtexExpansion } from './bibtex-expansion';
import { cleanText, looseDate } from '../text';
import { idsFrom } from './ids-from';
import { ImportError, type ImportItem } from './types';

type Creator = { firstName?: string; lastName?: string; prefix?: string; suffix?: string; name?: string };

const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : Array.isArray(v) ? v.filter((x) => typeof x === 'string').join(', ') : undefined;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export function readBibtex(source: string): ImportItem[] {
  // Before the parser builds any macro's value: nested @strings can ask for terabytes.
  checkBibtexExpansion(source);
  const { entries, errors } = parse(source, { sentenceCase: false });
  if (errors.length) {
    const first = errors[0] as { error: string };
    const line = first.error.match(/at line (\d+)/)?.[1];
    throw new ImportError(`the BibTeX is malformed (${first.error.replace(/ at line \d+, column \d+.*$/, '')})`, line ? `line ${line}` : undefined);
  }
  if (!entries.length) throw new ImportError('No BibTeX entries found in this file.');
  return entries.map((e, i) => {
    const f = e.fields as Record<string, unknown>;
    const where = `entry ${i + 1} (${e.key})`;
    const title = cleanText(text(f.title)?.replace(/<\/?[a-z]+>/g, ''));
    if (!title) throw new ImportError('has no title', where);
    const authors = ((f.author as Creator[] | undefined) ?? []).map((a) =>
      cleanText(a.name ?? [a.firstName, a.prefix, a.lastName, a.suffix].filter(Boolean).join(' ')),
    );
    const eprint = text(f.eprint);
    const isArxiv = /arxiv/i.test(`${text(f.archiveprefix) ?? ''} ${text(f.eprinttype) ?? ''}`);
    const ids = idsFrom({
      doi: text(f.doi),
      arxiv: isArxiv ? eprint : undefined,
      urls: [text(f.url)],
      texts: [text(f.journal), text(f.note), text(f.howpublished)],
    });
    if (!canonicalId(ids)) throw new ImportError('has no DOI, arXiv id or URL to identify it', where);
    const year = text(f.year)?.match(/\d{4}/)?.[0];
    const month = text(f.month)?.toLowerCase().slice(0, 3);
    const m = month ? (MONTHS.indexOf(month) + 1 || Number(month) || undefined) : undefined;
    const published = looseDate(text(f.date)) ?? (year ? (m ? `${year}-${String(m).padStart(2, '0')}` : year) : undefined);
    const url = text(f.url);
    const keywords = f.keywords;
    return {
      paper: {
        id: canonicalId(ids)!,
        ids,
        title,
        authors: authors.filter(Boolean),
        ...(text(f.abstract) && { abstract: cleanText(text(f.abstract)!.replace(/<\/?p>/g, ' ')) }),
        ...(published && { published }),
        links: { ...(ids.arxiv && { abs: `https://arxiv.org/abs/${ids.arxiv}` }), ...(url && /^https?:\/\//.test(url) && !ids.arxiv && { abs: url }) },
        ...(isArxiv && text(f.primaryclass) && { category: text(f.primaryclass) }),
        source: 'import',
      },
      note: (text(f.annote) ?? text(f.annotation))?.replace(/<p>/g, '\n\n'),
      tags: Array.isArray(keywords) ? keywords.filter((k): k is string => typeof k === 'string') : text(keywords)?.split(/\s*[,;]\s*/).filter(Boolean),
      where,
    };
  });
}
