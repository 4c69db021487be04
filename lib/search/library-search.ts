/**
 * Searching the library as the user types: MiniSearch over title, authors, note, tags and the
 * abstract's distinctive terms, with field boosts, prefix matching on the word being typed and
 * typo tolerance on finished words; filters and sorting on top.
 *
 * Abstracts are indexed through their term vector (the 48 most distinctive terms, the same one
 * "related" uses), not word for word: at 10k papers that halves the index (build 4.5 → 2.2 s)
 * and the keystroke time (bench/README.md). A word common in an abstract but not among its
 * distinctive ones is still found in titles, notes and tags.
 *
 * At 50k papers MiniSearch's postings (one Map entry per term, field and paper) were most of the
 * worker's memory, and the keywords most of the postings: the index keeps only the keywords the
 * other fields lack, at most INDEX_KEYWORDS of them, and a built index is stored (toJSON) so a
 * cold worker loads it instead of building it again (lib/library/search-index-store.ts).
 *
 * Authors and keywords were then still three quarters of MiniSearch's postings and most of its
 * terms: they are kept beside it in typed arrays (term-postings.ts), scored as MiniSearch scores
 * a field. A query is run one query term at a time over both, and the per-term answers are
 * combined as MiniSearch combines a query tree (sums under AND and OR, times the number of query
 * terms a paper matched), so the ranking is the one MiniSearch over all five fields gave
 * (tests/unit/term-postings.test.ts). Only the hits returned become objects.
 */
import MiniSearch, { type Options, type Query } from 'minisearch';
import { normalizeTitle } from '../core/ids';
import type { PaperRecord } from '../core/types';
import { foldText } from './fold';
import { parseQuery, type Clause, type Term } from './query';
import { scanPapers } from './scan';
import { TermPostings, type PostingsJSON, type TermSpec } from './term-postings';
import { processTerm } from './tokenize';

export type SortOrder = 'relevance' | 'recent' | 'title' | 'year' | 'status';

export interface SearchHit {
  id: string;
  score: number;
  /** Document terms that matched, for highlighting. */
  terms: string[];
}

export interface SearchResult {
  total: number;
  hits: SearchHit[];
  /**
   * The index was still being built: these come from a plain scan of every paper, and asking
   * again shortly gives the ranked, typo-tolerant answer.
   */
  provisional?: boolean;
  /** Parts of the query left out because they were not understood, said in words. */
  problems?: string[];
}

/** What MiniSearch indexes of a paper; authors and keywords are in `TermPostings` (term-postings.ts). */
interface Doc {
  id: string;
  title: string;
  note: string;
  tags: string;
}

/** The terms a paper's abstract is searched by: those of its term vector. */
export type Keywords = (p: PaperRecord) => string[];

/**
 * How many of a paper's abstract terms the index keeps beyond its title, note and tags. Its term
 * vector (MAX_TERMS, 48) ranks the title's words among the most distinctive, and the user's own
 * words too, but those fields index them already with more weight (bench/README.md, issue 18).
 */
export const INDEX_KEYWORDS = 20;

/** The abstract terms a paper is indexed by: its most distinctive ones that no other field has. */
export function indexKeywords(p: Pick<PaperRecord, 'title' | 'note' | 'tags'>, keywords: string[]): string[] {
  const own = new Set(termsOf(`${p.title} ${p.note} ${p.tags.join(' ')}`));
  const out: string[] = [];
  for (const k of keywords) {
    if (out.length >= INDEX_KEYWORDS) break;
    if (!own.has(k)) out.push(k);
  }
  return out;
}

const BOOST_OF = { title: 3, tags: 2.5, note: 2, authors: 2, keywords: 1 };
export const BOOST: Readonly<typeof BOOST_OF> = BOOST_OF;

const toDoc = (p: PaperRecord): Doc => ({ id: p.id, title: p.title, note: p.note, tags: p.tags.join(' ') });

/** The fields kept outside MiniSearch, in this order, and their texts for a paper. */
const OUTER_FIELDS = ['authors', 'keywords'] as const;
const OUTER_BOOSTS = OUTER_FIELDS.map((f) => BOOST_OF[f]);
const outerTexts = (p: PaperRecord, keywords: string[]) => [p.authors.join(' '), indexKeywords(p, keywords).join(' ')];
const newPostings = () => new TermPostings([...OUTER_FIELDS], processTerm);

/**
 * From this many papers a prefix needs 4 letters, not 3: a 3-letter prefix expands to hundreds of
 * terms and tens of thousands of postings at 50k papers, the keystroke p95 (bench/README.md).
 */
export const LARGE_LIBRARY = 20_000;

/**
 * What a stored index must have been built under to be loaded: the fields, the term processing
 * and the keyword rule. Changing any of them must change this, so an old stored index is rebuilt.
 */
export const INDEX_FORMAT = `minisearch-7/title,note,tags+postings/authors,keywords/keywords-${INDEX_KEYWORDS}/v2`;

/**
 * What the index keeps of a paper for filters and sorting; the rest stays in IndexedDB (hits are
 * read from there). Whole records with abstracts and links took ~13 MB more at 10k papers.
 */
interface Entry {
  id: string;
  title: string;
  authors: string[];
  published?: string;
  note: string;
  tags: string[];
  savedAt: number;
  hasAbstract: boolean;
  status?: PaperRecord['status'];
  statusAt?: number;
}

const entryOf = (p: PaperRecord): Entry => ({
  id: p.id,
  title: p.title,
  authors: p.authors,
  published: p.published,
  note: p.note,
  tags: p.tags,
  savedAt: p.savedAt,
  hasAbstract: !!p.abstract,
  ...(p.status && { status: p.status, statusAt: p.statusAt }),
});

/** The index's options, which loading a stored index must be given again. */
export const INDEX_OPTIONS: Options<Doc> = {
  fields: ['title', 'note', 'tags'],
  // Nothing is stored in the index: hits are ids, looked up in `papers` and the database.
  storeFields: [],
  processTerm,
  searchOptions: {
    boost: BOOST,
    combineWith: 'AND',
    // Queries are built term by term in search() (wordQuery): the last word is a prefix once
    // it has 3 letters (shorter prefixes expand to thousands of terms for little meaning), and
    // every word forgives one typo.
  },
};

function newIndex() {
  return new MiniSearch<Doc>(INDEX_OPTIONS);
}

export class LibrarySearch {
  private index = newIndex();
  /** Authors and keywords, and the paper numbers every query's results are merged by. */
  private postings = newPostings();
  private readonly papers = new Map<string, Entry>();
  /** Abstracts for the scan, kept only while the index is being built. */
  private abstracts?: Map<string, string>;
  /** Set while the index is built in the background; writes meanwhile wait in `pending`. */
  private building?: Promise<void>;
  private pending: Array<() => void> = [];
  /**
   * The last query terms' answers, most recent last, until the index changes. Typing a phrase
   * runs its finished words again on every keystroke: at 20k papers a finished common word ("read",
   * with its one-edit neighbours "real", "head") matched ~6k papers and was most of each
   * keystroke after it (bench/README.md). Bounded by the papers the answers hold.
   */
  private recent = new Map<string, TermAnswer>();
  private recentSize = 0;
  /**
   * While the index builds or loads: answers a word (`last`: the one being typed) from the search
   * snapshot's columns (lib/library/snapshot-scan.ts) instead of scanning every paper. Dropped at
   * the first write, which those columns do not hold.
   */
  private scanner?: (word: string, last: boolean) => SearchHit[];

  /** Answers words with `scanner` until the index is built (see `scanner`). */
  scanWith(scanner: (word: string, last: boolean) => SearchHit[]) {
    if (this.building) this.scanner = scanner;
  }

  get size() {
    return this.papers.size;
  }

  get indexed() {
    return !this.building;
  }

  /** Settles when the index is built (at once if it is). */
  whenIndexed(): Promise<void> {
    return this.building ?? Promise.resolve();
  }

  load(papers: PaperRecord[], keywords: Keywords) {
    for (const p of papers) this.papers.set(p.id, entryOf(p));
    this.addPapers(papers, keywords);
    this.postings.compact();
  }

  /**
   * Builds the index in chunks, yielding between them, and answers searches by a scan until it
   * is done; the keywords may still be loading (the scan does not need them). At 10k papers the build takes ~1.7 s; done in one go it kept a cold worker from
   * answering anything else, and the popup's first search waited for all of it.
   */
  build(papers: PaperRecord[], keywords: Keywords | Promise<Keywords>, chunkSize = 250): Promise<void> {
    this.startBuild(papers);
    this.building = Promise.resolve(keywords)
      .then((k) => this.addChunked(papers, k, chunkSize))
      .then(() => this.finishBuild());
    return this.building;
  }

  /**
   * Like build, but loads the index from `stored` (this class's toJSON over the same papers, under
   * the same INDEX_FORMAT: the caller checks its stamp) instead of building it. An index that does
   * not hold exactly these papers, or does not parse, is not trusted: it is built instead. Resolves
   * whether the stored index was used.
   */
  restore(papers: PaperRecord[], stored: Promise<string | undefined>, keywords: Keywords, chunkSize = 250): Promise<boolean> {
    this.startBuild(papers);
    let loaded = false;
    this.building = stored
      .then(async (json) => {
        if (!json) return false;
        const parsed = parseStored(json);
        const index = await MiniSearch.loadJSAsync<Doc>(parsed.minisearch, INDEX_OPTIONS);
        const postings = TermPostings.fromJSON(parsed.postings, [...OUTER_FIELDS], processTerm);
        for (const held of [index, postings]) {
          if (held.documentCount !== papers.length || !papers.every((p) => held.has(p.id))) {
            throw new Error(`it holds ${held.documentCount} papers, not the ${papers.length} of the snapshot`);
          }
        }
        this.index = index;
        this.postings = postings;
        return (loaded = true);
      })
      .catch((err) => {
        console.warn('Gloss: the stored search index could not be used; building it.', err);
        return false;
      })
      .then((loaded) => (loaded ? undefined : this.addChunked(papers, keywords, chunkSize)))
      .then(() => this.finishBuild());
    return this.building.then(() => loaded);
  }

  /** The built index as JSON, for restore(); undefined while it is being built. */
  toJSON(): string | undefined {
    if (this.building) return undefined;
    const stored: StoredIndex = { format: INDEX_FORMAT, minisearch: this.index, postings: this.postings.toJSON() };
    return JSON.stringify(stored);
  }

  private startBuild(papers: PaperRecord[]) {
    for (const p of papers) this.papers.set(p.id, entryOf(p));
    this.abstracts = new Map(papers.map((p) => [p.id, p.abstract ?? '']));
  }

  private addPapers(papers: PaperRecord[], keywords: Keywords) {
    this.index.addAll(papers.map(toDoc));
    for (const p of papers) this.postings.add(p.id, outerTexts(p, keywords(p)));
  }

  /** Adds papers a chunk at a time, making each chunk's documents only when it is added. */
  private async addChunked(papers: PaperRecord[], keywords: Keywords, chunkSize: number) {
    for (let i = 0; i < papers.length; i += chunkSize) {
      if (i) await new Promise((resolve) => setTimeout(resolve, 0));
      this.addPapers(papers.slice(i, i + chunkSize), keywords);
    }
    this.postings.compact();
  }

  private finishBuild() {
    this.forgetRecent();
    this.building = undefined;
    this.abstracts = undefined;
    this.scanner = undefined;
    const pending = this.pending;
    this.pending = [];
    pending.forEach((apply) => apply());
  }

  /** Runs an index change now, or after the build if one is running (it may not hold the paper yet). */
  private change(apply: () => void) {
    if (this.building) this.pending.push(apply);
    else {
      apply();
      this.forgetRecent();
    }
  }

  private forgetRecent() {
    this.recent.clear();
    this.recentSize = 0;
  }

  set(p: PaperRecord, keywords: string[]) {
    this.papers.set(p.id, entryOf(p));
    this.abstracts?.set(p.id, p.abstract ?? '');
    this.scanner = undefined;
    this.change(() => {
      if (this.index.has(p.id)) this.index.discard(p.id);
      this.index.add(toDoc(p));
      this.postings.add(p.id, outerTexts(p, keywords));
    });
  }

  remove(id: string) {
    if (!this.papers.delete(id)) return;
    this.abstracts?.delete(id);
    this.scanner = undefined;
    this.change(() => {
      if (this.index.has(id)) this.index.discard(id);
      this.postings.remove(id);
    });
  }

  /** Letters a word being typed needs before it is searched as a prefix. */
  private get minPrefix() {
    return this.papers.size >= LARGE_LIBRARY ? 4 : 3;
  }

  /** A filter as a test of one paper. */
  private filterTest(c: Exclude<Clause, { kind: 'word' }>): (p: Entry) => boolean {
    switch (c.kind) {
      case 'tag':
        return (p) => p.tags.some((t) => foldText(t) === c.value);
      case 'author':
        return (p) => p.authors.some((name) => foldText(name).includes(c.value));
      case 'year':
        return (p) => {
          const y = Number(p.published?.slice(0, 4));
          return !!y && y >= c.range[0] && y <= c.range[1];
        };
      case 'has':
        return c.value === 'note'
          ? (p) => !!p.note.trim()
          : c.value === 'tags'
            ? (p) => p.tags.length > 0
            : c.value === 'status'
              ? (p) => !!p.status
              : (p) => p.hasAbstract;
      case 'status':
        return c.value === 'none' ? (p) => !p.status : (p) => p.status === c.value;
    }
  }

  /**
   * One query term over every field: MiniSearch's answer for title, note and tags, and the
   * postings' for authors and keywords, added up per paper as MiniSearch adds up fields.
   */
  private runTerm(spec: TermSpec, run: QueryRun): Scored {
    const key = `${spec.term}\u0000${spec.fuzzy}\u0000${spec.prefix}\u0000${spec.boost}`;
    const seen = run.leaves.get(key);
    if (seen) return seen;
    let source = run.sources.get(spec.term);
    if (source === undefined) run.sources.set(spec.term, (source = run.sources.size));
    let answer = this.recent.get(key);
    if (answer) {
      this.recent.delete(key);
      this.recentSize -= answer.scores.size;
    } else answer = this.answerTerm(spec);
    this.recent.set(key, answer);
    this.recentSize += answer.scores.size;
    for (const [old, a] of this.recent) {
      if (this.recentSize <= RECENT_PAPERS || old === key) break;
      this.recent.delete(old);
      this.recentSize -= a.scores.size;
    }
    if (answer.terms.size) run.terms.push(answer.terms);
    // Which query terms a paper matched (one bit per term of this query): MiniSearch multiplies a
    // score by how many it matched; past 31 terms they share the last bit.
    const out: Scored = { scores: answer.scores, bit: 2 ** Math.min(source, 30) };
    run.leaves.set(key, out);
    return out;
  }

  /** One query term's scores per paper, and the document terms MiniSearch matched (for highlighting). */
  private answerTerm(spec: TermSpec): TermAnswer {
    const scores = new Map<number, number>();
    // MiniSearch's matched document terms, kept as it made them: only the hits shown read them.
    const terms = new Map<number, string[]>();
    const query = { queries: [spec.term], fuzzy: spec.fuzzy, prefix: spec.prefix, ...(spec.boost !== 1 && { boostTerm: () => spec.boost }), ...AS_IS };
    for (const r of this.index.search(query as Query)) {
      const n = this.postings.numberOfId(r.id as string);
      if (n === undefined) continue;
      scores.set(n, r.score);
      terms.set(n, r.terms);
    }
    this.postings.score(spec, OUTER_BOOSTS, scores);
    return { scores, terms };
  }

  /** A typed word (its terms all, each with its swaps), as MiniSearch combined the query tree. */
  private runWord(word: string, { last, exact }: { last: boolean; exact: boolean }, run: QueryRun): Scored {
    const terms = termsOf(word);
    return and(
      terms.map((term, i) =>
        or(termSpecs(term, !exact && last && i === terms.length - 1 && term.length >= this.minPrefix, exact).map((spec) => this.runTerm(spec, run))),
      ),
    );
  }

  /**
   * The papers one word matches, by id: through the index (forgiving, as typed) or, while it
   * builds, the scan; `exact` (for a word to exclude) takes its terms as they are.
   */
  private wordIds(word: string, { last, exact, provisional }: { last: boolean; exact: boolean; provisional: boolean }): Set<string> {
    if (provisional) return new Set(this.scanHits(word, last && !exact).map((h) => h.id));
    if (!termsOf(word).length) return new Set();
    const run = newRun();
    return new Set([...this.runWord(word, { last, exact }, run).scores.keys()].map((n) => this.postings.idOf(n)));
  }

  /**
   * The papers one word matches while the index builds or loads, with their scores: from the
   * snapshot's columns when there are (`scanner`), else by reading every paper.
   */
  private scanHits(word: string, last: boolean): SearchHit[] {
    if (this.scanner) return this.scanner(word, last);
    return scanPapers(this.papers.values(), (id) => this.abstracts?.get(id) ?? '', word, BOOST);
  }

  search(input: string, { sort, limit = 50 }: { sort?: SortOrder; limit?: number } = {}): SearchResult {
    const q = parseQuery(input);
    const problems = [...q.problems];
    const lastGroup = q.groups[q.groups.length - 1];
    const lastTerm = lastGroup?.[lastGroup.length - 1];
    const isLast = (t: Term) => t === lastTerm;
    // Words no search can use ("the", "a") are named, not silently dropped.
    const groups = q.groups
      .map((g) =>
        g.filter((t) => {
          if (t.clause.kind !== 'word' || termsOf(t.clause.word).length) return true;
          problems.push(`"${t.clause.word}" is too common to search by`);
          return false;
        }),
      )
      .filter((g) => g.length);
    const hasWords = groups.some((g) => g.some((t) => t.clause.kind === 'word'));
    const provisional = !!this.building && hasWords;
    // Groups of plain words are searched together, scored (the path every keystroke takes);
    // the rest (filters, exclusions, OR with a filter) test the papers those return.
    const wordGroups = groups.filter((g) => g.every((t) => t.clause.kind === 'word' && !t.neg));
    const tests = groups.filter((g) => !wordGroups.includes(g));
    const wordOf = (t: Term) => (t.clause as { word: string }).word;
    // Candidates as parallel arrays; a hit object is made only for those returned.
    let ids: string[];
    let scores: number[];
    let termsOfHit: (i: number) => string[] = () => [];
    // Each candidate's entry looked up once, when filters or the order need it: a comparison by
    // date looking up both of its papers made the empty query (every paper, most recent first)
    // ~14 ms at 10k.
    let entries: Entry[] | undefined;
    if (!wordGroups.length) {
      entries = [...this.papers.values()];
      ids = entries.map((p) => p.id);
      scores = ids.map(() => 0);
    } else if (provisional) {
      const hits = intersect(wordGroups.map((g) => union(g.map((t) => this.scanHits(wordOf(t), isLast(t))))));
      ids = hits.map((h) => h.id);
      scores = hits.map((h) => h.score);
      termsOfHit = (i) => hits[i].terms;
    } else {
      const run = newRun();
      const found = and(wordGroups.map((g) => or(g.map((t) => this.runWord(wordOf(t), { last: isLast(t), exact: false }, run)))));
      const numbers = [...found.scores.keys()];
      ids = numbers.map((n) => this.postings.idOf(n));
      scores = numbers.map((n) => found.scores.get(n)! * bitCount(maskOf(found, n)));
      termsOfHit = (i) => [...new Set(run.terms.flatMap((leaf) => leaf.get(numbers[i]) ?? []))];
    }
    let order = ids.map((_, i) => i);
    const get = (i: number) => (entries ??= ids.map((id) => this.papers.get(id)!))[i];
    if (tests.length) {
      const checks = tests.map((g) =>
        g.map((t): ((p: Entry) => boolean) => {
          let test: (p: Entry) => boolean;
          if (t.clause.kind === 'word') {
            const matched = this.wordIds(t.clause.word, { last: isLast(t) && !t.neg, exact: t.neg, provisional });
            test = (p) => matched.has(p.id);
          } else test = this.filterTest(t.clause);
          return t.neg ? (p) => !test(p) : test;
        }),
      );
      order = order.filter((i) => {
        const p = get(i);
        return checks.every((g) => g.some((test) => test(p)));
      });
    }
    const sortBy = sort ?? (wordGroups.length ? 'relevance' : 'recent');
    // Equal scores by id: otherwise their order is the index's internal one, which differs
    // between a built index and the same index loaded from storage.
    const byId = (a: number, b: number) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0);
    const compare =
      sortBy === 'relevance'
        ? (a: number, b: number) => scores[b] - scores[a] || byId(a, b)
        : sortBy === 'recent'
          ? (a: number, b: number) => get(b).savedAt - get(a).savedAt
          : sortBy === 'title'
            ? (a: number, b: number) => normalizeTitle(get(a).title).localeCompare(normalizeTitle(get(b).title))
            : sortBy === 'year'
              ? (a: number, b: number) => (get(b).published ?? '').localeCompare(get(a).published ?? '')
              : (a: number, b: number) => statusRank(get(a)) - statusRank(get(b)) || (get(b).statusAt ?? 0) - (get(a).statusAt ?? 0);
    const hits = firstOf(order, limit, compare).map((i) => ({ id: ids[i], score: scores[i], terms: termsOfHit(i) }));
    return { total: order.length, hits, ...(provisional && { provisional }), ...(problems.length && { problems }) };
  }
}

/** What a stored index is (toJSON): MiniSearch's part and the postings', under one format. */
interface StoredIndex {
  format: string;
  minisearch: MiniSearch<Doc> | Parameters<typeof MiniSearch.loadJS>[0];
  postings: PostingsJSON;
}

function parseStored(json: string) {
  const parsed = JSON.parse(json) as StoredIndex | null;
  if (parsed?.format !== INDEX_FORMAT) throw new Error('it was stored under another format');
  return { minisearch: parsed.minisearch as Parameters<typeof MiniSearch.loadJS>[0], postings: parsed.postings };
}

/** A stored index (LibrarySearch.toJSON) loaded in one go, as restore() does in steps: for measuring it. */
export function loadStoredIndex(json: string) {
  const parsed = parseStored(json);
  return { index: MiniSearch.loadJS<Doc>(parsed.minisearch, INDEX_OPTIONS), postings: TermPostings.fromJSON(parsed.postings, [...OUTER_FIELDS], processTerm) };
}

/**
 * Per paper number: the summed score, and a bit per query term matched (`bit` for all of them
 * when one query term scored them all, as most do: no second map per term).
 */
interface Scored {
  scores: Map<number, number>;
  masks?: Map<number, number>;
  bit?: number;
}

const maskOf = (s: Scored, n: number) => s.bit ?? s.masks!.get(n)!;

/** One query term's answer: score and MiniSearch's matched document terms per paper number. */
interface TermAnswer {
  scores: Map<number, number>;
  terms: Map<number, string[]>;
}

/** How many papers the kept query-term answers may hold together (~3 MB at most). */
const RECENT_PAPERS = 100_000;

/** One search's query terms already run, and per term the document terms MiniSearch matched (for highlighting). */
interface QueryRun {
  leaves: Map<string, Scored>;
  sources: Map<string, number>;
  terms: Array<Map<number, string[]>>;
}

const newRun = (): QueryRun => ({ leaves: new Map(), sources: new Map(), terms: [] });

function bitCount(mask: number): number {
  let n = 0;
  for (let m = mask; m; m = Math.floor(m / 2)) n += m % 2;
  return n || 1;
}

const NOTHING: Scored = { scores: new Map(), bit: 0 };

/** MiniSearch's OR: every paper any part matched, scores added. */
function or(all: Scored[]): Scored {
  // Most parts are a typed word's swaps, which match nothing.
  const parts = all.filter((p) => p.scores.size);
  if (parts.length <= 1) return parts[0] ?? NOTHING;
  const scores = new Map<number, number>();
  const masks = new Map<number, number>();
  for (const p of parts)
    for (const [n, s] of p.scores) {
      scores.set(n, (scores.get(n) ?? 0) + s);
      masks.set(n, (masks.get(n) ?? 0) | maskOf(p, n));
    }
  return { scores, masks };
}

/** MiniSearch's AND: the papers every part matched, scores added. */
function and(parts: Scored[]): Scored {
  if (parts.length === 1) return parts[0];
  if (!parts.length) return NOTHING;
  const [smallest, ...rest] = [...parts].sort((a, b) => a.scores.size - b.scores.size);
  const scores = new Map<number, number>();
  const masks = new Map<number, number>();
  outer: for (const [n, s] of smallest.scores) {
    let score = s;
    let mask = maskOf(smallest, n);
    for (const p of rest) {
      const t = p.scores.get(n);
      if (t === undefined) continue outer;
      score += t;
      mask |= maskOf(p, n);
    }
    scores.set(n, score);
    masks.set(n, mask);
  }
  return { scores, masks };
}

/**
 * The first `limit` of `items` in `compare`'s order, as a stable sort would give them, without
 * sorting them all: a 4-letter prefix matches ~18k papers at 50k, and 50 are shown.
 */
export function firstOf(items: number[], limit: number, compare: (a: number, b: number) => number): number[] {
  if (items.length <= limit * 4) return [...items].sort((a, b) => compare(a, b) || a - b).slice(0, limit);
  const before = (a: number, b: number) => (compare(a, b) || a - b) < 0;
  const best: number[] = [];
  for (const x of items) {
    if (best.length >= limit && !before(x, best[best.length - 1])) continue;
    // Binary search: papers listed in the order asked for (most recent last saved) each go first.
    let lo = 0;
    let hi = best.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(best[mid], x)) lo = mid + 1;
      else hi = mid;
    }
    best.splice(lo, 0, x);
    if (best.length > limit) best.pop();
  }
  return best;
}

/** Reading first, then to read, then read, then papers without a status. */
const STATUS_ORDER: Record<string, number> = { reading: 0, 'to-read': 1, read: 2 };
const statusRank = (p: Entry) => (p.status ? STATUS_ORDER[p.status] : 3);

/** Subqueries carry terms already processed: MiniSearch must not split or fold them again. */
const AS_IS = { tokenize: (s: string) => [s], processTerm: (s: string) => s };

const SPLIT = /[\n\r\p{Z}\p{P}]+/u;

/** A typed word as index terms ("KV-cache" → kv, cache), stopwords dropped. */
function termsOf(word: string): string[] {
  return word.split(SPLIT).flatMap((w) => processTerm(w) ?? []);
}

/** Every string one swap of neighbouring letters away ("translatoin" → "translation", …). */
export function transpositions(term: string): string[] {
  const out = new Set<string>();
  for (let i = 0; i + 1 < term.length; i++) {
    if (term[i] === term[i + 1]) continue;
    out.add(term.slice(0, i) + term[i + 1] + term[i] + term.slice(i + 2));
  }
  return [...out];
}

/**
 * One typed term, forgiven as a person expects: one edit (insert, delete, replace) from 4
 * letters, one swap of neighbouring letters from 3 (MiniSearch's fuzzy search is Levenshtein,
 * where a swap costs two edits; the swaps are looked up exactly, so they cost little), and a
 * prefix when it is the word being typed (swaps as prefixes only from 5 letters: a swapped
 * 3-4 letter prefix expands to hundreds of terms on every keystroke). Swapped and fuzzy matches
 * weigh less than exact ones.
 */
function termSpecs(term: string, prefix: boolean, exact: boolean): TermSpec[] {
  if (exact) return [{ term, fuzzy: false, prefix: false, boost: 1 }];
  const typed: TermSpec = { term, fuzzy: term.length >= 4 ? 1 : false, prefix, boost: 1 };
  const swaps = term.length >= 3 ? transpositions(term) : [];
  return [typed, ...swaps.map((swap) => ({ term: swap, fuzzy: false as const, prefix: prefix && term.length >= 5, boost: SWAP_WEIGHT }))];
}

/** MiniSearch's own weight for a fuzzy match. */
const SWAP_WEIGHT = 0.45;

function union(lists: SearchHit[][]): SearchHit[] {
  const out = new Map<string, SearchHit>();
  for (const list of lists)
    for (const h of list) {
      const seen = out.get(h.id);
      out.set(h.id, seen ? { id: h.id, score: seen.score + h.score, terms: [...new Set([...seen.terms, ...h.terms])] } : h);
    }
  return [...out.values()];
}

function intersect(lists: SearchHit[][]): SearchHit[] {
  let acc = new Map(lists[0].map((h) => [h.id, h]));
  for (const list of lists.slice(1)) {
    const next = new Map<string, SearchHit>();
    for (const h of list) {
      const seen = acc.get(h.id);
      if (seen) next.set(h.id, { id: h.id, score: seen.score + h.score, terms: [...new Set([...seen.terms, ...h.terms])] });
    }
    acc = next;
  }
  return [...acc.values()];
}

/**
 * Splits text into plain and highlighted runs where words start with a matched term. Terms are
 * folded (lib/search/fold.ts), so the text is matched folded too ("jager" marks "Jäger"), and
 * the runs are cut from the original text.
 */
export function highlight(text: string, terms: string[]): Array<{ text: string; hit: boolean }> {
  const words = [...new Set(terms.filter((t) => t.length > 1))].sort((a, b) => b.length - a.length);
  if (!words.length || !text) return [{ text, hit: false }];
  // The folded text, and for each of its characters the index of the original one it came from.
  let folded = '';
  const from: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const f = foldText(text[i]);
    folded += f;
    for (let j = 0; j < f.length; j++) from.push(i);
  }
  from.push(text.length);
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(${escaped.join('|')})[\\p{L}\\p{N}]*`, 'gu');
  const out: Array<{ text: string; hit: boolean }> = [];
  let last = 0;
  for (const m of folded.matchAll(re)) {
    const start = from[m.index!];
    // A word ends after the last original character any of its folded ones came from, combining marks included.
    let end = from[m.index! + m[0].length];
    while (end < text.length && /\p{M}/u.test(text[end])) end++;
    if (start > last) out.push({ text: text.slice(last, start), hit: false });
    out.push({ text: text.slice(start, end), hit: true });
    last = end;
  }
  if (last < text.length) out.push({ text: text.slice(last), hit: false });
  return out;
}
