/** COinS: OpenURL ContextObjects in `<span class="Z3988" title="…">` (Zotero reads these too). */
import { normalizeDoi, normalizeUrl, parseArxivId } from '../../core/ids';
import { looseDate } from '../../core/text';
import type { RecognizedEntry } from '../../core/types';
import { makePaper } from '../paper';

export function recognizeCoins(doc: Document, url: URL): RecognizedEntry[] {
  const out: RecognizedEntry[] = [];
  for (const span of doc.querySelectorAll('span.Z3988[title]')) {
    let q: URLSearchParams;
    try {
      q = new URLSearchParams(span.getAttribute('title') ?? '');
    } catch {
      continue;
    }
    const rftIds = q.getAll('rft_id');
    const doi = rftIds.map((v) => normalizeDoi(v.replace(/^info:doi\//i, ''))).find(Boolean);
    const arxiv = rftIds.map((v) => parseArxivId(v.replace(/^info:arxiv\//i, ''))).find(Boolean);
    const link = rftIds.find((v) => /^https?:\/\//i.test(v));
    const authors = q.getAll('rft.au');
    const last = q.get('rft.aulast');
    if (!authors.length && last) authors.push([q.get('rft.aufirst'), last].filter(Boolean).join(' '));
    const paper = makePaper({
      ids: { arxiv, doi, url: arxiv || doi ? undefined : normalizeUrl(link ?? url.href) },
      title: q.get('rft.atitle') ?? q.get('rft.btitle') ?? q.get('rft.title'),
      authors,
      published: looseDate(q.get('rft.date')),
      links: { abs: link },
      source: 'coins',
    });
    if (paper) out.push({ paper, anchor: span });
  }
  return out;
}
