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
 */
import MiniSearch, { type Options, type Query } from 'minisearch';
import { normalizeTitle } from '../core/ids';
import type { PaperRecord } from '../core/types';
import { foldText } from './fold';
import { parseQuery, type Clause, type Term } from './query';
import { scanPapers } from './scan';
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

interface Doc {
  id: string;
  title: string;
  authors: string;
  keywords: string;
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

const toDoc = (p: PaperRecord, keywords: string[]): Doc => ({
  id: p.id,
  title: p.title,
  authors: p.authors.join(' '),
  keywords: indexKeywords(p, keywords).join(' '),
  note: p.note,
  tags: p.tags.join(' '),
});

/**
 * From this many papers a prefix needs 4 letters, not 3: a 3-letter prefix expands to hundreds of
 * terms and tens of thousands of postings at 50k papers, the keystroke p95 (bench/README.md).
 */
export const LARGE_LIBRARY = 20_000;

/**
 * What a stored index must have been built under to be loaded: the fields, the term processing
 * and the keyword rule. Changing any of them must change this, so an old stored index is rebuilt.
 */
export const INDEX_FORMAT = `minisearch-7/title,authors,keywords,note,tags/keywords-${INDEX_KEYWORDS}/v1`;

export const BOOST = { title: 3, tags: 2.5, note: 2, authors: 2, keywords: 1 };

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
  fields: ['title', 'authors', 'keywords', 'note', 'tags'],
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
  private readonly papers = new Map<string, Entry>();
  /** Abstracts for the scan, kept only while the index is being built. */
  private abstracts?: Map<string, string>;
  /** Set while the index is built in the background; writes meanwhile wait in `pending`. */
  private building?: Promise<void>;
  private pending: Array<() => void> = [];
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
    this.index.addAll(papers.map((p) => toDoc(p, keywords(p))));
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
        const index = await MiniSearch.loadJSONAsync<Doc>(json, INDEX_OPTIONS);
        if (index.documentCount !== papers.length || !papers.every((p) => index.has(p.id))) {
          throw new Error(`it holds ${index.documentCount} papers, not the ${papers.length} of the snapshot`);
        }
        this.index = index;
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
    return this.building ? undefined : JSON.stringify(this.index);
  }

  private startBuild(papers: PaperRecord[]) {
    for (const p of papers) this.papers.set(p.id, entryOf(p));
    this.abstracts = new Map(papers.map((p) => [p.id, p.abstract ?? '']));
  }

  /** Adds papers a chunk at a time, making each chunk's documents only when it is added. */
  private async addChunked(papers: PaperRecord[], keywords: Keywords, chunkSize: number) {
    for (let i = 0; i < papers.length; i += chunkSize) {
      if (i) await new Promise((resolve) => setTimeout(resolve, 0));
      this.index.addAll(papers.slice(i, i + chunkSize).map((p) => toDoc(p, keywords(p))));
    }
  }

  private finishBuild() {
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
    else apply();
  }

  set(p: PaperRecord, keywords: string[]) {
    this.papers.set(p.id, entryOf(p));
    this.abstracts?.set(p.id, p.abstract ?? '');
    this.scanner = undefined;
    this.change(() => {
      if (this.index.has(p.id)) this.index.discard(p.id);
      this.index.add(toDoc(p, keywords));
    });
  }

  remove(id: string) {
    if (!this.papers.delete(id)) return;
    this.abstracts?.delete(id);
    this.scanner = undefined;
    this.change(() => this.index.has(id) && this.index.discard(id));
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
   * The papers one word matches, with scores: through the index (forgiving, as typed) or, while
   * it builds, the scan; `exact` (for a word to exclude) takes its terms as they are.
   */
  private wordHits(word: string, { last, exact, provisional }: { last: boolean; exact: boolean; provisional: boolean }): SearchHit[] {
    if (provisional && this.scanner) return this.scanner(word, last && !exact);
    if (provisional) return scanPapers(this.papers.values(), (id) => this.abstracts?.get(id) ?? '', word, BOOST);
    const terms = termsOf(word);
    if (!terms.length) return [];
    const query = exact ? { queries: terms, combineWith: 'AND', fuzzy: false, prefix: false, ...AS_IS } : wordQuery(terms, last, this.minPrefix);
    return this.index.search(query as Query).map((r) => ({ id: r.id as string, score: r.score, terms: r.terms }));
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
    // Groups of plain words go to the index as one query (the fast path every keystroke takes);
    // the rest (filters, exclusions, OR with a filter) test the papers it returns.
    const wordGroups = groups.filter((g) => g.every((t) => t.clause.kind === 'word' && !t.neg));
    const tests = groups.filter((g) => !wordGroups.includes(g));
    let hits: SearchHit[];
    if (!wordGroups.length) {
      hits = [...this.papers.values()].map((p) => ({ id: p.id, score: 0, terms: [] }));
    } else if (provisional) {
      hits = intersect(
        wordGroups.map((g) => union(g.map((t) => this.wordHits((t.clause as { word: string }).word, { last: isLast(t), exact: false, provisional })))),
      );
    } else {
      const query = {
        combineWith: 'AND',
        queries: wordGroups.map((g) => ({
          combineWith: 'OR',
          queries: g.map((t) => wordQuery(termsOf((t.clause as { word: string }).word), isLast(t), this.minPrefix)),
        })),
      };
      hits = this.index.search(query as Query).map((r) => ({ id: r.id as string, score: r.score, terms: r.terms }));
    }
    if (tests.length) {
      const checks = tests.map((g) =>
        g.map((t): ((p: Entry) => boolean) => {
          let test: (p: Entry) => boolean;
          if (t.clause.kind === 'word') {
            const ids = new Set(this.wordHits(t.clause.word, { last: isLast(t) && !t.neg, exact: t.neg, provisional }).map((h) => h.id));
            test = (p) => ids.has(p.id);
          } else test = this.filterTest(t.clause);
          return t.neg ? (p) => !test(p) : test;
        }),
      );
      hits = hits.filter((h) => {
        const p = this.papers.get(h.id)!;
        return checks.every((g) => g.some((test) => test(p)));
      });
    }
    const order = sort ?? (wordGroups.length ? 'relevance' : 'recent');
    const get = (id: string) => this.papers.get(id)!;
    // Equal scores by id: otherwise their order is the index's internal one, which differs
    // between a built index and the same index loaded from storage.
    if (order === 'relevance') hits.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    else if (order === 'recent') hits.sort((a, b) => get(b.id).savedAt - get(a.id).savedAt);
    else if (order === 'title') hits.sort((a, b) => normalizeTitle(get(a.id).title).localeCompare(normalizeTitle(get(b.id).title)));
    else if (order === 'year') hits.sort((a, b) => (get(b.id).published ?? '').localeCompare(get(a.id).published ?? ''));
    else if (order === 'status') hits.sort((a, b) => statusRank(get(a.id)) - statusRank(get(b.id)) || (get(b.id).statusAt ?? 0) - (get(a.id).statusAt ?? 0));
    return { total: hits.length, hits: hits.slice(0, limit), ...(provisional && { provisional }), ...(problems.length && { problems }) };
  }
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
function termQuery(term: string, prefix: boolean) {
  const typed = { queries: [term], combineWith: 'OR', fuzzy: term.length >= 4 ? 1 : false, prefix, ...AS_IS };
  const swaps = term.length >= 3 ? transpositions(term) : [];
  if (!swaps.length) return typed;
  return {
    combineWith: 'OR',
    queries: [typed, { queries: swaps, combineWith: 'OR', fuzzy: false, prefix: prefix && term.length >= 5, boostTerm: () => SWAP_WEIGHT, ...AS_IS }],
  };
}

/** MiniSearch's own weight for a fuzzy match. */
const SWAP_WEIGHT = 0.45;

/** A typed word: all its terms; the last term of the word being typed is a prefix (from `minPrefix` letters). */
function wordQuery(terms: string[], last: boolean, minPrefix: number) {
  return { combineWith: 'AND', queries: terms.map((t, i) => termQuery(t, last && i === terms.length - 1 && t.length >= minPrefix)) };
}

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
