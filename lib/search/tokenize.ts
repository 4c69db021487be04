/**
 * The one tokenizer of Gloss's search and related-papers engine: lower-cased words and numbers,
 * English and boilerplate-academic stopwords dropped, plurals folded ("models" → "model") so a
 * note that says "KV caches" meets an abstract that says "KV cache".
 */
import { foldText } from './fold';

const STOPWORDS = new Set(
  `a about above after again against all also am an and any are as at be been before being below between both but by
can could did do does doing done down during each either et etc few for from further had has have having he her here
hers him his how however i if in into is it its itself just may me might more most much must my no nor not of off on
once only or other our ours out over own per same she should so some such than that the their theirs them then there
these they this those through thus to too under until up upon us very via was we were what when where whether which
while who whom why will with within without would yet you your
paper propose proposed proposes present presents show shows shown study studies approach approaches method methods
result results novel new based using use used uses work works introduce introduces existing demonstrate demonstrates
significantly significant furthermore moreover across achieve achieves able well first two three one many several
various including include includes extensive experiments experiment experimental outperform outperforms state art
code available https github com www org`.split(/\s+/),
);

/** Folds a plural to its singular, conservatively: only endings that are almost always plurals. */
export function fold(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (/(ss|us|is|ous|sis)$/.test(word)) return word;
  if (/(ches|shes|xes|sses)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s')) return word.slice(0, -1);
  return word;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Search terms of a text, in order, duplicates kept (term frequency counts them). */
export function tokenize(text: string | undefined | null): string[] {
  if (!text) return [];
  const out: string[] = [];
  for (const m of text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .matchAll(WORD)) {
    const w = m[0];
    if (w.length < 2 || w.length > 40 || STOPWORDS.has(w) || /^\d+$/.test(w)) continue;
    out.push(fold(w));
  }
  return out;
}

/**
 * MiniSearch's per-term processing, at index and query time alike: the same folding, accents
 * too ("Möbius", "Mo\u0308bius" and "Mobius" are one term), stopwords dropped.
 */
export function processTerm(term: string): string | null {
  const w = foldText(term);
  if (w.length < 2 || STOPWORDS.has(w)) return null;
  return fold(w);
}
