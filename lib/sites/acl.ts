/**
 * ACL Anthology.
 *
 * Pages it handles:
 * - https://aclanthology.org/2021.naacl-main.208/  (paper page: citation_* tags, abstract card)
 *
 * The page's tags carry no abstract; the abstract card does. Volume pages are left to the
 * generic adapters until a captured one is at hand to test against.
 */
import type { SiteAdapter } from './adapter';
import { textWithout } from './dom';
import { recognizeMetaTags } from './generic/meta-tags';
import { bibtexBlockFields, cleanCitation, itemTypeOfBibtex } from '../citation';

/** A BibTeX value without TeX grouping or escapes; one with commands is not taken. */
const plain = (v: string | undefined) => (v && !/\\/.test(v) ? v.replace(/[{}]/g, '') : undefined);

export const acl: SiteAdapter = {
  name: 'acl',
  matches: ['https://aclanthology.org/*'],
  handles: (url) => url.hostname === 'aclanthology.org',
  recognize(doc, url) {
    const [entry] = recognizeMetaTags(doc, url);
    if (!entry) return [];
    const abstract = textWithout(doc.querySelector('.acl-abstract'), 'h5, .card-title');
    // The "Cite" block's BibTeX names the publisher (and venue, volume) that the tags leave out.
    const bib = bibtexBlockFields(doc.querySelector('#citeBibtexContent')?.textContent ?? '');
    const fromBib = cleanCitation({
      publisher: plain(bib.fields.get('publisher')),
      volume: plain(bib.fields.get('volume')),
      container: plain(bib.fields.get('booktitle') ?? bib.fields.get('journal')),
      itemType: itemTypeOfBibtex(bib.type),
    });
    const filled = Object.fromEntries(Object.entries(fromBib).filter(([k]) => !entry.paper[k as keyof typeof fromBib]));
    return [
      {
        paper: { ...entry.paper, ...filled, ...(abstract && { abstract }), source: 'acl' },
        anchor: doc.querySelector('h2#title') ?? entry.anchor,
      },
    ];
  },
};
