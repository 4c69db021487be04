/**
 * ACL Anthology.
 *
 * Pages it handles:
 * - https://aclanthology.org/2021.naacl-main.208/  (paper page: citation_* tags, abstract card)
 * - listings: author pages (/people/…), volume pages (/volumes/2022.in2writing-1/) and event
 *   pages (/events/acl-2022/). The site generator (acl-org/acl-anthology, hugo/layouts) renders
 *   every paper of these with one template, `papers/list-entry.html`: a `.d-sm-flex` row (a `p`
 *   in the Bootstrap 4 design, a `div` since the 2025 redesign) holding a button column
 *   (`.list-button-row`: pdf, bib, abs) and `span.d-block > strong > a.align-middle` (the title,
 *   linking to `/<anthology id>/`), then the authors as `/people/…` links; the abstract is the
 *   next sibling, a collapsed card `#abstract-<id with "." as "--">`. Author pages add the
 *   volume link after the authors.
 *
 * A volume's first row is its front matter (id ending `.0`, or the volume's own title for
 * old-style ids such as W19-4200): not a paper, so not marked.
 */
import { normalizeUrl } from '../core/ids';
import { anthologyIdOf } from './paper-urls';
import { cleanText } from '../core/text';
import type { RecognizedEntry } from '../core/types';
import type { SiteAdapter } from './adapter';
import { absoluteUrl, textWithout } from './dom';
import { recognizeMetaTags } from './generic/meta-tags';
import { makePaper } from './paper';

/** The year an Anthology id encodes: `2022.…`, or old-style `W19-4201` (letter, two-digit year). */
function yearOf(id: string): string | undefined {
  const full = id.match(/^(\d{4})\./)?.[1];
  if (full) return full;
  const yy = id.match(/^[A-Z](\d{2})-/)?.[1];
  return yy ? `${Number(yy) >= 65 ? 19 : 20}${yy}` : undefined;
}

function recognizeListing(doc: Document, url: URL): RecognizedEntry[] {
  const volumeTitles = new Set(
    [...doc.querySelectorAll('h2#title, h4 a[href*="/volumes/"], h2#title a')].map((el) => cleanText(el.textContent)).filter(Boolean),
  );
  const out: RecognizedEntry[] = [];
  const seen = new Set<string>();
  for (const link of doc.querySelectorAll('strong > a.align-middle[href]')) {
    const abs = absoluteUrl(link.getAttribute('href'), url);
    const id = abs && anthologyIdOf(abs);
    if (!id || seen.has(id) || /\.0$/.test(id)) continue;
    const title = cleanText(link.textContent);
    if (volumeTitles.has(title)) continue;
    const box = link.closest('.d-block') ?? link.parentElement?.parentElement;
    const row = link.closest('.d-sm-flex');
    const authors = box ? [...box.querySelectorAll('a[href*="/people/"]')].map((a) => cleanText(a.textContent)).filter(Boolean) : [];
    const pdf = row?.querySelector('.list-button-row a[href$=".pdf"]')?.getAttribute('href');
    const abstract = doc.getElementById(`abstract-${id.replace(/\./g, '--')}`);
    const paper = makePaper({
      ids: { acl: id, url: normalizeUrl(abs) },
      title,
      authors,
      abstract: abstract?.textContent,
      published: yearOf(id),
      links: { abs, pdf: absoluteUrl(pdf, url) },
      source: 'acl',
    });
    if (!paper) continue;
    seen.add(id);
    out.push({ paper, anchor: link.parentElement });
  }
  return out;
}
import { bibtexBlockFields, cleanCitation, itemTypeOfBibtex } from '../core/citation';

/** A BibTeX value without TeX grouping or escapes; one with commands is not taken. */
const plain = (v: string | undefined) => (v && !/\\/.test(v) ? v.replace(/[{}]/g, '') : undefined);

export const acl: SiteAdapter = {
  name: 'acl',
  matches: ['https://aclanthology.org/*'],
  handles: (url) => url.hostname === 'aclanthology.org',
  recognize(doc, url) {
    const [entry] = recognizeMetaTags(doc, url);
    if (!entry) return recognizeListing(doc, url);
    const abstract = textWithout(doc.querySelector('.acl-abstract'), 'h5, .card-title');
    const id = anthologyIdOf(url.href);
    // Adding the Anthology id keeps every field the tags gave (citation metadata included).
    const paper = id
      ? { ...entry.paper, ids: { ...entry.paper.ids, acl: id }, id: makePaper({ ...entry.paper, ids: { ...entry.paper.ids, acl: id } })?.id ?? entry.paper.id }
      : entry.paper;
    // The "Cite" block's BibTeX names the publisher (and venue, volume) that the tags leave out.
    const bib = bibtexBlockFields(doc.querySelector('#citeBibtexContent')?.textContent ?? '');
    const fromBib = cleanCitation({
      publisher: plain(bib.fields.get('publisher')),
      volume: plain(bib.fields.get('volume')),
      container: plain(bib.fields.get('booktitle') ?? bib.fields.get('journal')),
      itemType: itemTypeOfBibtex(bib.type),
    });
    const filled = Object.fromEntries(Object.entries(fromBib).filter(([k]) => !paper[k as keyof typeof fromBib]));
    return [
      {
        paper: { ...paper, ...filled, ...(abstract && { abstract }), source: 'acl' },
        anchor: doc.querySelector('h2#title') ?? entry.anchor,
      },
    ];
  },
};
