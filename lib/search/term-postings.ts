/**
 * The library search's author names and abstract keywords, kept beside MiniSearch instead of in
 * it (issue 18, bench/README.md). At 50k papers those two fields were three quarters of
 * MiniSearch's postings and four fifths of its terms, and MiniSearch keeps every (term, field)
 * as a JS Map of paper → frequency (~65 bytes a posting in Node). Here a term is a number in a
 * sorted array (term-dictionary.ts, expanded by prefix and by one edit as MiniSearch expands), and
 * its postings are typed arrays: 5 bytes a posting.
 *
 * Scores are MiniSearch's to the formula (BM25+ with its defaults, its prefix and fuzzy weights,
 * its field lengths as unique tokens), so a paper found through an author or a keyword ranks as
 * it did when MiniSearch held those fields (library-search.ts merges the two per query term).
 *
 * Writes after a load go to a small overlay (new postings) and a dead mark (removed papers);
 * both are folded into the arrays when they grow past a quarter (an eighth) of them, or before toJSON.
 */
import MiniSearch from 'minisearch';
import { TermDictionary } from './term-dictionary';

/** MiniSearch's defaults (minisearch 7.2: defaultSearchOptions), which the rest of the index uses. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };
const PREFIX_WEIGHT = 0.375;
const FUZZY_WEIGHT = 0.45;

const tokenize = MiniSearch.getDefault('tokenize') as (text: string) => string[];

const bm25 = (tf: number, matching: number, total: number, length: number, avgLength: number) =>
  Math.log(1 + (total - matching + 0.5) / (matching + 0.5)) * (BM25.d + (tf * (BM25.k + 1)) / (tf + BM25.k * (1 - BM25.b + (BM25.b * length) / avgLength)));

/** One query term as MiniSearch takes it: the term, one edit or not, a prefix or not, a weight. */
export interface TermSpec {
  term: string;
  fuzzy: number | false;
  prefix: boolean;
  boost: number;
}

export interface PostingsJSON {
  fields: string[];
  terms: string[];
  offsets: number[];
  /** Per term, each code as its difference from the one before (they ascend): a third of the JSON. */
  codeSteps: number[];
  freqs: number[];
  ids: string[];
  lengths: number[];
}

export class TermPostings {
  private readonly nf: number;
  private dict = TermDictionary.fromSorted([]);
  /** Postings of term t: codes[offsets[t]..offsets[t+1]) (paper × fields + field), freqs beside. */
  private offsets: Uint32Array = new Uint32Array(1);
  private codes: Uint32Array = new Uint32Array(0);
  private freqs: Uint8Array = new Uint8Array(0);
  /** Postings written since the arrays were built: term id → [code, freq, code, freq, …]. */
  private extra = new Map<number, number[]>();
  private extraCount = 0;
  /** Paper number → id ('' once removed), and back. */
  private ids: string[] = [];
  private readonly numberOf = new Map<string, number>();
  /** Unique tokens per paper and field (MiniSearch's field length), paper × fields + field. */
  private lengths: number[] = [];
  private readonly lengthSum: number[];
  private dead = 0;

  constructor(
    readonly fields: string[],
    private readonly processTerm: (term: string) => string | null,
  ) {
    this.nf = fields.length;
    this.lengthSum = fields.map(() => 0);
  }

  get documentCount() {
    return this.numberOf.size;
  }

  has(id: string) {
    return this.numberOf.has(id);
  }

  /** Paper number of an id (what `score` keys results by). */
  numberOfId(id: string): number | undefined {
    return this.numberOf.get(id);
  }

  idOf(n: number): string {
    return this.ids[n];
  }

  /** Adds a paper (replacing it if present) with one text per field, in `fields` order. */
  add(id: string, texts: string[]) {
    this.remove(id);
    const n = this.ids.length;
    this.ids.push(id);
    this.numberOf.set(id, n);
    for (let f = 0; f < this.nf; f++) {
      const tokens = tokenize(texts[f] ?? '');
      const length = new Set(tokens).size;
      this.lengths.push(length);
      this.lengthSum[f] += length;
      const counts = new Map<string, number>();
      for (const token of tokens) {
        const term = this.processTerm(token);
        if (term) counts.set(term, (counts.get(term) ?? 0) + 1);
      }
      for (const [term, count] of counts) {
        const t = this.dict.add(term);
        let list = this.extra.get(t);
        if (!list) this.extra.set(t, (list = []));
        list.push(n * this.nf + f, Math.min(count, 255));
        this.extraCount++;
      }
    }
    if (this.extraCount > Math.max(50_000, this.codes.length / 4)) this.compact();
  }

  remove(id: string) {
    const n = this.numberOf.get(id);
    if (n === undefined) return;
    this.numberOf.delete(id);
    this.ids[n] = '';
    for (let f = 0; f < this.nf; f++) this.lengthSum[f] -= this.lengths[n * this.nf + f];
    this.dead++;
    if (this.dead > Math.max(1_000, this.numberOf.size / 8)) this.compact();
  }

  /**
   * Adds each paper's score for one query term to `into` (paper number → score), as MiniSearch
   * scores a term over its fields: the term itself, its longer forms if a prefix, its one-edit
   * neighbours if fuzzy, each weighted as MiniSearch weighs them. `boosts` are per field.
   */
  score(spec: TermSpec, boosts: number[], into: Map<number, number>) {
    const total = this.numberOf.size;
    if (!total) return;
    const avg = this.lengthSum.map((s) => s / total);
    const exact = this.dict.get(spec.term);
    if (exact !== undefined) this.scoreTerm(exact, spec.boost, boosts, avg, total, into);
    const prefixed = new Set<string>();
    if (spec.prefix) {
      for (const [term, t] of this.dict.withPrefix(spec.term)) {
        const distance = term.length - spec.term.length;
        if (!distance) continue;
        prefixed.add(term);
        this.scoreTerm(t, (spec.boost * PREFIX_WEIGHT * term.length) / (term.length + 0.3 * distance), boosts, avg, total, into);
      }
    }
    if (spec.fuzzy) {
      // Our queries forgive one edit; a larger distance is not implemented.
      if (spec.fuzzy !== 1) throw new Error(`fuzzy ${spec.fuzzy}: only one edit is supported`);
      const distance = 1;
      for (const [term, t] of this.dict.oneEditFrom(spec.term)) {
        if (prefixed.has(term)) continue;
        this.scoreTerm(t, (spec.boost * FUZZY_WEIGHT * term.length) / (term.length + distance), boosts, avg, total, into);
      }
    }
  }

  private scoreTerm(t: number, weight: number, boosts: number[], avg: number[], total: number, into: Map<number, number>) {
    const { nf, ids } = this;
    const extra = this.extra.get(t);
    const from = t + 1 < this.offsets.length ? this.offsets[t] : 0;
    const to = t + 1 < this.offsets.length ? this.offsets[t + 1] : 0;
    // Papers with the term per field (live ones), MiniSearch's document frequency.
    const matching = new Array<number>(nf).fill(0);
    for (let i = from; i < to; i++) if (ids[(this.codes[i] / nf) | 0]) matching[this.codes[i] % nf]++;
    if (extra) for (let i = 0; i < extra.length; i += 2) if (ids[(extra[i] / nf) | 0]) matching[extra[i] % nf]++;
    const add = (code: number, tf: number) => {
      const n = (code / nf) | 0;
      if (!ids[n]) return;
      const f = code % nf;
      const s = weight * boosts[f] * bm25(tf, matching[f], total, this.lengths[code], avg[f]);
      into.set(n, (into.get(n) ?? 0) + s);
    };
    for (let i = from; i < to; i++) add(this.codes[i], this.freqs[i]);
    if (extra) for (let i = 0; i < extra.length; i += 2) add(extra[i], extra[i + 1]);
  }

  /** Folds the overlay and removed papers into the arrays, numbering papers and terms afresh. */
  compact() {
    const { nf } = this;
    const renumber = new Int32Array(this.ids.length).fill(-1);
    const ids: string[] = [];
    const lengths: number[] = [];
    this.ids.forEach((id, n) => {
      if (!id) return;
      renumber[n] = ids.length;
      ids.push(id);
      for (let f = 0; f < nf; f++) lengths.push(this.lengths[n * nf + f]);
    });
    const old = this.dict.terms;
    const based = (t: number) => t + 1 < this.offsets.length;
    let size = 0;
    for (let t = 0; t < old.length; t++) size += (based(t) ? this.offsets[t + 1] - this.offsets[t] : 0) + (this.extra.get(t)?.length ?? 0) / 2;
    const codes = new Uint32Array(size);
    const freqs = new Uint8Array(size);
    const terms: string[] = [];
    const offsets: number[] = [0];
    let at = 0;
    const keep = (code: number, tf: number) => {
      const n = renumber[(code / nf) | 0];
      if (n < 0) return;
      codes[at] = n * nf + (code % nf);
      freqs[at++] = tf;
    };
    // Terms in sorted order; one no paper has any more is dropped.
    const byTerm = old.map((_, t) => t).sort((a, b) => (old[a] < old[b] ? -1 : 1));
    for (const t of byTerm) {
      const start = at;
      if (based(t)) for (let i = this.offsets[t]; i < this.offsets[t + 1]; i++) keep(this.codes[i], this.freqs[i]);
      const extra = this.extra.get(t);
      if (extra) for (let i = 0; i < extra.length; i += 2) keep(extra[i], extra[i + 1]);
      if (at === start) continue;
      terms.push(old[t]);
      offsets.push(at);
    }
    this.setArrays({ terms, offsets, codes: codes.slice(0, at), freqs: freqs.slice(0, at), ids, lengths });
  }

  private setArrays(a: { terms: string[]; offsets: ArrayLike<number>; codes: Uint32Array; freqs: Uint8Array; ids: string[]; lengths: number[] }) {
    this.dict = TermDictionary.fromSorted(a.terms);
    this.offsets = Uint32Array.from(a.offsets);
    this.codes = a.codes;
    this.freqs = a.freqs;
    this.extra = new Map();
    this.extraCount = 0;
    this.ids = a.ids;
    this.numberOf.clear();
    a.ids.forEach((id, n) => this.numberOf.set(id, n));
    this.lengths = a.lengths;
    this.lengthSum.fill(0);
    a.lengths.forEach((l, i) => (this.lengthSum[i % this.nf] += l));
    this.dead = 0;
  }

  toJSON(): PostingsJSON {
    this.compact();
    return {
      fields: this.fields,
      terms: [...this.dict.terms],
      offsets: [...this.offsets],
      codeSteps: steps(this.offsets, this.codes, -1),
      freqs: [...this.freqs],
      ids: this.ids,
      lengths: this.lengths,
    };
  }

  /** Postings from toJSON(); throws on anything that is not consistent, so it is rebuilt instead. */
  static fromJSON(json: PostingsJSON, fields: string[], processTerm: (term: string) => string | null): TermPostings {
    const out = new TermPostings(fields, processTerm);
    const ok =
      json &&
      Array.isArray(json.fields) &&
      json.fields.join() === fields.join() &&
      [json.terms, json.offsets, json.codeSteps, json.freqs, json.ids, json.lengths].every(Array.isArray) &&
      json.offsets.length === json.terms.length + 1 &&
      json.terms.every((t) => typeof t === 'string') &&
      json.offsets.every((o, i) => Number.isInteger(o) && (i === 0 ? o === 0 : o >= json.offsets[i - 1])) &&
      json.codeSteps.length === json.freqs.length &&
      json.offsets[json.offsets.length - 1] === json.codeSteps.length &&
      json.lengths.length === json.ids.length * fields.length &&
      new Set(json.ids).size === json.ids.length &&
      json.ids.every((id) => typeof id === 'string' && id);
    const codes = ok && steps(json.offsets, json.codeSteps, 1);
    if (!codes || !codes.every((c) => Number.isInteger(c) && c >= 0 && c < json.ids.length * fields.length)) {
      throw new Error('the stored author and keyword postings are not consistent');
    }
    out.setArrays({ ...json, codes: Uint32Array.from(codes), freqs: Uint8Array.from(json.freqs) });
    return out;
  }
}

/** Codes as steps within each term's range (`way` -1), or the steps added up again (`way` 1). */
function steps(offsets: ArrayLike<number>, codes: ArrayLike<number>, way: 1 | -1): number[] {
  const out = new Array<number>(codes.length);
  for (let t = 0; t + 1 < offsets.length; t++)
    for (let i = offsets[t]; i < offsets[t + 1]; i++) out[i] = i === offsets[t] ? codes[i] : way > 0 ? out[i - 1] + codes[i] : codes[i] - codes[i - 1];
  return out;
}
