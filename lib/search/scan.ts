/**
 * The library search's answer while its index is still being built (lib/search/library-search.ts):
 * every word of the query must begin a word somewhere in the paper; a paper scores the boosts of
 * the fields its words are found in. Plain and unranked beyond that, but it needs no index.
 */
import { foldText } from './fold';
import type { BOOST, SearchHit } from './library-search';

export interface ScannedPaper {
  id: string;
  title: string;
  authors: string[];
  note: string;
  tags: string[];
}

export function scanPapers(
  papers: Iterable<ScannedPaper>,
  abstractOf: (id: string) => string,
  text: string,
  /** The index's field boosts; `keywords` weighs the abstract. */
  boost: typeof BOOST,
): SearchHit[] {
  const words = [
    ...new Set(
      foldText(text)
        .split(/[^\p{L}\p{N}]+/u)
        .filter(Boolean),
    ),
  ];
  if (!words.length) return [];
  // Words hold only letters and digits (split above), so they need no escaping.
  const starts = words.map((w) => new RegExp(`(?<![\\p{L}\\p{N}])${w}`, 'u'));
  const hits: SearchHit[] = [];
  for (const p of papers) {
    const fields: Array<[string, number]> = [
      [foldText(p.title), boost.title],
      [foldText(p.tags.join(' ')), boost.tags],
      [foldText(p.note), boost.note],
      [foldText(p.authors.join(' ')), boost.authors],
      [foldText(abstractOf(p.id)), boost.keywords],
    ];
    let score = 0;
    for (const re of starts) {
      const found = fields.reduce((sum, [field, b]) => (re.test(field) ? sum + b : sum), 0);
      if (!found) {
        score = 0;
        break;
      }
      score += found;
    }
    if (score) hits.push({ id: p.id, score, terms: words });
  }
  return hits.sort((a, b) => b.score - a.score);
}
