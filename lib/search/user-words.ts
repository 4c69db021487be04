/**
 * What the user wrote about a paper, compared on its own.
 *
 * A paper's vector holds its title, abstract, note and tags together, and a long abstract
 * outweighs a one-line note: "baseline for our speculative decoding work" on a paper about
 * sorting made no speculative-decoding paper related (0 of 300 asked, bench/note-related.ts).
 * So the words a person wrote (marked in the stored vector, lib/search/terms.ts) are also a view
 * of their own: a query that carries them strongly finds the paper even when its abstract is
 * about something else. Only distinctive words count; "baseline" or "training" in a note would
 * otherwise tie a paper to half the library.
 */

/** A paper's user words as term ids, and the index's current idf of a term id. */
export interface UserWordsSource {
  /** Live slots with the term ids the user wrote. */
  slots(): Iterable<[slot: number, terms: Int32Array]>;
  idf(term: number): number;
}

export class UserWords {
  private readonly bySlot = new Map<number, Int32Array>();
  private readonly byTerm = new Map<number, number[]>();

  constructor(private readonly source: UserWordsSource) {
    for (const [slot, terms] of source.slots()) this.add(slot, terms);
  }

  get size() {
    return this.bySlot.size;
  }

  add(slot: number, terms: Int32Array) {
    if (!terms.length) return;
    this.bySlot.set(slot, terms);
    for (const t of terms) {
      const slots = this.byTerm.get(t);
      if (slots) slots.push(slot);
      else this.byTerm.set(t, [slot]);
    }
  }

  remove(slot: number) {
    const terms = this.bySlot.get(slot);
    if (!terms) return;
    this.bySlot.delete(slot);
    for (const t of terms) {
      const slots = this.byTerm.get(t)!.filter((s) => s !== slot);
      if (slots.length) this.byTerm.set(t, slots);
      else this.byTerm.delete(t);
    }
  }

  /**
   * Papers whose user words are among the query's main terms. `evidence` is the idf of the words
   * found, summed: two topic words ("flow matching": 8.0) or one rare one make a match, a single
   * common one ("matching": 4.0) half of one. Not a share of everything the user wrote: a paper's
   * tags and note are separate statements, and a query meets one of them. Words with idf below
   * `minIdf` are skipped, and so are words the user wrote on more than `maxShare` of the papers
   * (a "read" or "todo" tag is bookkeeping, not a topic). Best first, with the words found.
   */
  match(main: Array<[term: number, weight: number]>, { minIdf, maxShare, papers }: { minIdf: number; maxShare: number; papers: number }) {
    const found = new Map<number, Array<[term: number, weight: number]>>();
    const ceiling = Math.max(20, maxShare * papers);
    for (const [t, w] of main) {
      const slots = this.byTerm.get(t);
      if (!slots || slots.length > ceiling || this.source.idf(t) < minIdf) continue;
      for (const slot of slots) {
        const parts = found.get(slot);
        if (parts) parts.push([t, w]);
        else found.set(slot, [[t, w]]);
      }
    }
    const out: Array<{ slot: number; evidence: number; weight: number; terms: number[] }> = [];
    for (const [slot, parts] of found)
      out.push({
        slot,
        evidence: parts.reduce((s, [t]) => s + this.source.idf(t), 0),
        weight: parts.reduce((s, [, w]) => s + w, 0),
        terms: parts.sort((a, b) => b[1] - a[1]).map(([t]) => t),
      });
    return out.sort((a, b) => b.evidence - a.evidence || b.weight - a.weight);
  }
}
