/**
 * Turning untrusted text (titles, names, notes from web pages and imported files) into BibTeX
 * field values that BibTeX and LaTeX read as text and nothing else.
 *
 * Two readers must both be defeated. BibTeX counts every `{` and `}`, backslash or not, to find
 * where a field ends; so a value must be brace-balanced in that naive count, which rules out
 * `\{` for a lone brace. LaTeX later runs the value as code; so the only control sequences that
 * may reach it are the escapes below and, inside `$…$`, a whitelist of math macros that typeset
 * and do nothing else. Everything else — `\input`, `\write`, `\catcode`, `\def`, … and any macro
 * we have not thought about — is written as text with `\textbackslash`.
 */

/**
 * Math macros kept in `$…$`. Each only typesets: no file, terminal or definition access, and no
 * argument that is read other than as more math (which is checked by the same rules). A name not
 * here makes the whole span text, so adding one is the only way to widen what passes.
 */
export const SAFE_MATH_MACROS: ReadonlySet<string> = new Set(
  [
    // Greek
    'alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi omega',
    'Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega',
    // letters and symbols
    'ell hbar infty partial nabla emptyset varnothing forall exists neg prime top bot dagger',
    // binary operators and relations
    'cdot cdots ldots dots vdots ddots times div pm mp ast star circ bullet oplus otimes odot cup cap setminus wedge vee land lor',
    'leq le geq ge neq ne approx sim simeq cong equiv propto ll gg in notin ni subset subseteq supset supseteq mid nmid parallel perp',
    'to rightarrow leftarrow leftrightarrow Rightarrow Leftarrow Leftrightarrow mapsto gets implies iff',
    // operators
    'sum prod int oint log ln exp sin cos tan sinh cosh tanh max min arg sup inf lim limsup liminf det dim ker Pr deg gcd',
    // delimiters and sizes
    'langle rangle lfloor rfloor lceil rceil vert Vert lbrace rbrace left right big Big bigg Bigg bigl bigr Bigl Bigr',
    // accents and structures
    'hat tilde bar vec dot ddot widehat widetilde overline underline sqrt frac tfrac dfrac binom',
    // alphabets
    'mathcal mathbb mathbf mathrm mathit mathsf mathtt mathfrak boldsymbol operatorname',
    'quad qquad',
  ]
    .join(' ')
    .split(' '),
);

/** `\,` `\;` `\{` and the like: one-character control symbols that only typeset. */
const SAFE_MATH_SYMBOLS = new Set([',', ';', ':', '!', ' ', '|', '{', '}', '%', '&', '#', '_']);

/** Printable ASCII that means nothing beyond itself in math. Not `~` `"` `@` `$` or controls. */
const MATH_CHAR = /[A-Za-z0-9 +\-*/=<>()[\]|.,;:!?'^_]/;

/** Whether `$content$` is math we can hand to LaTeX as it is. */
export function isSafeMath(content: string): boolean {
  // One stack for `{…}` groups and `\{…\}` delimiters: BibTeX counts both kinds as braces and
  // LaTeX only the first, so only properly nested pairs of each satisfy both.
  const open: string[] = [];
  for (let i = 0; i < content.length; i++) {
    const c = content[i];
    if (c === '\\') {
      const name = /^[A-Za-z]+/.exec(content.slice(i + 1))?.[0];
      if (name) {
        if (!SAFE_MATH_MACROS.has(name)) return false;
        i += name.length;
        continue;
      }
      const sym = content[i + 1];
      // A trailing backslash would swallow the closing `$`.
      if (sym === undefined || !SAFE_MATH_SYMBOLS.has(sym)) return false;
      if (sym === '{') open.push('\\{');
      if (sym === '}' && open.pop() !== '\\{') return false;
      i += 1;
      continue;
    }
    if (c === '{') open.push('{');
    else if (c === '}') {
      if (open.pop() !== '{') return false;
    } else if (c === '^' && content[i + 1] === '^') {
      // `^^5c` is TeX's spelling of a backslash, read before any macro sees it.
      return false;
    } else if (!MATH_CHAR.test(c)) return false;
  }
  return open.length === 0 && !/[\^_]\s*$/.test(content);
}

/**
 * Letter-named escapes are braced (`{\textbackslash}`) so BibTeX treats each as one "special
 * character": case changes leave the name alone and truncation (alpha labels) cannot split it.
 * Braces become text symbols, never `\{`, so the naive brace count always balances.
 */
const TEX_SPECIAL: Record<string, string> = {
  '\\': '{\\textbackslash}',
  '{': '{\\textbraceleft}',
  '}': '{\\textbraceright}',
  $: '\\$',
  '&': '\\&',
  '%': '\\%',
  '#': '\\#',
  _: '\\_',
  '~': '{\\textasciitilde}',
  '^': '{\\textasciicircum}',
  // In TeX's default font encoding `<` and `>` print as ¡ and ¿.
  '<': '{\\textless}',
  '>': '{\\textgreater}',
};

/**
 * Accents BibTeX and pdfLaTeX both understand, by combining mark. Written braced (`{\"u}`,
 * `{\c{c}}`): BibTeX then counts each as one character when it abbreviates or sorts a name.
 */
const ACCENT_SYMBOLS: Record<string, string> = { '\u0300': '`', '\u0301': "'", '\u0302': '^', '\u0303': '~', '\u0304': '=', '\u0307': '.', '\u0308': '"' };
const ACCENT_LETTERS: Record<string, string> = {
  '\u0306': 'u',
  '\u030c': 'v',
  '\u030b': 'H',
  '\u0327': 'c',
  '\u0328': 'k',
  '\u030a': 'r',
  '\u0323': 'd',
  '\u0331': 'b',
};
/** Letters pdfLaTeX's T1/OT1 text fonts spell with a macro. */
const LETTER_MACROS: Record<string, string> = { ß: 'ss', ø: 'o', Ø: 'O', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', å: 'aa', Å: 'AA', ł: 'l', Ł: 'L', ı: 'i', ȷ: 'j' };
/** Greek letters as math; Greek capitals that look Latin are Latin letters in LaTeX. */
const GREEK: Record<string, string> = {
  α: 'alpha',
  β: 'beta',
  γ: 'gamma',
  δ: 'delta',
  ε: 'epsilon',
  ϵ: 'epsilon',
  ζ: 'zeta',
  η: 'eta',
  θ: 'theta',
  ϑ: 'vartheta',
  ι: 'iota',
  κ: 'kappa',
  λ: 'lambda',
  μ: 'mu',
  µ: 'mu',
  ν: 'nu',
  ξ: 'xi',
  π: 'pi',
  ρ: 'rho',
  σ: 'sigma',
  ς: 'varsigma',
  τ: 'tau',
  υ: 'upsilon',
  φ: 'phi',
  ϕ: 'phi',
  χ: 'chi',
  ψ: 'psi',
  ω: 'omega',
  Γ: 'Gamma',
  Δ: 'Delta',
  Θ: 'Theta',
  Λ: 'Lambda',
  Ξ: 'Xi',
  Π: 'Pi',
  Σ: 'Sigma',
  Υ: 'Upsilon',
  Φ: 'Phi',
  Ψ: 'Psi',
  Ω: 'Omega',
};
const GREEK_LATIN: Record<string, string> = { Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Χ: 'X', ο: 'o' };
/** Symbols pdfLaTeX has no glyph for as text, written as math it has. */
const MATH_SYMBOL: Record<string, string> = {
  '×': 'times',
  '≤': 'leq',
  '≥': 'geq',
  '≠': 'neq',
  '≈': 'approx',
  '∼': 'sim',
  '→': 'rightarrow',
  '←': 'leftarrow',
  '↔': 'leftrightarrow',
  '⇒': 'Rightarrow',
  '∞': 'infty',
  '±': 'pm',
  '∓': 'mp',
  '·': 'cdot',
  '∈': 'in',
  '∑': 'sum',
  '∏': 'prod',
  '∫': 'int',
  '∂': 'partial',
  '∇': 'nabla',
  '⊂': 'subset',
  '⊆': 'subseteq',
  '∪': 'cup',
  '∩': 'cap',
  '∀': 'forall',
  '∃': 'exists',
  '∅': 'emptyset',
  ℓ: 'ell',
  '⋅': 'cdot',
  '∘': 'circ',
  '⊕': 'oplus',
  '⊗': 'otimes',
};
/** Punctuation as TeX's own ligatures, which every font has. */
const PUNCTUATION: Record<string, string> = {
  '–': '--',
  '—': '---',
  '‘': '`',
  '’': "'",
  '“': '``',
  '”': "''",
  '\u00a0': '~',
  '…': '...',
  '′': "'",
  '−': '-',
  '\u2009': ' ',
  '\u202f': ' ',
  '\u2002': ' ',
  '\u2003': ' ',
};

/** The control sequences escaping itself writes; with SAFE_MATH_MACROS, all an export may hold. */
export const ESCAPE_MACROS: ReadonlySet<string> = new Set([
  'textbackslash',
  'textbraceleft',
  'textbraceright',
  'textasciitilde',
  'textasciicircum',
  'textless',
  'textgreater',
  ...Object.values(ACCENT_LETTERS),
  ...Object.values(LETTER_MACROS),
]);
/** One-character control symbols escaping writes in text: specials and accents. */
export const ESCAPE_SYMBOLS: ReadonlySet<string> = new Set(['$', '&', '%', '#', '_', ...Object.values(ACCENT_SYMBOLS)]);

/**
 * One character as pdfLaTeX (with its default OT1/T1 fonts and UTF-8 input) can typeset it, and
 * BibTeX can sort and abbreviate it: ASCII as is, accented Latin letters as accent macros, Greek
 * and symbols as math. Characters with no such spelling (CJK, emoji) stay as they are, for
 * XeLaTeX and LuaLaTeX, which read them.
 */
function texChar(c: string, inMath: boolean): string {
  if (c.length === 1 && c <= '\u007f') return c;
  if (PUNCTUATION[c]) return PUNCTUATION[c];
  if (LETTER_MACROS[c]) return `{\\${LETTER_MACROS[c]}}`;
  if (GREEK_LATIN[c]) return GREEK_LATIN[c];
  const math = GREEK[c] ?? MATH_SYMBOL[c];
  if (math) return inMath ? `\\${math} ` : `$\\${math}$`;
  const [base, ...marks] = c.normalize('NFD');
  if (marks.length && /[A-Za-z]/.test(base) && marks.every((m) => ACCENT_SYMBOLS[m] || ACCENT_LETTERS[m])) {
    // `{\'i}`, not `{\'\i}`: LaTeX (2020 and later) typesets both as í, and readers such as
    // Zotero's parser turn the dotless form into ı + accent, which is not í. Stacked accents
    // (Yorùbá's ọ̀) nest, innermost first: `{\`{\d{o}}}`.
    let letter = base;
    marks.forEach((m, i) => {
      const inner = i === 0 ? letter : `{${letter}}`;
      letter = ACCENT_SYMBOLS[m] ? `\\${ACCENT_SYMBOLS[m]}${inner}` : `\\${ACCENT_LETTERS[m]}{${letter}}`;
    });
    return `{${letter}}`;
  }
  // A combining mark on nothing LaTeX can accent is dropped rather than left to stop pdfLaTeX.
  return marks.length && /[\u0300-\u036f]/.test(c) ? texChar(base, inMath) : c;
}

/** Every non-ASCII character of escaped text spelled for pdfLaTeX (texChar). */
export function texUnicode(escaped: string): string {
  // A character with the combining marks after it, as one: NFC leaves some stacks uncomposed.
  return escaped.normalize('NFC').replace(/[^\u0000-\u007f][\u0300-\u036f]*|[A-Za-z][\u0300-\u036f]+/gu, (c) => texChar(c, false));
}

/**
 * Control characters out, line ends normalized. In LaTeX `^^K` (U+000B) has the catcode of `^`,
 * so two of them would spell any character, a backslash included; `^^L` is an active `\par`.
 */
export function cleanControls(s: string): string {
  return s
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

function escapeText(s: string, protectCaps: boolean, sentenceCase: boolean): string {
  const escaped = s.replace(/[\\{}$&%#_~^<>]/g, (c) => TEX_SPECIAL[c]);
  return texUnicode(protectCaps ? protectWords(escaped, sentenceCase) : escaped);
}

/**
 * Whether a title is in sentence case (most longer words after the first start lower-case): then
 * a capitalized word inside it is a proper noun ("African", "Bayesian") that styles which
 * lower-case titles must leave alone. In a Title Case title capitals say nothing.
 */
export function isSentenceCase(title: string): boolean {
  const words = title
    .split(/:\s*/)
    .flatMap((part) => part.split(/\s+/).slice(1))
    .filter((w) => /^[A-Za-z][a-z]{3,}$/.test(w));
  const lower = words.filter((w) => /^[a-z]/.test(w)).length;
  return lower >= 2 && lower > words.length - lower;
}

/**
 * Braces what a style must not re-case: words with a capital after their first letter (LLM, MoE,
 * BERT), model names with digits (Qwen2.5-7B, GPT-4), and in sentence-case titles capitalized
 * words past the first (proper nouns). Runs on escaped text, so also right after `{\textbraceleft}`.
 */
function protectWords(escaped: string, sentenceCase: boolean): string {
  return escaped.replace(/(^|[\s(\-/:}"'`])([A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*(?:[.\-+][A-Za-z0-9]+)*)/g, (m, pre: string, token: string, at: number) => {
    // Model names start with a capital and carry a version (Qwen2.5-7B, GPT-4o, ResNet50).
    if (/^[A-Z]/.test(token) && /\d/.test(token)) return `${pre}{${token}}`;
    const first = at === 0 || /(^|:)\s*$/.test(escaped.slice(0, at + pre.length));
    const parts = token.split(/(?=[.\-+])/);
    const out = parts.map((part, i) => {
      const sep = /^[.\-+]/.test(part) ? part[0] : '';
      const word = part.slice(sep.length);
      const inner = /[A-Z]/.test(word.slice(1));
      const proper = sentenceCase && !(first && i === 0) && /^[A-Z][a-z]/.test(word);
      return inner || proper ? `${sep}{${word}}` : part;
    });
    return `${pre}${out.join('')}`;
  });
}

/**
 * Escapes text for a BibTeX field. `$…$` spans stay math when `isSafeMath` allows them (braced
 * in titles, so styles that lower-case titles leave `\Delta` alone); any other span is text.
 */
export function escapeTex(text: string, { protectCaps = false, math = true } = {}): string {
  const s = cleanControls(text);
  const parts = math ? s.split(/(\$[^$]+\$)/g) : [s];
  const sentenceCase = protectCaps && isSentenceCase(s.replace(/\$[^$]*\$/g, 'x'));
  return parts
    .map((part, i) => {
      if (i % 2 === 0 || !isSafeMath(part.slice(1, -1))) return escapeText(part, protectCaps, sentenceCase);
      return protectCaps ? `{${part}}` : part;
    })
    .join('');
}

/**
 * Characters kept as they are in a URL; the rest is percent-encoded. RFC 3986's characters,
 * less `$` (math in a TeX context). None of `\ { } ^` survives, so a URL can neither end the field
 * nor spell a control sequence; `% # & ~ _` are left for `\url`, which reads them verbatim.
 */
const URL_CHAR = /[A-Za-z0-9\-._~:/?#[\]@!&'()*+,;=]/;

function percentEncode(s: string, keep: RegExp, keepEscapes: boolean): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '%' && keepEscapes && /^[0-9A-Fa-f]{2}$/.test(s.slice(i + 1, i + 3))) out += c;
    else if (c !== '%' && keep.test(c)) out += c;
    else {
      const cp = s.codePointAt(i)!;
      const ch = String.fromCodePoint(cp);
      i += ch.length - 1;
      // A lone surrogate cannot be UTF-8 encoded; U+FFFD is what a browser would send.
      const lone = ch.length === 1 && ch >= '\uD800' && ch <= '\uDFFF';
      out += encodeURIComponent(lone ? '\uFFFD' : ch).replace(/[!'()*]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`);
    }
  }
  return out;
}

/** A URL for a `url` field: web URLs only, anything TeX or BibTeX could act on percent-encoded. */
export function texUrl(url: string | undefined): string | undefined {
  const u = url?.trim();
  if (!u || !/^(https?|ftp):\/\//i.test(u)) return undefined;
  return percentEncode(u, URL_CHAR, true);
}

/**
 * Characters kept in a DOI or e-print id: those of virtually every registered DOI (Crossref's
 * pattern plus `<>[]+_` of SICI and Springer DOIs). The rest is percent-encoded, `%` included,
 * which is how the DOI handbook puts a DOI into a URL; doi.org resolves it the same.
 */
const ID_CHAR = /[A-Za-z0-9\-._;()/:<>[\]+]/;

export function texIdentifier(id: string | undefined): string | undefined {
  const s = id?.trim();
  return s ? percentEncode(s, ID_CHAR, false) || undefined : undefined;
}

/** Keywords are verbatim to readers; what could act in TeX is dropped rather than escaped. */
export function texKeyword(tag: string): string {
  return cleanControls(tag)
    .replace(/[\\{}%^$\n]/g, '')
    .trim();
}

/** A citation key: `[A-Za-z0-9:_\-./+]` only (none of them acts in TeX or BibTeX), never empty. */
export function safeKey(key: string): string {
  return key.replace(/[^A-Za-z0-9:_\-./+]/g, '') || 'paper';
}

/** BibTeX's own view of a value: every brace counts, none may close the field early. */
export function bibtexBalanced(value: string): boolean {
  let depth = 0;
  for (const c of value) {
    if (c === '{') depth++;
    else if (c === '}' && --depth < 0) return false;
  }
  return depth === 0;
}
