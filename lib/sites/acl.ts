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

export const acl: SiteAdapter = {
  name: 'acl',
  matches: ['https://aclanthology.org/*'],
  handles: (url) => url.hostname === 'aclanthology.org',
  recognize(doc, url) {
    const [entry] = recognizeMetaTags(doc, url);
    if (!entry) return [];
    const abstract = textWithout(doc.querySelector('.acl-abstract'), 'h5, .card-title');
    return [
      {
        paper: { ...entry.paper, ...(abstract && { abstract }), source: 'acl' },
        anchor: doc.querySelector('h2#title') ?? entry.anchor,
      },
    ];
  },
};
