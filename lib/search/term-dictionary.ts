/**
 * Terms → numbers for the author and keyword postings (term-postings.ts), with the two
 * expansions MiniSearch makes of a query term: its longer forms (prefix) and the terms one edit
 * away (MiniSearch's fuzzyGet at distance 1: Levenshtein over UTF-16 code units).
 *
 * A sorted array of strings, not a radix tree: at 10k papers MiniSearch's SearchableMap over the
 * 59k author and keyword terms took 14.9 MB, the array 2.0 MB (bench/README.md, issue 18). A
 * prefix is a binary-searched range; the terms one edit away are found by walking, for each
 * position where they may first differ, the blocks of terms sharing what comes before it.
 * Terms added after the array was built wait in a small map until the next `fromSorted`.
 */
const AFTER = '\uffff';

export class TermDictionary {
  private readonly added = new Map<string, number>();

  private constructor(
    /** Strictly ascending (code unit order); term number = index. */
    private readonly sorted: string[],
    /** Every term by number: `sorted`, then those added since. */
    private readonly all: string[],
  ) {}

  static fromSorted(sorted: string[]): TermDictionary {
    for (let i = 1; i < sorted.length; i++) if (!(sorted[i - 1] < sorted[i])) throw new Error('terms not in strictly ascending order');
    return new TermDictionary(sorted, [...sorted]);
  }

  get size() {
    return this.all.length;
  }

  /** Every term, by number. */
  get terms(): readonly string[] {
    return this.all;
  }

  get(term: string): number | undefined {
    const i = this.lowerBound(term, 0, this.sorted.length);
    return this.sorted[i] === term ? i : this.added.get(term);
  }

  /** The term's number, given a new one if it is new. */
  add(term: string): number {
    let t = this.get(term);
    if (t === undefined) {
      t = this.all.length;
      this.all.push(term);
      this.added.set(term, t);
    }
    return t;
  }

  /** Every term that starts with `prefix`, itself included. */
  *withPrefix(prefix: string): Iterable<[string, number]> {
    const from = this.lowerBound(prefix, 0, this.sorted.length);
    const to = this.lowerBound(prefix + AFTER, from, this.sorted.length);
    for (let i = from; i < to; i++) yield [this.sorted[i], i];
    for (const entry of this.added) if (entry[0].startsWith(prefix)) yield entry;
  }

  /** Every term exactly one edit (insert, delete, replace) from `q`. */
  oneEditFrom(q: string): Map<string, number> {
    const out = new Map<string, number>();
    const found = (term: string, lo: number, hi: number) => {
      const i = this.lowerBound(term, lo, hi);
      if (i < hi && this.sorted[i] === term) out.set(term, i);
    };
    const n = this.sorted.length;
    // i: where the term first differs from q; the terms sharing q's first i letters are one range.
    for (let i = 0; i <= q.length; i++) {
      const head = q.slice(0, i);
      const from = this.lowerBound(head, 0, n);
      const to = this.lowerBound(head + AFTER, from, n);
      if (from === to) break;
      // q's letter i deleted.
      if (i < q.length) found(head + q.slice(i + 1), from, to);
      let at = from;
      if (this.sorted[at] === head) at++;
      while (at < to) {
        const c = this.sorted[at][i];
        const end = this.lowerBound(head + c + AFTER, at, to);
        // q's letter i replaced by c, or c inserted before it.
        if (i < q.length && c !== q[i]) found(head + c + q.slice(i + 1), at, end);
        found(head + c + q.slice(i), at, end);
        at = end;
      }
    }
    for (const [term, t] of this.added) if (oneEdit(q, term)) out.set(term, t);
    out.delete(q);
    return out;
  }

  /** The first index in [lo, hi) whose term is not below `term`. */
  private lowerBound(term: string, lo: number, hi: number): number {
    const s = this.sorted;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid] < term) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Whether `a` and `b` are exactly one edit apart. */
export function oneEdit(a: string, b: string): boolean {
  if (a === b || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}
