/**
 * OpenReview.
 *
 * Pages it handles:
 * - https://openreview.net/forum?id=<id>  (citation_* tags; the id comes from the URL)
 * - https://openreview.net/pdf?id=<id>    (an entry for the tab)
 */
import type { SiteAdapter } from './adapter';
import { recognizeMetaTags } from './generic/meta-tags';
import { makePaper } from './paper';

export const openreview: SiteAdapter = {
  name: 'openreview',
  matches: ['https://openreview.net/forum*', 'https://openreview.net/pdf*'],
  handles: (url) => url.hostname === 'openreview.net' && (url.pathname === '/forum' || url.pathname === '/pdf'),
  recognize(doc, url) {
    const id = url.searchParams.get('id');
    if (!id || !/^[\w-]{5,40}$/.test(id)) return [];
    const links = { abs: `https://openreview.net/forum?id=${id}`, pdf: `https://openreview.net/pdf?id=${id}` };
    const [found] = recognizeMetaTags(doc, url);
    const paper = makePaper({
      ids: { openreview: id, doi: found?.paper.ids.doi },
      title: found?.paper.title ?? doc.title ?? `OpenReview ${id}`,
      authors: found?.paper.authors,
      abstract: found?.paper.abstract,
      published: found?.paper.published,
      links,
      source: 'openreview',
    });
    return paper ? [{ paper, anchor: found?.anchor ?? null }] : [];
  },
};
