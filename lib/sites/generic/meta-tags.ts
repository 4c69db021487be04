/**
 * Highwire Press `citation_*` tags (Google Scholar's inclusion format, used by arXiv, ACL
 * Anthology, OpenReview, PMLR, NeurIPS, CVF, bioRxiv, PubMed, Springer, PLOS, ScienceDirect…),
 * with Dublin Core (`dc.*`) and PRISM (`prism.*`) as fallbacks. One paper per page.
 */
import { normalizeDoi, normalizeUrl, parseArxivId, venueId } from '../../core/ids';
import { displayName, looseDate } from '../../core/text';
import type { RecognizedEntry } from '../../core/types';
import { headingFor, metaTags } from '../dom';
import { makePaper } from '../paper';
import { normalizePages } from '../../core/citation';

/** Article types that are journalism, not research. */
const NOT_PAPERS =
  /^(news|news feature|news explainer|news q&a|career news|career feature|careers|world view|obituary|editorial|outlook|where i work|spotlight|podcast)$/i;

export function recognizeMetaTags(doc: Document, url: URL): RecognizedEntry[] {
  const meta = metaTags(doc);
  const first = (...names: string[]) => {
    for (const n of names) {
      const v = meta.get(n)?.[0];
      if (v) return v;
    }
    return undefined;
  };
  const all = (...names: string[]) => {
    for (const n of names) {
      const v = meta.get(n);
      if (v?.length) return v;
    }
    return [];
  };
  const title = first('citation_title', 'dc.title', 'prism.title');
  if (!title) return [];
  const doi = normalizeDoi(first('citation_doi', 'prism.doi', 'bepress_citation_doi')) ?? all('dc.identifier').map(normalizeDoi).find(Boolean);
  const arxiv = parseArxivId(first('citation_arxiv_id')) ?? parseArxivId(first('citation_abstract_html_url'));
  const hasScholarlyTags = meta.has('citation_title') || doi !== undefined || arxiv !== undefined;
  // A bare `dc.title` is on many pages that are not papers; require a scholarly signal.
  if (!hasScholarlyTags) return [];
  // Journals tag their news and obituaries like papers (Nature: `dc.type` "News", a d41586 DOI);
  // they are not what a reader means to cite.
  if (NOT_PAPERS.test(first('citation_article_type', 'dc.type', 'prism.section', 'citation_section') ?? '')) return [];
  const pageUrl = first('citation_abstract_html_url', 'citation_public_url') ?? url.href;
  const paper = makePaper({
    ids: { arxiv, doi, pmid: venueId('pmid', first('citation_pmid')), url: arxiv || doi ? undefined : normalizeUrl(pageUrl) },
    title,
    authors: withMarkupAuthors(all('citation_author', 'dc.creator', 'dc.contributor').map(displayName), doc),
    // A plain `description` cut short ("…") is a teaser, not the abstract (PMLR puts the title and authors there).
    abstract: first('citation_abstract', 'dc.description') ?? first('description')?.replace(/^.*(?:\.\.\.|…)$/, ''),
    published: looseDate(
      first('citation_publication_date', 'citation_date', 'citation_cover_date', 'citation_online_date', 'dc.date', 'prism.publicationdate'),
    ),
    links: { abs: pageUrl, pdf: first('citation_pdf_url') },
    source: 'meta-tags',
    citation: citationOf(first),
  });
  return paper ? [{ paper, anchor: headingFor(doc, paper.title) }] : [];
}

/**
 * Proceedings that tag their title as a journal's (NeurIPS writes `citation_journal_title`
 * "Advances in Neural Information Processing Systems"); cited as `@inproceedings` with `booktitle`.
 */
const PROCEEDINGS = /\b(proceedings|conference|workshop|symposium)\b|^advances in neural information processing systems\b/i;

/** Highwire's and PRISM's venue tags; a conference title makes the paper proceedings. */
function citationOf(first: (...names: string[]) => string | undefined) {
  const conference = first('citation_conference_title', 'citation_conference', 'citation_inbook_title');
  const journal = first('citation_journal_title', 'prism.publicationname', 'citation_series_title');
  const thesis = first('citation_dissertation_institution');
  const report = first('citation_technical_report_institution');
  const book = conference || journal ? undefined : first('citation_book_title');
  return {
    itemType: thesis
      ? 'thesis'
      : report
        ? 'report'
        : conference || PROCEEDINGS.test(journal ?? '')
          ? 'inproceedings'
          : journal
            ? 'article'
            : book || first('citation_isbn')
              ? 'book'
              : undefined,
    conference: !!conference || PROCEEDINGS.test(journal ?? ''),
    container: conference ?? journal ?? book,
    volume: first('citation_volume', 'prism.volume'),
    issue: first('citation_issue', 'prism.number', 'prism.issueidentifier'),
    pages: normalizePages(first('citation_firstpage', 'prism.startingpage'), first('citation_lastpage', 'prism.endingpage')),
    publisher: first('citation_publisher', 'dc.publisher', 'citation_dissertation_institution', 'citation_technical_report_institution'),
  };
}

/**
 * Authors from the page's own markup when its tags name none: ScienceDirect gives no
 * `citation_author`, only `<span class="given-name">` / `<span class="surname">` pairs in its
 * author list (the JATS names Elsevier and others render). Only pairs inside an author group.
 */
function withMarkupAuthors(fromTags: string[], doc: Document): string[] {
  if (fromTags.length) return fromTags;
  const names: string[] = [];
  for (const given of doc.querySelectorAll('.author-group .given-name, #author-group .given-name')) {
    let surname: Element | null = given.nextElementSibling;
    while (surname && !surname.classList.contains('surname')) surname = surname.nextElementSibling;
    const name = [given.textContent, surname?.textContent]
      .map((t) => t?.trim())
      .filter(Boolean)
      .join(' ');
    if (name && !names.includes(name)) names.push(name);
  }
  return names.slice(0, 5000);
}
