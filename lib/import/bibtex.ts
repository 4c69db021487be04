/**
 * BibTeX / BibLaTeX, read with the parser behind Better BibTeX for Zotero, to the standard of
 * the LaTeX it came from: math stays LaTeX (`$\mathcal{O}(n^2)$`, so it exports as the same math),
 * macros the parser does not know stay as written instead of failing the file, names are stored
 * composed (NFC: "Müller" is found by typing it), `and others` and corporate authors are kept,
 * and entries with no identifier (books) get a stable `bib:` id. An entry that cannot be read is
 * reported by key and line and left out; the rest of the file is still read.
 */
import { parse, type Entry } from '@retorquere/bibtex-parser';
import { bibId } from './bib-id';
import { arxivDate, cleanCitation, itemTypeOfBibtex } from '../core/citation';
import { OTHERS, splitName } from '../export/names';
import { canonicalId } from '../core/ids';
import { checkBibtexExpansion } from './bibtex-expansion';
import { cleanText, looseDate } from '../core/text';
import { idsFrom } from './ids-from';
import { ImportError, type ImportItem, type SkippedEntry } from './types';

type Creator = { firstName?: string; lastName?: string; prefix?: string; suffix?: string; name?: string };

/**
 * Composed characters (NFC): the parser gives accents as combining marks (u + U+0308), which a
 * search for "Müller" typed on a keyboard does not find. `{\'\i}` comes out as a dotless ı with
 * an accent, which is í.
 */
const nfc = (s: string) =>
  s
    .normalize('NFC')
    .replace(/ı(?=[\u0300-\u036f])/g, 'i')
    .replace(/ȷ(?=[\u0300-\u036f])/g, 'j')
    .normalize('NFC');

const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? nfc(v) : Array.isArray(v) ? nfc(v.filter((x) => typeof x === 'string').join(', ')) : undefined;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * TeX logos as the words they print (the parser renders `\LaTeX` in small-caps Unicode, "LᴬTEX");
 * any other macro the parser lacks is kept as written.
 */
const LOGOS: Record<string, string> = {
  TeX: 'TeX',
  LaTeX: 'LaTeX',
  LaTeXe: 'LaTeX2e',
  BibTeX: 'BibTeX',
  XeTeX: 'XeTeX',
  LuaTeX: 'LuaTeX',
  eTeX: 'e-TeX',
  AmS: 'AMS',
};
const LOGO = /\\(LaTeXe|LaTeX|TeX|BibTeX|XeTeX|LuaTeX|eTeX|AmS)(?![A-Za-z])(?:\{\})?/g;
const logos = (s: string) => s.replace(LOGO, (_, name: string) => LOGOS[name]);

const OPTIONS = {
  sentenceCase: false as const,
  unsupported: (_node: unknown, tex: string) => tex,
};

/** Braces with no partner dropped, so a piece cut out of a value parses on its own. */
function balance(s: string): string {
  const drop = new Set<number>();
  const open: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '{') open.push(i);
    else if (s[i] === '}') {
      if (open.length) open.pop();
      else drop.add(i);
    }
  }
  for (const i of open) drop.add(i);
  return [...s].filter((_, i) => !drop.has(i)).join('');
}

/** TeX text (no math) as the parser renders it, or with its braces dropped if it cannot. */
function texText(tex: string): string {
  if (!tex.trim()) return tex;
  const lead = tex.match(/^\s*/)![0];
  const trail = tex.match(/\s*$/)![0];
  const { entries, errors } = parse(`@misc{x, title = {${balance(tex)}}}`, OPTIONS);
  const out = !errors.length && typeof entries[0]?.fields.title === 'string' ? entries[0].fields.title : tex.replace(/[{}]/g, '');
  return `${lead}${out.trim()}${trail}`;
}

/**
 * A field with its `$…$` math kept as LaTeX: the parser turns math into Unicode where it can
 * (`$\alpha$` → α) and fails on the rest (`\mathbb`), and either way the math is lost.
 */
function withMath(raw: string): string {
  return raw
    .split(/((?<!\\)\$[^$]+(?<!\\)\$)/g)
    .map((part, i) => (i % 2 ? part : texText(part)))
    .join('');
}

/** The entry's own text with `raw` parsing: fields as written, for the ones holding math. */
function rawFields(e: Entry): Record<string, unknown> {
  if (!e.input.includes('$')) return {};
  const { entries } = parse(e.input, { raw: true, sentenceCase: false });
  return (entries[0]?.fields as Record<string, unknown>) ?? {};
}

function lineAt(source: string, index: number): number {
  let n = 1;
  for (let i = source.indexOf('\n'); i !== -1 && i < index; i = source.indexOf('\n', i + 1)) n++;
  return n;
}

/** A person's display name ("Zoë Müller", "Martin King Jr."), an organization whole, or `others`. */
function authorName(a: Creator): string {
  if (a.lastName === 'others' && !a.firstName) return OTHERS;
  if (a.name) return cleanText(nfc(a.name === 'others' ? OTHERS : a.name));
  return cleanText(nfc([a.firstName, a.prefix, a.lastName, a.suffix].filter(Boolean).join(' ')));
}

/** Journals that only say "this is a preprint" are not venues. */
const NOT_A_VENUE = /\b(arxiv|preprint|corr|biorxiv|medrxiv|ssrn|submitted|in press|to appear)\b/i;

export interface BibtexRead {
  items: ImportItem[];
  skipped: SkippedEntry[];
}

export function readBibtex(file: string): BibtexRead {
  // Before the parser builds any macro's value: nested @strings can ask for terabytes.
  checkBibtexExpansion(file);
  // Same lines as the file (logos never span one), so lines found in it are the file's.
  const source = logos(file);
  const { entries, errors } = parse(source, OPTIONS);
  const skipped: SkippedEntry[] = [];
  const broken = new Set<string>();
  const brokenKeys = new Set<string>();
  let from = 0;
  const locate = (input: string) => {
    const at = input ? source.indexOf(input, from) : -1;
    return at === -1 ? undefined : at;
  };
  for (const err of errors as Array<{ error: string; input?: string }>) {
    const input = err.input ?? '';
    const at = input ? source.indexOf(input) : -1;
    const key = input.match(/^@\s*\w+\s*[{(]\s*([^,\s]*)/)?.[1];
    const line = at >= 0 ? lineAt(source, at) : Number(err.error.match(/at line (\d+)/)?.[1]) || undefined;
    broken.add(input);
    if (key) brokenKeys.add(key);
    skipped.push({
      where: [key ? `entry ${key}` : undefined, line ? `line ${line}` : undefined].filter(Boolean).join(', ') || 'the file',
      message: `the BibTeX is malformed (${err.error.replace(/ at line \d+, column \d+.*$/s, '').replace(/, found ".*$/s, '')})`,
    });
  }
  const items: ImportItem[] = [];
  entries.forEach((e, i) => {
    // The parser recovers from a broken entry and may still return what it made of it.
    if (broken.has(e.input) || brokenKeys.has(e.key)) return;
    const at = locate(e.input);
    if (at !== undefined) from = at + 1;
    const where = `entry ${i + 1} (${e.key})${at !== undefined ? `, line ${lineAt(source, at)}` : ''}`;
    try {
      items.push(readEntry(e, where));
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
      skipped.push({ where, message: err.message.slice(where.length + 2) });
    }
  });
  if (!items.length) {
    if (skipped.length) throw new ImportError(skipped[0].message, skipped[0].where);
    throw new ImportError('No BibTeX entries found in this file.');
  }
  return { items, skipped };
}

function readEntry(e: Entry, where: string): ImportItem {
  const f = e.fields as Record<string, unknown>;
  const raw = rawFields(e);
  const field = (name: string) => {
    const r = raw[name];
    return typeof r === 'string' && r.includes('$') ? nfc(withMath(r)) : text(f[name]);
  };
  const title = cleanText(field('title')?.replace(/<\/?[a-z]+>/g, ''));
  if (!title) throw new ImportError('has no title', where);
  const authors = ((f.author as Creator[] | undefined) ?? []).map(authorName).filter(Boolean);
  const eprint = text(f.eprint);
  const isArxiv = /arxiv/i.test(`${text(f.archiveprefix) ?? ''} ${text(f.eprinttype) ?? ''}`);
  const ids = idsFrom({
    doi: text(f.doi),
    arxiv: isArxiv ? eprint : undefined,
    urls: [text(f.url)],
    texts: [text(f.journal), text(f.note), text(f.howpublished)],
  });
  const year = text(f.year)?.match(/\d{4}/)?.[0] ?? text(f.date)?.match(/^\d{4}/)?.[0];
  if (!canonicalId(ids)) {
    const bib = bibId({ isbn: text(f.isbn), year, firstAuthorFamily: authors[0] && authors[0] !== OTHERS ? splitName(authors[0]).family : undefined, title });
    if (!bib) throw new ImportError('has nothing to identify it (no DOI, arXiv id, URL, ISBN or title words)', where);
    ids.bib = bib;
  }
  const month = text(f.month)?.toLowerCase().slice(0, 3);
  const m = month ? MONTHS.indexOf(month) + 1 || Number(month) || undefined : undefined;
  const published = looseDate(text(f.date)) ?? (year ? (m && m <= 12 ? `${year}-${String(m).padStart(2, '0')}` : year) : undefined) ?? arxivDate(ids.arxiv);
  const url = text(f.url);
  const keywords = f.keywords;
  const journal = text(f.journal) ?? text(f.journaltitle);
  const venue = text(f.booktitle) ?? (journal && !NOT_A_VENUE.test(journal) ? journal : undefined);
  const type = itemTypeOfBibtex(e.type);
  const citation = cleanCitation({
    // An @article whose only "journal" is arXiv is a preprint.
    itemType: type === 'article' && !venue ? (ids.arxiv ? 'preprint' : 'misc') : type === 'misc' && ids.arxiv && !venue ? 'preprint' : type,
    container: venue,
    volume: text(f.volume),
    issue: text(f.number) ?? text(f.issue),
    pages: text(f.pages),
    publisher: text(f.publisher) ?? text(f.school) ?? text(f.institution) ?? text(f.organization),
  });
  const abstract = field('abstract');
  return {
    paper: {
      id: canonicalId(ids)!,
      ids,
      title,
      authors,
      ...(abstract && { abstract: cleanText(abstract.replace(/<\/?p>/g, ' ')) }),
      ...(published && { published }),
      links: { ...(ids.arxiv && { abs: `https://arxiv.org/abs/${ids.arxiv}` }), ...(url && /^https?:\/\//.test(url) && !ids.arxiv && { abs: url }) },
      ...(isArxiv && text(f.primaryclass) && { category: text(f.primaryclass) }),
      source: 'import',
      ...citation,
    },
    note: (text(f.annote) ?? text(f.annotation))?.replace(/<p>/g, '\n\n'),
    tags: Array.isArray(keywords)
      ? keywords.filter((k): k is string => typeof k === 'string').map(nfc)
      : text(keywords)
          ?.split(/\s*[,;]\s*/)
          .filter(Boolean),
    citeKey: e.key,
    where,
  };
}
