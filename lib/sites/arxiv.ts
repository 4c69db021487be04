/**
 * arXiv.
 *
 * Pages it handles:
 * - https://arxiv.org/list/cs.CL/new, /recent, /pastweek, /list/cs.LG/2407 (monthly)
 *   `dl#articles`: a `dt` (id and links) then a `dd` (title, authors, abstract on /new) per paper
 * - https://arxiv.org/abs/1902.02534  (every era: Highwire tags plus `h1.title`)
 * - https://arxiv.org/html/2401.12345v2  (LaTeXML rendering)
 * - https://arxiv.org/pdf/2401.12345  (an entry for the tab; the PDF viewer gets no marks)
 * - https://arxiv.org/search/?query=…  (`li.arxiv-result`)
 */
import { parseArxivId } from '../core/ids';
import { cleanText, displayName, looseDate } from '../core/text';
import type { RecognizedEntry } from '../core/types';
import type { RowReader, SiteAdapter } from './adapter';
import { linkTexts, metaTags, readRows, textWithout } from './dom';
import { arxivLinks, categoryIn, makePaper } from './paper';

const source = 'arxiv';

/** A listing row is its `dt`; the `dd` after it (title, authors) belongs to it. */
const listingRows: RowReader = {
  selector: 'dl dt',
  rowOf(el) {
    const dt = el.closest('dl dt');
    if (dt) return dt;
    const prev = el.closest('dl dd')?.previousElementSibling;
    return prev?.tagName === 'DT' ? prev : null;
  },
  read(dt) {
    const absLink = dt.querySelector('a[href*="/abs/"]');
    const arxiv = parseArxivId(absLink?.getAttribute('href')?.replace(/^.*\/abs\//, ''));
    const dd = dt.nextElementSibling;
    if (!arxiv || dd?.tagName !== 'DD') return null;
    const titleEl = dd.querySelector('.list-title');
    const paper = makePaper({
      ids: { arxiv },
      title: textWithout(titleEl),
      authors: linkTexts(dd, '.list-authors'),
      abstract: textWithout(dd.querySelector('p.mathjax, .abstract')),
      links: arxivLinks(arxiv),
      category: categoryIn(dd.querySelector('.primary-subject')?.textContent),
      source,
    });
    return paper ? { paper, anchor: titleEl } : null;
  },
};

function recognizeAbs(doc: Document, arxiv: string): RecognizedEntry[] {
  const meta = metaTags(doc);
  const heading = doc.querySelector('h1.title') ?? doc.querySelector('h1');
  const shownAuthors = linkTexts(doc, '.authors');
  const paper = makePaper({
    ids: { arxiv: parseArxivId(meta.get('citation_arxiv_id')?.[0]) ?? arxiv },
    title: meta.get('citation_title')?.[0] ?? textWithout(heading),
    authors: shownAuthors.length ? shownAuthors : (meta.get('citation_author') ?? []).map(displayName),
    abstract: meta.get('citation_abstract')?.[0] ?? textWithout(doc.querySelector('blockquote.abstract')),
    published: looseDate(meta.get('citation_date')?.[0]),
    links: arxivLinks(arxiv),
    category: categoryIn(doc.querySelector('.primary-subject')?.textContent),
    source,
  });
  return paper ? [{ paper, anchor: heading }] : [];
}

function recognizeHtml(doc: Document, arxiv: string): RecognizedEntry[] {
  const heading = doc.querySelector('h1.ltx_title_document') ?? doc.querySelector('h1');
  const authors = [...doc.querySelectorAll('.ltx_authors .ltx_personname')].map((p) =>
    // LaTeXML puts affiliations and emails after a line break inside the name.
    cleanText((p.childNodes[0]?.textContent ?? p.textContent)?.split('\n')[0]),
  );
  const abstract = doc.querySelector('.ltx_abstract');
  const paper = makePaper({
    ids: { arxiv },
    title: textWithout(heading, '.ltx_tag, .ltx_note'),
    authors,
    abstract: textWithout(abstract, 'h6, .ltx_title'),
    links: { ...arxivLinks(arxiv), abs: `https://arxiv.org/abs/${arxiv}` },
    source,
  });
  return paper ? [{ paper, anchor: heading }] : [];
}

const searchRows: RowReader = {
  selector: 'li.arxiv-result',
  rowOf: (el) => el.closest('li.arxiv-result'),
  read(li) {
    const arxiv = parseArxivId(li.querySelector('.list-title a[href*="/abs/"]')?.getAttribute('href') ?? '');
    if (!arxiv) return null;
    const titleEl = li.querySelector('p.title');
    const full = li.querySelector('.abstract-full');
    const paper = makePaper({
      ids: { arxiv },
      title: textWithout(titleEl),
      authors: linkTexts(li, 'p.authors'),
      abstract: textWithout(full ?? li.querySelector('.abstract-short'), 'a, .descriptor').replace(/\s*△ Less$/, ''),
      links: arxivLinks(arxiv),
      source,
    });
    return paper ? { paper, anchor: titleEl } : null;
  },
};

export const arxiv: SiteAdapter = {
  name: 'arxiv',
  matches: ['https://arxiv.org/*'],
  handles: (url) => url.hostname === 'arxiv.org' || url.hostname === 'www.arxiv.org',
  rows(_doc, url) {
    const kind = url.pathname.split('/')[1];
    return kind === 'list' ? listingRows : kind === 'search' ? searchRows : undefined;
  },
  recognize(doc, url) {
    const [, kind, ...rest] = url.pathname.split('/');
    const id = parseArxivId(rest.join('/').replace(/\.pdf$/, ''));
    switch (kind) {
      case 'list':
        return readRows(doc, listingRows);
      case 'abs':
        return id ? recognizeAbs(doc, id) : [];
      case 'html':
        return id ? recognizeHtml(doc, id) : [];
      case 'pdf': {
        if (!id) return [];
        const paper = makePaper({ ids: { arxiv: id }, title: cleanText(doc.title) || `arXiv:${id}`, links: arxivLinks(id), source });
        return paper ? [{ paper, anchor: null }] : [];
      }
      case 'search':
        return readRows(doc, searchRows);
      default:
        return [];
    }
  },
};
