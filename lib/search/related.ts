/**
 * The related-papers engine. Each library paper is a compact tf-idf term vector (its most
 * distinctive terms, lib/search/terms.ts) and a topic vector (lib/search/topic-model.ts); flat
 * postings from term to papers find every paper that shares a term with the query, and the best
 * of those are re-ranked by term and topic cosine together: comparable across queries (0..1), so
 * one threshold keeps weak matches out, and explainable: the shared terms that contribute most
 * are the reason.
 *
 * Why flat postings and not MiniSearch here (MiniSearch serves the library search): a stopped
 * service worker must answer again within a second, and 10k compact vectors load into arrays in
 * a fraction of the time MiniSearch's per-document maps take (bench/README.md).
 */
import { TermStats, termCount, termVector, weigh, type TermSource, type TermVector } from './terms';
import { UserWords } from './user-words';
import { topicNorm, type TopicModel } from './topic-model';

/**
 * Query terms: the distinctive ones of the page entry's title and abstract. The query is never
 * stored, so it can afford more terms than a library paper: 64 instead of 32 raised nDCG@10 by
 * ~0.01 on two disjoint splits at 10k (bench/README.md) at ~1 ms more per query.
 */
export const QUERY_TERMS = 64;
/**
 * How much the topic cosine counts beside the term cosine. 0.3–0.5 all beat exhaustive TF-IDF on
 * both draws at 1k and ~10k papers; topics alone did worse at 10k (bench/README.md).
 */
export const TOPIC_WEIGHT = 0.4;
/** How many papers, the best by term score, topics re-rank. */
export const TOPIC_CANDIDATES = 200;
/**
 * Below this score a paper is not shown as related. At 30, 200, 1k and 10k papers the hits that
 * pass 0.2 share the query's arXiv category at least as often as those that passed the term
 * cosine's 0.12 before topics, and more of them pass (bench/README.md).
 */
export const MIN_SCORE = 0.2;
/** A query's terms that say what it is about, for matching what the user wrote (its title's, mostly). */
export const MAIN_TERMS = 12;
/** The same for a score of terms alone (no topic model, or a query with no word it knows). */
export const MIN_TERM_SCORE = 0.12;

/**
 * A chip on a listing row needs a match this library rarely has: a score above CHIP_QUANTILE of
 * the best scores its own papers get against the rest of it. A fixed floor lit 30 of 31 HF rows
 * at 2,000 papers, where almost everything has some neighbour above 0.2 (issue 17;
 * bench/related-chips.ts).
 */
export const CHIP_QUANTILE = 0.75;
/** A match above this quantile of the same distribution is called strong. */
export const STRONG_QUANTILE = 0.95;
/** Library papers sampled to calibrate: each is a query (~3 ms at 10k papers with topics), paid once per 5% change in size. */
export const CALIBRATION_SAMPLE = 40;
/**
 * Terms in more than ~3% of papers (idf below this) explain nothing ("training", "data",
 * "model"): they still count in the score, but are not given as the reason.
 */
export const GENERIC_IDF = 1 + Math.log(1 / 0.03);

/**
 * What the user added is matched on words in at most ~20% of papers: a note's words are few and
 * chosen, and topic words like "flow", "matching" or "rank" are common in ML abstracts; "learning"
 * or "model" still say nothing (bench/note-related.ts: 10% found the noted paper for 49% of the
 * papers asking, 20% for 52%, with the same false chips).
 */
export const USER_WORD_IDF = 1 + Math.log(1 / 0.2);

/** The summed idf of user words found that makes a full match: two topic words ("kv cache": 9.9), or one rare word. */
export const USER_EVIDENCE = 6;
/** A word the user wrote on more than this share of the papers is bookkeeping ("read", "todo"). */
export const USER_WORD_SHARE = 0.05;

/** How a match compares with the matches of this library: words a person can read. */
export type Strength = 'strong' | 'good' | 'weak';

export interface Calibration {
  /** Library size it was computed at. */
  size: number;
  /** Score a listing row needs for a chip. */
  chip: number;
  /** Score called strong. */
  strong: number;
}

export interface RelatedHit {
  id: string;
  score: number;
  strength: Strength;
  /** Shared terms, strongest first. */
  terms: string[];
  /**
   * Related by subject more than by wording: fewer than two shared terms, and the topic model
   * places them close. (The topic's share of the score is larger than the terms' for almost
   * every hit, so it says nothing; too few shared terms is when the terms fail as a reason.)
   */
  subject?: boolean;
  /** Found by what the user wrote on the paper (note or tags), not by its own text. */
  yours?: boolean;
}

export interface RelatedTuning {
  /** Terms kept per library paper. */
  docTerms?: number;
  queryTerms?: number;
  /** Papers whose topics are compared, the best by term score. */
  topicCandidates?: number;
  /** false: what the user wrote counts only inside the paper's one vector (the baseline of bench/note-related.ts). */
  userWords?: boolean;
}

interface Postings {
  docs: number[];
  tfs: number[];
}

const tf = (count: number) => 1 + Math.log(termCount(count));

/** Postings a slice of the pass that turns them back into columns reads (columnSteps): ~10 ms at a time. */
const SLICE_ENTRIES = 1 << 18;

/** Counts are small integers (weighted occurrences); the postings keep them in 16 bits. */
const clampCount = (count: number) => Math.max(-32767, Math.min(32767, Math.round(count)));
/**
 * tf by a stored count's 16 bits (`count & 0xffff`): the query's inner loop looks its factor up
 * instead of taking a logarithm per posting, as the Float32 column of tfs it replaces did.
 */
const TF = Float32Array.from({ length: 65536 }, (_, i) => (i ? tf(i < 32768 ? i : 65536 - i) : 0));

/** A paper's vectors as stored (lib/db/schema.ts VectorRecord): term and count columns, topic. */
export interface StoredVectors {
  id: string;
  terms: string[];
  counts: number[];
  topic?: Int8Array;
}

/**
 * The index as one record of columns, papers in slot order (stored by lib/library/related-engine.ts):
 * paper i holds docTerms/docCounts[offsets[i] .. offsets[i + 1]] and topics[i × dims ..].
 */
export interface RelatedSnapshot {
  ids: string[];
  /** Term names by term id. */
  terms: string[];
  offsets: Int32Array;
  docTerms: Int32Array;
  docCounts: Float32Array;
  /** 0 when the index had no topic model. */
  dims: number;
  /** All zeros for a paper without a topic vector. */
  topics: Int8Array;
}

/** Papers as columns, in slot order (liveColumns). */
interface Columns {
  ids: string[];
  offsets: Int32Array;
  terms: Int32Array;
  counts: Float32Array;
  topics: Int8Array;
  norms: number[];
}

/** A library paper's vector as the index holds it: interned term ids and their counts. */
interface Doc {
  terms: Int32Array;
  counts: Float32Array;
}

export class RelatedIndex {
  /** Slot → paper id; '' for a removed paper (its postings are skipped until compaction). */
  private ids: string[] = [];
  private slots = new Map<string, number>();
  /**
   * Papers loaded together (a cold start, a compaction) are held only as postings, three typed
   * arrays: term t's papers are baseDocs[baseStart[t] .. baseStart[t + 1]], in slot order, with
   * their counts (negative: the user's words) in baseCounts. Term ids, because 10k papers hold
   * ~480k term occurrences but only ~35k distinct terms: as [term, count] pairs they were ~20 MB
   * of the worker's heap (bench/README.md). A paper's own vector is not kept beside them: at 50k
   * papers the columns by paper were four more bytes and four more per occurrence (18 of the
   * 106 MB both indexes held, bench/README.md), and what needs a paper's vector (a removal's
   * statistics, a hit's shared terms, calibration, a snapshot) is rare enough to read it back from
   * the postings: one term by binary search, many papers in one pass. Slots below `baseSlots` are
   * these; papers set one at a time since follow as vectors in `extra`.
   */
  private baseSlots = 0;
  /** Moved by every change: a snapshot made a slice at a time is dropped if it moved meanwhile. */
  private version = 0;
  private baseStart = new Int32Array(1);
  private baseDocs = new Int32Array(0);
  private baseCounts = new Int16Array(0);
  private extra: Array<Doc | undefined> = [];
  private norms: number[] = [];
  private termIds = new Map<string, number>();
  private termNames: string[] = [];
  /**
   * Per term id, the most one occurrence adds to a paper's term cosine per unit of query weight
   * (tf over the paper's norm, the largest among its postings): a bound that lets a query for
   * strong matches only skip terms that cannot lift a paper to them (top). Never lowered by a
   * removal, so it stays a bound.
   */
  private maxImpact = new Float64Array(0);
  /** Postings of the papers in `extra`, by term id. */
  private postings: Array<Postings | undefined> = [];
  private removed = 0;
  private stats = new TermStats();
  /** Topic vectors by slot (dims bytes each) and their lengths; length 0: the paper has none. */
  private topics: Int8Array = new Int8Array(0);
  private topicNorms: number[] = [];

  /** Without a model, papers are compared by their terms alone. */
  constructor(
    private readonly tuning: RelatedTuning = {},
    readonly model?: TopicModel,
  ) {}

  get size() {
    return this.slots.size;
  }

  has(id: string) {
    return this.slots.has(id);
  }

  /** The vector a paper would get now; stored by the caller so a restart needs no re-tokenizing. */
  vectorFor(src: TermSource): TermVector {
    return termVector(src, this.stats, this.tuning.docTerms);
  }

  /** The topic vector of a paper under this index's model; stored beside the term vector. */
  topicFor(src: TermSource): Int8Array | undefined {
    return this.model?.embed(src);
  }

  private intern(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.termNames.length;
      this.termIds.set(term, id);
      this.termNames.push(term);
    }
    return id;
  }

  private toDoc(vector: TermVector): Doc {
    const terms = new Int32Array(vector.length);
    const counts = new Float32Array(vector.length);
    for (let i = 0; i < vector.length; i++) {
      terms[i] = this.intern(vector[i][0]);
      counts[i] = vector[i][1];
    }
    return { terms, counts };
  }

  private vectorOf(doc: Doc): TermVector {
    return Array.from(doc.terms, (t, i) => [this.termNames[t], doc.counts[i]]);
  }

  /**
   * Live papers' vectors, read back from the postings in one pass (the base papers among them)
   * and from `extra`; a removed slot is left out. Terms come in term-id order.
   */
  private docsOf(slots: Iterable<number>): Map<number, Doc> {
    const out = new Map<number, Doc>();
    const { ids, baseSlots, baseStart, baseDocs, baseCounts } = this;
    const wanted: number[] = [];
    for (const slot of slots) {
      if (!ids[slot] || out.has(slot)) continue;
      if (slot >= baseSlots) out.set(slot, this.extra[slot - baseSlots]!);
      else wanted.push(slot);
    }
    if (!wanted.length) return out;
    const row = new Int32Array(baseSlots).fill(-1);
    wanted.forEach((slot, r) => (row[slot] = r));
    const terms = wanted.map((): number[] => []);
    const counts = wanted.map((): number[] => []);
    for (let t = 0; t + 1 < baseStart.length; t++)
      for (let i = baseStart[t], end = baseStart[t + 1]; i < end; i++) {
        const r = row[baseDocs[i]];
        if (r < 0) continue;
        terms[r].push(t);
        counts[r].push(baseCounts[i]);
      }
    wanted.forEach((slot, r) => out.set(slot, { terms: Int32Array.from(terms[r]), counts: Float32Array.from(counts[r]) }));
    return out;
  }

  /** One live paper's count of term `t`; 0 when it does not hold it. Binary search in a base paper's case. */
  private countOf(t: number, slot: number): number {
    if (slot >= this.baseSlots) {
      const doc = this.extra[slot - this.baseSlots];
      if (!doc) return 0;
      for (let i = 0; i < doc.terms.length; i++) if (doc.terms[i] === t) return doc.counts[i];
      return 0;
    }
    if (t + 1 >= this.baseStart.length) return 0;
    const docs = this.baseDocs;
    let lo = this.baseStart[t];
    let hi = this.baseStart[t + 1] - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (docs[mid] < slot) lo = mid + 1;
      else if (docs[mid] > slot) hi = mid - 1;
      else return this.baseCounts[mid];
    }
    return 0;
  }

  /** idf by term id under today's statistics (`load` computes it once for all papers). */
  private idfs(): Float64Array {
    return Float64Array.from(this.termNames, (t) => this.stats.idfNow(t));
  }

  /** A vector's length: entries `from .. to` of `terms`/`counts`. */
  private norm(terms: Int32Array, counts: Float32Array, from = 0, to = terms.length, idfs?: Float64Array): number {
    let sum = 0;
    for (let i = from; i < to; i++) {
      const t = terms[i];
      sum += (tf(counts[i]) * (idfs ? idfs[t] : this.stats.idf(this.termNames[t]))) ** 2;
    }
    return Math.sqrt(sum) || 1;
  }

  private raiseImpact(doc: Doc, norm: number) {
    if (this.maxImpact.length < this.termNames.length) {
      const grown = new Float64Array(Math.max(this.termNames.length, this.maxImpact.length * 2));
      grown.set(this.maxImpact);
      this.maxImpact = grown;
    }
    for (let i = 0; i < doc.terms.length; i++) {
      const v = tf(doc.counts[i]) / norm;
      if (v > this.maxImpact[doc.terms[i]]) this.maxImpact[doc.terms[i]] = v;
    }
  }

  /** Adds one paper after the base papers, with its postings. */
  private append(id: string, doc: Doc, topic: Int8Array | undefined) {
    const slot = this.ids.length;
    this.ids.push(id);
    this.extra[slot - this.baseSlots] = doc;
    this.norms.push(0);
    this.slots.set(id, slot);
    this.writeTopic(slot, topic);
    for (let i = 0; i < doc.terms.length; i++) {
      const p = (this.postings[doc.terms[i]] ??= { docs: [], tfs: [] });
      p.docs.push(slot);
      p.tfs.push(tf(doc.counts[i]));
    }
    return slot;
  }

  /**
   * Replaces every paper with the given columns (paper i: terms/counts[offsets[i] .. offsets[i + 1]];
   * `topics`: n × dims, zeros for none, taken over; `norms` when they are known, else computed
   * under today's statistics), and builds the postings from them. The columns are not kept.
   */
  private setColumns(ids: string[], offsets: Int32Array, terms: Int32Array, counts: Float32Array, topics: Int8Array | undefined, norms?: number[]) {
    this.version++;
    const n = ids.length;
    const dims = this.model?.dims ?? 0;
    this.ids = ids;
    this.slots = new Map();
    for (let i = 0; i < n; i++) this.slots.set(ids[i], i);
    this.baseSlots = n;
    this.extra = [];
    this.removed = 0;
    this.userWords = undefined;
    this.topics = dims ? (topics?.length === n * dims ? topics : new Int8Array(n * dims)) : new Int8Array(0);
    this.topicNorms = [];
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = i * dims, end = j + dims; j < end; j++) sum += this.topics[j] * this.topics[j];
      this.topicNorms.push(Math.sqrt(sum));
    }
    if (norms) this.norms = norms;
    else {
      const idfs = this.idfs();
      // Pushed, not preallocated: a holey array is slower to read in every query.
      this.norms = [];
      for (let i = 0; i < n; i++) this.norms.push(this.norm(terms, counts, offsets[i], offsets[i + 1], idfs));
    }
    this.buildBase(n, offsets, terms, counts);
  }

  /** The base postings of papers 0 .. n - 1 from their columns (a bulk load or compaction). */
  private buildBase(n: number, offsets: Int32Array, terms: Int32Array, counts: Float32Array) {
    const termTotal = this.termNames.length;
    const start = new Int32Array(termTotal + 1);
    // Plain loops over the columns: through a callback, the counters it closed over made this
    // the slowest part of a load (~120 ms at 50k papers).
    const length = offsets[n];
    for (let i = 0; i < length; i++) start[terms[i] + 1]++;
    for (let t = 0; t < termTotal; t++) start[t + 1] += start[t];
    const fill = start.slice(0, termTotal);
    const docs = new Int32Array(length);
    const stored = new Int16Array(length);
    // Papers in slot order, so every term's papers are sorted (countOf searches them).
    const impact = new Float64Array(termTotal);
    for (let slot = 0; slot < n; slot++)
      for (let i = offsets[slot], end = offsets[slot + 1]; i < end; i++) {
        const t = terms[i];
        const at = fill[t]++;
        docs[at] = slot;
        stored[at] = clampCount(counts[i]);
        const v = TF[stored[at] & 0xffff] / this.norms[slot];
        if (v > impact[t]) impact[t] = v;
      }
    this.maxImpact = impact;
    this.baseStart = start;
    this.baseDocs = docs;
    this.baseCounts = stored;
    this.postings = [];
  }

  private writeTopic(slot: number, topic: Int8Array | undefined) {
    this.version++;
    const dims = this.model?.dims ?? 0;
    if (!dims) return;
    if (this.topics.length < (slot + 1) * dims) {
      const grown = new Int8Array(Math.max((slot + 1) * dims, this.topics.length * 2));
      grown.set(this.topics);
      this.topics = grown;
    }
    const usable = topic?.length === dims;
    this.topics.fill(0, slot * dims, (slot + 1) * dims);
    if (usable) this.topics.set(topic, slot * dims);
    let sum = 0;
    if (usable) for (let i = 0; i < dims; i++) sum += topic[i] * topic[i];
    // 0 means "no topic": a snapshot stores a missing topic as zeros.
    this.topicNorms[slot] = Math.sqrt(sum);
  }

  /** Gives a paper already in the index its topic vector (one computed after its terms were loaded). */
  setTopic(id: string, topic: Int8Array) {
    const slot = this.slots.get(id);
    if (slot !== undefined) this.writeTopic(slot, topic);
  }

  /** Cosine of a query's topic vector (of length `length`) with a paper's; 0 when the paper has none. */
  private topicCosine(topic: Int8Array, length: number, slot: number): number {
    const dims = topic.length;
    if (!this.topicNorms[slot]) return 0;
    let dot = 0;
    for (let j = 0, o = slot * dims; j < dims; j++) dot += topic[j] * this.topics[o + j];
    return dot / (length * this.topicNorms[slot]);
  }

  private topicOf(slot: number): Int8Array | undefined {
    const dims = this.model?.dims ?? 0;
    return dims && this.topicNorms[slot] ? this.topics.slice(slot * dims, (slot + 1) * dims) : undefined;
  }

  /** Adds or replaces a paper; `topic` from `topicFor` (papers without one are compared by terms). */
  set(id: string, vector: TermVector, topic?: Int8Array) {
    this.update([{ id, vector, topic }]);
  }

  remove(id: string) {
    this.update([], [id]);
  }

  /**
   * Adds or replaces papers and removes others, as one committed change: the papers replaced or
   * removed are read back from the postings in one pass, whatever their number (a sync that
   * touches thousands of papers would otherwise pay a pass over the postings each).
   */
  update(set: Array<{ id: string; vector: TermVector; topic?: Int8Array }>, removed: string[] = []) {
    this.version++;
    const gone = [...set.map((s) => s.id), ...removed].flatMap((id) => (this.slots.has(id) ? [this.slots.get(id)!] : []));
    if (gone.length) {
      const docs = this.docsOf(gone);
      for (const [slot, doc] of docs) {
        this.stats.remove(this.vectorOf(doc));
        this.slots.delete(this.ids[slot]);
        this.userWords?.remove(slot);
        this.ids[slot] = '';
        if (slot >= this.baseSlots) this.extra[slot - this.baseSlots] = undefined;
        this.removed++;
      }
    }
    // A paper named twice in one change: the last stands, as it would set after set.
    for (const { id, vector, topic } of new Map(set.map((s) => [s.id, s])).values()) {
      this.stats.add(vector);
      const doc = this.toDoc(vector);
      const slot = this.append(id, doc, topic);
      this.norms[slot] = this.norm(doc.terms, doc.counts);
      this.raiseImpact(doc, this.norms[slot]);
      this.userWords?.add(slot, userTerms(doc.terms, doc.counts));
    }
    if (this.removed > 64 && this.removed > this.ids.length / 4) this.compact();
  }

  /**
   * Every live paper in new columns, in slot order (removed ones dropped), norms kept: the base
   * papers' read back from the postings (terms in term-id order), then those set since. A
   * generator that yields between slices of ~SLICE_ENTRIES postings: the whole pass is ~100 ms
   * at 50k papers (2.4M postings, each read and written out of order), too long for the worker to
   * stop answering pages while it makes a snapshot (snapshotSliced).
   */
  private *columnSteps(): Generator<void, Columns> {
    const { ids, baseSlots, baseStart, baseDocs, baseCounts, extra } = this;
    const live: number[] = [];
    for (let slot = 0; slot < ids.length; slot++) if (ids[slot]) live.push(slot);
    const row = new Int32Array(ids.length).fill(-1);
    live.forEach((slot, r) => (row[slot] = r));
    const n = live.length;
    const offsets = new Int32Array(n + 1);
    for (let from = 0; from < baseDocs.length; from += SLICE_ENTRIES) {
      for (let i = from, end = Math.min(baseDocs.length, from + SLICE_ENTRIES); i < end; i++) {
        const r = row[baseDocs[i]];
        if (r >= 0) offsets[r + 1]++;
      }
      yield;
    }
    extra.forEach((doc, j) => doc && (offsets[row[baseSlots + j] + 1] += doc.terms.length));
    for (let r = 0; r < n; r++) offsets[r + 1] += offsets[r];
    const terms = new Int32Array(offsets[n]);
    const counts = new Float32Array(offsets[n]);
    const fill = offsets.slice(0, n);
    const termTotal = baseStart.length - 1;
    for (let t = 0; t < termTotal;) {
      for (const stop = baseStart[t] + SLICE_ENTRIES; t < termTotal && baseStart[t] < stop; t++)
        for (let i = baseStart[t], end = baseStart[t + 1]; i < end; i++) {
          const r = row[baseDocs[i]];
          if (r < 0) continue;
          const to = fill[r]++;
          terms[to] = t;
          counts[to] = baseCounts[i];
        }
      yield;
    }
    extra.forEach((doc, j) => {
      if (!doc) return;
      terms.set(doc.terms, offsets[row[baseSlots + j]]);
      counts.set(doc.counts, offsets[row[baseSlots + j]]);
    });
    const dims = this.model?.dims ?? 0;
    const topics = new Int8Array(n * dims);
    for (let r = 0; dims && r < n; r++) if (this.topicNorms[live[r]]) topics.set(this.topics.subarray(live[r] * dims, (live[r] + 1) * dims), r * dims);
    return { ids: live.map((slot) => ids[slot]), offsets, terms, counts, topics, norms: live.map((slot) => this.norms[slot]) };
  }

  private liveColumns(): Columns {
    const steps = this.columnSteps();
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
    }
  }

  /** Drops removed papers' slots and postings. */
  private compact() {
    const c = this.liveColumns();
    this.setColumns(c.ids, c.offsets, c.terms, c.counts, c.topics, c.norms);
  }

  /**
   * Loads many at once (a cold start), straight from the stored columns: statistics first, so
   * every norm uses the same ones. Terms are interned as they are read and document frequencies
   * counted by term id, then added to the statistics once per distinct term: per occurrence
   * (~480k at 10k papers) those map updates and [term, count] pairs were half the load.
   */
  load(records: Iterable<StoredVectors>) {
    const fresh: StoredVectors[] = [];
    const seen = new Set<string>();
    let length = 0;
    for (const r of records) {
      if (this.slots.has(r.id) || seen.has(r.id)) continue;
      seen.add(r.id);
      fresh.push(r);
      length += r.terms.length;
    }
    // The papers already here join the same columns; every norm is then under the new statistics.
    const old = this.liveColumns();
    const n = old.ids.length + fresh.length;
    const dims = this.model?.dims ?? 0;
    const offsets = new Int32Array(n + 1);
    offsets.set(old.offsets);
    const terms = new Int32Array(old.terms.length + length);
    const counts = new Float32Array(terms.length);
    terms.set(old.terms);
    counts.set(old.counts);
    const topics = new Int8Array(n * dims);
    topics.set(old.topics);
    const df: number[] = [];
    let at = old.terms.length;
    fresh.forEach((r, j) => {
      for (let i = 0; i < r.terms.length; i++, at++) {
        const id = (terms[at] = this.intern(r.terms[i]));
        df[id] = (df[id] ?? 0) + 1;
        counts[at] = r.counts[i];
      }
      const slot = old.ids.length + j;
      offsets[slot + 1] = at;
      if (dims && r.topic?.length === dims) topics.set(r.topic, slot * dims);
    });
    this.stats.addCounts(this.termNames, df, fresh.length);
    this.setColumns([...old.ids, ...fresh.map((r) => r.id)], offsets, terms, counts, topics);
  }

  /** Bytes held in typed arrays (outside the JS heap), for the benchmark's memory figures. */
  typedArrayBytes(): number {
    let n = this.baseStart.byteLength + this.baseDocs.byteLength + this.baseCounts.byteLength + this.topics.byteLength + this.maxImpact.byteLength;
    n += this.acc.byteLength + this.touched.byteLength + this.termScores.byteLength + this.selection.byteLength;
    for (const doc of this.extra) if (doc) n += doc.terms.byteLength + doc.counts.byteLength;
    return n;
  }

  /**
   * The whole index as columns, for storing in one record; removed papers are left out. Made
   * from the postings each time (one pass): columns kept for it were 18 MB at 50k papers.
   */
  snapshot(): RelatedSnapshot {
    return this.snapshotOf(this.liveColumns());
  }

  /**
   * The same, made a slice at a time with `pause()` between slices, so that the worker answers
   * pages meanwhile; undefined if the index changed before it was done (the change brings its own).
   */
  async snapshotSliced(pause: () => Promise<void>): Promise<RelatedSnapshot | undefined> {
    const version = this.version;
    const steps = this.columnSteps();
    for (;;) {
      const step = steps.next();
      if (step.done) return this.snapshotOf(step.value);
      await pause();
      if (this.version !== version) return undefined;
    }
  }

  private snapshotOf(c: Columns): RelatedSnapshot {
    return {
      ids: c.ids,
      terms: [...this.termNames],
      offsets: c.offsets,
      docTerms: c.terms,
      docCounts: c.counts,
      dims: this.model?.dims ?? 0,
      topics: c.topics,
    };
  }

  /**
   * Loads a snapshot into an empty index: no string interning per occurrence, no statistics map
   * updates per occurrence, and no object per paper. Its topics are taken over, its columns only
   * read. Topics of another dimension (another model) are ignored.
   */
  loadSnapshot(snap: RelatedSnapshot) {
    if (this.ids.length) throw new Error('A snapshot loads into an empty index.');
    checkSnapshot(snap);
    const n = snap.ids.length;
    this.termNames = [...snap.terms];
    this.termIds = new Map(snap.terms.map((t, i) => [t, i]));
    const df = new Int32Array(snap.terms.length);
    for (let i = 0; i < snap.docTerms.length; i++) df[snap.docTerms[i]]++;
    this.stats.addCounts(snap.terms, df, n);
    const dims = this.model?.dims ?? 0;
    this.setColumns([...snap.ids], snap.offsets, snap.docTerms, snap.docCounts, dims && snap.dims === dims ? snap.topics : undefined);
  }

  /** Reused between queries; only the touched slots are cleared again. */
  private acc = new Float64Array(0);
  private touched = new Int32Array(0);
  private termScores = new Float64Array(0);
  private selection = new Float64Array(0);

  /**
   * The k best library papers for a query, at least `minScore`. A query touches half the library
   * at 10k papers, so the scores stay in a typed accumulator and only the k best are kept, in a
   * small sorted array: no per-paper objects, no sort of thousands (bench/README.md).
   *
   * The score is the term cosine and, when the query has a topic vector, the topic cosine
   * weighted by TOPIC_WEIGHT, over 1 + TOPIC_WEIGHT so it stays within 0..1. Topics re-rank only
   * the TOPIC_CANDIDATES best term matches: a paper sharing no term with the query is not found.
   */
  private top(query: Map<string, number>, topic: Int8Array | undefined, k: number, minScore: number, skip: Set<string>): Array<[slot: number, score: number]> {
    const n = this.ids.length;
    if (this.acc.length < n) {
      this.acc = new Float64Array(Math.max(n, this.acc.length * 2));
      this.touched = new Int32Array(this.acc.length);
      this.termScores = new Float64Array(this.acc.length);
      this.selection = new Float64Array(this.acc.length);
    }
    const { acc, touched, norms } = this;
    let count = 0;
    const { baseStart, baseDocs, baseCounts } = this;
    const dims = this.model?.dims ?? 0;
    // The term score a paper needs to reach minScore (a topic cosine is at most 1); rounding margin.
    const needed = (topic && dims ? (1 + TOPIC_WEIGHT) * minScore - TOPIC_WEIGHT : minScore) - 1e-9;
    const terms: Array<[id: number, w: number]> = [];
    for (const [t, qw] of query) {
      const id = this.termIds.get(t);
      if (id !== undefined) terms.push([id, qw * this.stats.idf(t)]);
    }
    // MaxScore: the query terms whose most possible contributions, summed, stay below `needed`
    // cannot make a paper reach it alone, so only papers a stronger term found get their share;
    // the others are never touched. A listing's chips ask for this library's strong matches
    // (bench/README.md). The answers are the same: a paper below `needed` is never kept.
    const optional = new Set<number>();
    if (needed > 0) {
      const bound = ([id, w]: [number, number]) => w * (this.maxImpact[id] ?? 0) * (1 + 1e-6);
      let sum = 0;
      for (const x of [...terms].sort((a, b) => bound(a) - bound(b))) {
        if (sum + bound(x) >= needed) break;
        sum += bound(x);
        optional.add(x[0]);
      }
    }
    for (const [id, w] of terms) {
      if (optional.has(id)) continue;
      if (id + 1 < baseStart.length)
        for (let i = baseStart[id], end = baseStart[id + 1]; i < end; i++) {
          const d = baseDocs[i];
          if (acc[d] === 0) touched[count++] = d;
          acc[d] += w * TF[baseCounts[i] & 0xffff];
        }
      const p = this.postings[id];
      if (p)
        for (let i = 0; i < p.docs.length; i++) {
          const d = p.docs[i];
          if (acc[d] === 0) touched[count++] = d;
          acc[d] += w * p.tfs[i];
        }
    }
    for (const [id, w] of terms) {
      if (!optional.has(id)) continue;
      if (id + 1 < baseStart.length)
        for (let i = baseStart[id], end = baseStart[id + 1]; i < end; i++) {
          const d = baseDocs[i];
          if (acc[d] !== 0) acc[d] += w * TF[baseCounts[i] & 0xffff];
        }
      const p = this.postings[id];
      if (p)
        for (let i = 0; i < p.docs.length; i++) {
          const d = p.docs[i];
          if (acc[d] !== 0) acc[d] += w * p.tfs[i];
        }
    }
    const best: Array<[number, number]> = [];
    const consider = (d: number, score: number) => {
      if (score < minScore || (best.length === k && score <= best[k - 1][1])) return;
      if (!this.ids[d] || skip.has(this.ids[d])) return;
      let j = Math.min(best.length, k - 1);
      best[j] = [d, score];
      for (; j > 0 && best[j - 1][1] < score; j--) [best[j - 1], best[j]] = [best[j], best[j - 1]];
    };
    if (topic && dims) {
      // Topics re-rank the papers with the best term scores; comparing every paper's topic took
      // ~1 ms a query at 10k papers, too much for a 31-entry page (bench/README.md).
      const limit = this.tuning.topicCandidates ?? TOPIC_CANDIDATES;
      const { termScores, selection } = this;
      // A topic cosine is at most 1, so a paper whose term score is below `needed` cannot reach
      // minScore: only the others are kept (in place, in `touched`) and the best `limit` of all
      // are among them whenever more than `limit` are kept. A listing's chips ask for this
      // library's strong matches, and at 50k papers ranking every touched paper (~25k a query)
      // was a third of the query (bench/README.md). The margin covers rounding.
      let kept = 0;
      for (let i = 0; i < count; i++) {
        const d = touched[i];
        const termScore = acc[d] / norms[d];
        acc[d] = 0;
        if (termScore < needed) continue;
        termScores[kept] = termScore;
        touched[kept++] = d;
      }
      let floor = -Infinity;
      if (kept > limit) {
        selection.set(termScores.subarray(0, kept));
        floor = kthLargest(selection.subarray(0, kept), limit);
      }
      const length = topicNorm(topic);
      for (let i = 0; i < kept; i++) {
        const termScore = termScores[i];
        if (termScore < floor) continue;
        const d = touched[i];
        consider(d, (termScore + TOPIC_WEIGHT * this.topicCosine(topic, length, d)) / (1 + TOPIC_WEIGHT));
      }
      return best;
    }
    for (let i = 0; i < count; i++) {
      const d = touched[i];
      const score = acc[d] / norms[d];
      acc[d] = 0;
      consider(d, score);
    }
    return best;
  }

  private calibration?: Calibration;

  /** What each query term a paper holds adds to their dot product (before the paper's norm), with its idf. */
  private shared(query: Map<string, number>, slot: number): Array<[term: string, part: number, idf: number]> {
    const out: Array<[string, number, number]> = [];
    if (!this.ids[slot]) return out;
    for (const [name, q] of query) {
      const t = this.termIds.get(name);
      const count = t === undefined ? 0 : this.countOf(t, slot);
      if (!count) continue;
      const idf = this.stats.idf(name);
      out.push([name, q * idf * tf(count), idf]);
    }
    return out;
  }

  /** The term cosine of a query with one paper (the same as `top` computes for every paper). */
  private termCosine(query: Map<string, number>, slot: number): number {
    return this.shared(query, slot).reduce((dot, [, part]) => dot + part, 0) / this.norms[slot];
  }

  /** The query's distinctive terms that a paper holds, by what each adds to their cosine, strongest first. */
  private sharedTerms(query: Map<string, number>, slot: number): string[] {
    return this.shared(query, slot)
      .filter(([, , idf]) => idf >= GENERIC_IDF)
      .sort((a, b) => b[1] - a[1])
      .map(([t]) => t);
  }

  /** The user's words by slot, built on the first query that needs them (lib/search/user-words.ts). */
  private userWords?: UserWords;

  private yours(): UserWords {
    return (this.userWords ??= new UserWords({
      slots: () => {
        // The base papers' from one pass over the postings (negative counts), in slot order.
        const { ids, baseStart, baseDocs, baseCounts, baseSlots } = this;
        const bySlot = new Map<number, number[]>();
        for (let t = 0; t + 1 < baseStart.length; t++)
          for (let i = baseStart[t], end = baseStart[t + 1]; i < end; i++) {
            if (baseCounts[i] >= 0 || !ids[baseDocs[i]]) continue;
            const words = bySlot.get(baseDocs[i]);
            if (words) words.push(t);
            else bySlot.set(baseDocs[i], [t]);
          }
        const out: Array<[number, Int32Array]> = [...bySlot].sort((a, b) => a[0] - b[0]).map(([slot, words]) => [slot, Int32Array.from(words)]);
        this.extra.forEach((doc, j) => {
          const words = doc ? userTerms(doc.terms, doc.counts) : EMPTY;
          if (words.length) out.push([baseSlots + j, words]);
        });
        return out;
      },
      idf: (t) => this.stats.idf(this.termNames[t]),
    }));
  }

  /**
   * Where this library's own matches lie: a sample of its papers, each asked for its best match
   * among the others. Kept until the library grows or shrinks by 5%.
   */
  calibrate(): Calibration {
    const size = this.slots.size;
    const c = this.calibration;
    if (c && Math.abs(c.size - size) <= Math.max(2, size * 0.05)) return c;
    const floor = this.model ? MIN_SCORE : MIN_TERM_SCORE;
    const live = [...this.slots.values()];
    const best: number[] = [];
    const step = Math.max(1, live.length / CALIBRATION_SAMPLE);
    const sample: number[] = [];
    for (let i = 0; i < live.length && sample.length < CALIBRATION_SAMPLE; i += step) sample.push(live[Math.floor(i)]);
    for (const [d, doc] of this.docsOf(sample)) {
      const [hit] = this.top(weigh(this.vectorOf(doc), this.stats), this.topicOf(d), 1, 0, new Set([this.ids[d]]));
      best.push(hit ? hit[1] : 0);
    }
    best.sort((a, b) => a - b);
    const at = (q: number) => (best.length ? best[Math.min(best.length - 1, Math.floor(q * best.length))] : 0);
    const chip = Math.max(floor, at(CHIP_QUANTILE));
    this.calibration = { size, chip, strong: Math.max(chip, at(STRONG_QUANTILE)) };
    return this.calibration;
  }

  /**
   * Library papers related to a paper (excluding `exclude`, usually the paper itself).
   * `chipsOnly`: only matches strong for this library (calibrate), as a listing row's chip counts.
   */
  related(src: TermSource, { k = 5, exclude = [] as string[], minScore = undefined as number | undefined, chipsOnly = false } = {}): RelatedHit[] {
    if (!this.slots.size || k <= 0) return [];
    const query = weigh(termVector(src, this.stats, this.tuning.queryTerms ?? QUERY_TERMS), this.stats);
    const topic = this.topicFor(src);
    const cal = this.calibrate();
    const floor = chipsOnly ? cal.chip : (minScore ?? (topic ? MIN_SCORE : MIN_TERM_SCORE));
    const skip = new Set(exclude);
    const hits = this.top(query, topic, k, floor, skip);
    const length = topic ? topicNorm(topic) : 0;
    // What the user added is a second view of a paper. Enough of its words among the query's main
    // terms ranks a paper beside this library's good matches, and above them when its own text
    // agrees too; less evidence counts by its square, so one common word of a note ("compare")
    // is no match. A paper found both ways keeps its better score.
    const byWords = new Map<number, number[]>();
    const main = [...query]
      .sort((a, b) => b[1] - a[1])
      .slice(0, MAIN_TERMS)
      .flatMap(([t, w]) => (this.termIds.has(t) ? [[this.termIds.get(t)!, w] as [number, number]] : []));
    for (const m of this.tuning.userWords === false
      ? []
      : this.yours().match(main, { minIdf: USER_WORD_IDF, maxShare: USER_WORD_SHARE, papers: this.slots.size })) {
      const score = (Math.min(1, m.evidence / USER_EVIDENCE) ** 2 * (1 + this.termCosine(query, m.slot))) / 2;
      if (score < floor || skip.has(this.ids[m.slot])) continue;
      const at = hits.findIndex(([d]) => d === m.slot);
      if (at >= 0 && hits[at][1] >= score) continue;
      if (at >= 0) hits.splice(at, 1);
      hits.push([m.slot, score]);
      byWords.set(m.slot, m.terms);
    }
    hits.sort((a, b) => b[1] - a[1]);
    hits.length = Math.min(hits.length, k);
    return hits.map(([d, score]): RelatedHit => {
      const words = byWords.get(d)?.map((t) => this.termNames[t]);
      // The reason is the user's words when they found it, else the shared distinctive terms.
      const shared = words ?? this.sharedTerms(query, d);
      const topicCos = !words && shared.length < 2 && topic ? this.topicCosine(topic, length, d) : 0;
      return {
        id: this.ids[d],
        score: Math.round(score * 1000) / 1000,
        strength: score >= cal.strong ? 'strong' : score >= cal.chip ? 'good' : 'weak',
        terms: shared.slice(0, 5),
        ...(topicCos > 0 && { subject: true }),
        ...(words && { yours: true }),
      };
    });
  }
}

/** The k-th largest value (k ≥ 1) of xs, which it reorders: quickselect, linear on average. */
export function kthLargest(xs: Float64Array, k: number): number {
  let lo = 0;
  let hi = xs.length - 1;
  const target = Math.min(k, xs.length) - 1;
  while (lo < hi) {
    const pivot = xs[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (xs[i] > pivot) i++;
      while (xs[j] < pivot) j--;
      if (i <= j) {
        [xs[i], xs[j]] = [xs[j], xs[i]];
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return xs[target];
}

/** Throws on a snapshot whose columns do not fit together (damaged storage, another version). */
export function checkSnapshot(s: RelatedSnapshot) {
  const fail = (why: string): never => {
    throw new Error(`Damaged related snapshot: ${why}.`);
  };
  if (!Array.isArray(s.ids) || !Array.isArray(s.terms)) fail('ids or terms');
  if (!(s.offsets instanceof Int32Array) || !(s.docTerms instanceof Int32Array) || !(s.docCounts instanceof Float32Array) || !(s.topics instanceof Int8Array))
    fail('column types');
  const n = s.ids.length;
  if (s.offsets.length !== n + 1 || s.offsets[0] !== 0 || s.offsets[n] !== s.docTerms.length || s.docCounts.length !== s.docTerms.length)
    fail('column lengths');
  for (let i = 0; i < n; i++) if (s.offsets[i + 1] < s.offsets[i]) fail('offsets');
  for (let i = 0; i < s.docTerms.length; i++) if (!(s.docTerms[i] >= 0 && s.docTerms[i] < s.terms.length)) fail('term ids');
  if (s.topics.length !== n * s.dims) fail('topics');
}

/**
 * The term ids the user wrote (negative counts, lib/search/terms.ts) among entries `from .. to`:
 * read in place, so a pass over every paper in the columns makes an array only for noted ones.
 */
function userTerms(terms: Int32Array, counts: Float32Array, from = 0, to = terms.length): Int32Array {
  let n = 0;
  for (let i = from; i < to; i++) if (counts[i] < 0) n++;
  if (!n) return EMPTY;
  const out = new Int32Array(n);
  for (let i = from, j = 0; i < to; i++) if (counts[i] < 0) out[j++] = terms[i];
  return out;
}

const EMPTY = new Int32Array(0);
