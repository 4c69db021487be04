/**
 * How much a BibTeX file's @string macros expand, measured before the file is parsed.
 *
 * The parser (@retorquere/bibtex-parser) joins a macro's parts into one string as soon as it is
 * defined and then converts every @string and every field from LaTeX, at roughly 5–20 µs per
 * character. Macros that double each other (`@string{a1 = a0 # a0}`, `a2 = a1 # a1`, …) make a
 * 1 KB file ask for 2^40 characters: the page froze for half a minute, then ran out of string
 * length. This scan walks the file the way the parser does (same grammar, same error recovery),
 * adding up lengths instead of building strings, so it costs one pass over the text.
 */
import { ImportError } from './types';

/**
 * Largest value one @string (or one field built from them) may expand to. Real macros are
 * journal, publisher and month names, tens of characters; 20,000 is four long abstracts. The
 * parser's time per character grows with a value's length: one of 65,000 took 1–4 s here.
 */
export const MAX_STRING_CHARS = 20_000;
/**
 * Characters @string references may add to a file, all together: this many, or as many as the
 * file has if that is more, so expansion at most doubles the parse (250,000 added characters
 * took ~3 s here). A library of 10,000 entries that each name a journal by macro adds ~600,000,
 * and its file is several MB, so it passes.
 */
export const MIN_EXPANSION_BUDGET = 250_000;
/** The parser's own macros: months become "01"…"12"; its journal names (ACM's) are shorter than 64. */
const MONTHS = /^(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(tember)?|oct(ober)?|nov(ember)?|dec(ember)?)$/i;
const BUILT_IN_CHARS = 64;

const fmt = (n: number) => n.toLocaleString('en');

class Malformed extends Error {}

const isKeyChar = (c: string) => /[+'a-zA-Z0-9&;_:\\./-]/.test(c) || /[\p{Lu}\p{Lt}\p{Ll}\p{Lm}\p{Lo}]/u.test(c);

class Scan {
  private pos = 0;
  private expanded = 0;
  private readonly strings = new Map<string, number>();
  private parsing = '';
  private readonly budget: number;

  constructor(private readonly input: string) {
    this.budget = Math.max(MIN_EXPANSION_BUDGET, input.length);
  }

  run() {
    while (this.pos < this.input.length) this.next();
  }

  private line(at: number) {
    let n = 1;
    for (let i = this.input.indexOf('\n'); i !== -1 && i < at; i = this.input.indexOf('\n', i + 1)) n++;
    return `line ${n}`;
  }

  private skipWhitespace() {
    const s = this.input;
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (c === '%') while (this.pos < s.length && s[this.pos] !== '\n') this.pos++;
      else if (c === ' ' || c === '\t' || c === '\r' || c === '\n') this.pos++;
      else return;
    }
  }

  private tryMatch(token: string, consume = false) {
    this.skipWhitespace();
    const found = this.input.startsWith(token, this.pos);
    if (found && consume) this.pos += token.length;
    return found;
  }

  private match(token: string, skipAfter = true) {
    this.skipWhitespace();
    if (!this.input.startsWith(token, this.pos)) throw new Malformed();
    this.pos += token.length;
    if (skipAfter) this.skipWhitespace();
  }

  private key(allow = '') {
    const start = this.pos;
    while (true) {
      if (this.pos === this.input.length) throw new Malformed();
      const c = this.input[this.pos];
      if (isKeyChar(c) || allow.includes(c)) this.pos++;
      else return this.input.substring(start, this.pos);
    }
  }

  /** Length of a `{…}` value. */
  private braces() {
    this.match('{', false);
    const start = this.pos;
    let depth = 0;
    let math = false;
    while (true) {
      const c = this.input[this.pos];
      if (c === '\\') this.pos++;
      else if (c === '{') depth++;
      else if (c === '}') {
        if (depth === 0) {
          if (math) throw new Malformed();
          this.pos++;
          return this.pos - 1 - start;
        }
        depth--;
      } else if (c === '$') math = !math;
      this.pos++;
      if (this.pos >= this.input.length) throw new Malformed();
    }
  }

  /** Length of a `"…"` value. */
  private quotes() {
    this.match('"', false);
    const start = this.pos;
    let depth = 0;
    while (true) {
      const c = this.input[this.pos];
      if (c === '\\') this.pos++;
      else if (c === '{') depth++;
      else if (c === '}') depth--;
      else if (c === '"' && depth <= 0) {
        this.pos++;
        return this.pos - 1 - start;
      }
      this.pos++;
      if (this.pos >= this.input.length) throw new Malformed();
    }
  }

  private single() {
    if (this.tryMatch('{')) return this.braces();
    if (this.tryMatch('"')) return this.quotes();
    const at = this.pos;
    const bare = this.key();
    if (/^\d+$/.test(bare)) return bare.length;
    const length = this.strings.get(bare.toUpperCase()) || (MONTHS.test(bare) ? 2 : BUILT_IN_CHARS);
    this.expanded += length;
    if (this.expanded > this.budget) {
      throw new ImportError(
        `@string references (here "${bare}") make this file more than ${fmt(this.budget)} characters longer; Gloss reads at most that much expansion`,
        this.line(at),
      );
    }
    return length;
  }

  /** Length of a value, and whether it names a macro. */
  private value() {
    const before = this.expanded;
    let length = this.single();
    while (this.tryMatch('#')) {
      this.match('#');
      length += this.single();
    }
    return { length, expands: this.expanded > before };
  }

  private keyEqualsValue(given?: string) {
    const at = this.pos;
    const key = given || this.key();
    if (!key) return;
    if (!this.tryMatch('=')) throw new Malformed();
    this.match('=');
    const isString = this.parsing === 'string';
    const length = this.limited(isString ? `@string "${key}"` : `the field "${key}" (built from @string macros)`, at, isString);
    if (isString) this.strings.set(key.toUpperCase(), length);
  }

  /**
   * A value's length, refused past MAX_STRING_CHARS if it is a macro, or if macros built it: the
   * parser's time per character grows with a value's length, and no field Gloss keeps is this long.
   */
  private limited(what: string, at: number, always: boolean) {
    const { length, expands } = this.value();
    if (length > MAX_STRING_CHARS && (always || expands)) {
      throw new ImportError(
        `${what} expands to ${fmt(length)} characters; Gloss reads @string values up to ${fmt(MAX_STRING_CHARS)} (does it repeat another @string many times over?)`,
        this.line(at),
      );
    }
    return length;
  }

  private entry(guard: string) {
    if (this.tryMatch(guard)) return;
    const key = this.tryMatch(',') ? '' : this.key('[]*"');
    if (this.tryMatch('=')) this.keyEqualsValue(key);
    this.tryMatch(',', true);
    if (this.tryMatch(guard)) return;
    this.keyEqualsValue();
    while (this.tryMatch(',', true)) {
      if (this.tryMatch(guard)) return;
      this.keyEqualsValue();
    }
  }

  private guard() {
    for (const [open, close] of [
      ['{', '}'],
      ['(', ')'],
    ]) {
      if (this.tryMatch(open)) {
        this.match(open);
        return close;
      }
    }
    throw new Malformed();
  }

  private comment() {
    while (this.input[this.pos] === ' ' || this.input[this.pos] === '\t') this.pos++;
    if (this.input[this.pos] === '{') this.braces();
    else while (this.pos < this.input.length && this.input[this.pos] !== '\n') this.pos++;
  }

  private next() {
    this.skipWhitespace();
    while (this.pos < this.input.length && this.input[this.pos] !== '@') {
      if (this.input[this.pos] === '%') while (this.pos < this.input.length && this.input[this.pos] !== '\n') this.pos++;
      else this.pos++;
    }
    if (this.pos >= this.input.length) return;
    const start = this.pos;
    try {
      this.match('@');
      const directive = (this.parsing = this.key().toLowerCase());
      if (directive === 'string') {
        const close = this.guard();
        this.keyEqualsValue();
        this.match(close);
      } else if (directive === 'preamble') {
        this.limited('the @preamble (built from @string macros)', start, false);
      } else if (directive === 'comment') {
        this.comment();
      } else {
        const close = this.guard();
        this.entry(close);
        this.match(close);
      }
    } catch (err) {
      if (!(err instanceof Malformed)) throw err;
      // As the parser recovers (it reports the error itself): skip to the next "@".
      this.pos = start + 1;
      while (this.pos < this.input.length && this.input[this.pos] !== '@') this.pos++;
    }
  }
}

/** Throws an ImportError naming the @string and line when the file's macros expand too far. */
export function checkBibtexExpansion(source: string): void {
  new Scan(source).run();
}
