/**
 * The library search's answer while its index loads, read from the search snapshot's scan
 * columns (lib/library/search-snapshot.ts): per field, every paper's folded text is one string
 * and where each paper starts in it, so a word is one regular-expression pass over each field's
 * string instead of folding and testing five fields of every paper (the scan of lib/search/scan.ts).
 *
 * It ranks as the index does, near enough to be the answer until the index is there: BM25 per
 * field with the index's boosts and parameters (MiniSearch's defaults), a whole word (or its
 * plural) weighing 1 and a longer word it begins weighing what MiniSearch gives a prefix match,
 * and, like the index, only the word being typed is a prefix. Field lengths are counted in
 * characters, not terms: BM25 only uses a field's length against the average.
 */
import { BOOST, LARGE_LIBRARY, type SearchHit } from '../search/library-search';
import { foldText } from '../search/fold';
import { fold, processTerm } from '../search/tokenize';

/** The indexed fields, in the order of the snapshot's scan columns. */
export const SCAN_FIELDS = ['title', 'authors', 'keywords', 'note', 'tags'] as const;
export type ScanField = (typeof SCAN_FIELDS)[number];

/** Ends every paper's text in a scan column: no word runs across it. */
export const SCAN_END = '\n';

/** MiniSearch's BM25 parameters and prefix weight (its defaults, which the index keeps). */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const PREFIX_WEIGHT = 0.375;

/** One field's column: every paper's folded text, each followed by SCAN_END, and where each starts. */
export function scanColumn(texts: string[]): { text: string; starts: Uint32Array } {
  const starts = new Uint32Array(texts.length + 1);
  const parts: string[] = [];
  let at = 0;
  texts.forEach((t, i) => {
    const folded = foldText(t) + SCAN_END;
    starts[i] = at;
    at += folded.length;
    parts.push(folded);
  });
  starts[texts.length] = at;
  return { text: parts.join(''), starts };
}

export class SnapshotScan {
  private readonly n: number;
  private readonly avgLength: number[];

  constructor(
    private readonly ids: string[],
    /** One column per SCAN_FIELDS entry. */
    private readonly columns: Array<{ text: string; starts: Uint32Array }>,
  ) {
    this.n = ids.length;
    this.avgLength = columns.map((c) => Math.max(1, (c.text.length - this.n) / Math.max(1, this.n)));
  }

  /**
   * The papers a typed word matches, scored; `last`: the word being typed, whose last term may
   * begin a longer word. Every term of the word must be found (as the index's word query).
   */
  scan(word: string, last: boolean): SearchHit[] {
    const terms = [
      ...new Set(
        foldText(word)
          .split(/[^\p{L}\p{N}]+/u)
          .flatMap((w) => processTerm(w) ?? []),
      ),
    ];
    if (!terms.length) return [];
    const minPrefix = this.n >= LARGE_LIBRARY ? 4 : 3;
    let total: Float64Array | undefined;
    for (const [i, term] of terms.entries()) {
      const prefix = last && i === terms.length - 1 && term.length >= minPrefix;
      const score = this.termScores(term, prefix);
      if (total) for (let p = 0; p < this.n; p++) total[p] = total[p] && score[p] ? total[p] + score[p] : 0;
      else total = score;
    }
    const hits: SearchHit[] = [];
    for (let p = 0; p < this.n; p++) if (total![p] > 0) hits.push({ id: this.ids[p], score: total![p], terms });
    return hits.sort((a, b) => b.score - a.score);
  }

  private termScores(term: string, prefix: boolean): Float64Array {
    const out = new Float64Array(this.n);
    // Terms hold only letters and digits (split above), so they need no escaping.
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${term}([\\p{L}\\p{N}]*)`, 'gu');
    this.columns.forEach(({ text, starts }, f) => {
      // As the index counts them: each word the term matches (itself, or a longer word it begins)
      // scores on its own, with its own frequency in the paper and its own number of papers.
      const words = new Map<string, { weight: number; tf: Map<number, number> }>();
      let paper = 0;
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        const rest = m[1];
        const whole = !rest || fold(term + rest) === term;
        if (!whole && !prefix) continue;
        while (starts[paper + 1] <= m.index) paper++;
        const key = whole ? term : rest;
        let word = words.get(key);
        if (!word) words.set(key, (word = { weight: whole ? 1 : (PREFIX_WEIGHT * term.length) / (term.length + 0.3 * rest.length), tf: new Map() }));
        word.tf.set(paper, (word.tf.get(paper) ?? 0) + 1);
      }
      const boost = BOOST[SCAN_FIELDS[f]];
      for (const { weight, tf } of words.values()) {
        const idf = Math.log(1 + (this.n - tf.size + 0.5) / (tf.size + 0.5));
        for (const [p, count] of tf) {
          const length = starts[p + 1] - starts[p] - 1;
          const bm25 = idf * (BM25.d + (count * (BM25.k + 1)) / (count + BM25.k * (1 - BM25.b + (BM25.b * length) / this.avgLength[f])));
          out[p] += boost * weight * bm25;
        }
      }
    });
    return out;
  }
}
