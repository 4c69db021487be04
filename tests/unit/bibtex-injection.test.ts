/**
 * BibTeX export of hostile data: every value a web page or an imported file can set is tried with
 * text made to end the field, end the entry, or run TeX. The checks read the .bib the way BibTeX
 * (naive brace count) and LaTeX (control sequences, `^^`) would, and with a maintained parser.
 * tests/unit/bibtex-tex.test.ts runs the real bibtex and pdflatex on the same kind of data.
 */
import { parse as parseBib } from '@retorquere/bibtex-parser';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { citationKeys, toBibtex, type BibFlavor } from '../../lib/export/bibtex';
import { ESCAPE_MACROS, ESCAPE_SYMBOLS, isSafeMath, SAFE_MATH_MACROS, texIdentifier, texUrl } from '../../lib/export/tex';
import { normalizeTitle } from '../../lib/core/ids';
import type { PaperRecord } from '../../lib/core/types';

/**
 * Accented letters are exported as TeX accents (`{\"u}`), which the parser gives back
 * decomposed (u + U+0308); Gloss's importer stores NFC, so the comparison does too.
 */
const nfc = (v: unknown): unknown =>
  typeof v === 'string'
    ? v.normalize('NFC')
    : Array.isArray(v)
      ? v.map(nfc)
      : v && typeof v === 'object'
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, nfc(x)]))
        : v;
const parse = (bib: string) => {
  const r = parseBib(bib, { sentenceCase: false });
  return { ...r, entries: r.entries.map((e) => ({ ...e, fields: nfc(e.fields) as typeof e.fields })) };
};
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);

function record(over: Partial<PaperRecord> & { title: string }): PaperRecord {
  return {
    id: 'arxiv:2401.00001',
    ids: { arxiv: '2401.00001' },
    authors: ['Ada Lovelace'],
    published: '2024-01-15',
    links: { abs: 'https://arxiv.org/abs/2401.00001' },
    category: 'cs.LG',
    source: 'test',
    aliases: ['arxiv:2401.00001'],
    titleKey: normalizeTitle(over.title),
    note: '',
    tags: [],
    savedAt: 1,
    updatedAt: 1,
    ...over,
  };
}

const INPUT = '\\input{/etc/hostname}';
const HOSTILE_TEXT = [
  // The reported attack: math that closes the title and opens a field of its own.
  `Scaling Laws $}, note = {${INPUT}}, x = {$`,
  `Plain ${INPUT} and \\include{x} \\write18{touch /tmp/pwned} \\immediate\\openout1=x`,
  `$${INPUT}$ and $\\alpha\\input{x}$ and $\\csname input\\endcsname{x}$`,
  // `^^5c` is a backslash to TeX; U+000B is a second character with the catcode of `^`.
  '^^5cinput{/etc/hostname} $^^5cinput{x}$ \u000b\u000b5cinput{x}',
  'Unbalanced }}} close {{{ open } and \\{ \\} and $x}$ and $\\{x}$ and $a\\$ b',
  '\\catcode`\\@=0 @input{x} \\def\\x{y} \\let\\a\\b \\newcommand{\\z}{} \\usepackage{x} \\jobname \\read16 to \\x',
  '@misc{evil, title = {x}} % comment # hash & amp _ under ~ tilde ^ caret < > "quote"',
  'Line one\r\n\r\nline two\ttab \u0000nul \u007fdel \u000cformfeed',
  '$\\mathcal{O}(n^2)$ $\\Delta$ $\\{0,1\\}^n$ $x_{i}^{2}$',
];

const hostile = (i: number, text: string, extra: Partial<PaperRecord> = {}) =>
  record({
    id: `x:${i}`,
    title: text,
    authors: [text, `Ada ${text}`, `${text}, Eve`, 'A } and {B'],
    abstract: text,
    note: text,
    tags: [text, 'ok'],
    ...extra,
  });

const papers: PaperRecord[] = [
  ...HOSTILE_TEXT.map((t, i) => hostile(i, t)),
  record({
    id: 'doi:x',
    title: 'Hostile identifiers',
    ids: { doi: `10.1000/x}, note = {${INPUT}}, y = {%#\\`, arxiv: `2401.1}, note={${INPUT}}` },
    links: { abs: `https://e.com/a}b%zz%41#f\\g^^5c$x{y}, note = {${INPUT}}` },
    category: `cs.LG}, note = {${INPUT}`,
    published: `2024}, note = {${INPUT}`,
  }),
  record({ title: 'Not a web URL', links: { abs: 'javascript:alert(1)}' }, ids: {}, id: 'url:x' }),
];

/** Each field value as written, found by BibTeX's own rule: count every brace. */
function rawFields(bib: string): Array<{ key: string; fields: Record<string, string> }> {
  const entries: Array<{ key: string; fields: Record<string, string> }> = [];
  let i = 0;
  while ((i = bib.indexOf('@', i)) !== -1) {
    const head = /^@(\w+)\{([^,]*),/.exec(bib.slice(i));
    if (!head) throw new Error(`not an entry at ${i}`);
    const entry = { key: head[2], fields: {} as Record<string, string> };
    i += head[0].length;
    for (;;) {
      // A month is a bare macro (`month = jul`): only these three letters may stand unbraced.
      const month = /^\s*month = (jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec),?/.exec(bib.slice(i));
      if (month) {
        entry.fields.month = month[1];
        i += month[0].length;
        continue;
      }
      const m = /^\s*(?:(\w+)\s*=\s*\{|\})/.exec(bib.slice(i));
      if (!m) throw new Error(`unexpected text at ${i}: ${bib.slice(i, i + 40)}`);
      i += m[0].length;
      if (!m[1]) break;
      let depth = 1;
      const start = i;
      for (; depth > 0; i++) {
        if (i >= bib.length) throw new Error('value runs to end of file');
        if (bib[i] === '{') depth++;
        else if (bib[i] === '}') depth--;
      }
      entry.fields[m[1]] = bib.slice(start, i - 1);
      if (bib[i] === ',') i++;
    }
    entries.push(entry);
  }
  return entries;
}

/**
 * Every control sequence in a value, split into text and math the way LaTeX reads it: `$` opens
 * and closes math unless escaped, `\` takes a run of letters or one other character.
 */
function controlSequences(value: string): Array<{ name: string; math: boolean }> {
  const out: Array<{ name: string; math: boolean }> = [];
  let math = false;
  for (let i = 0; i < value.length; i++) {
    if (value[i] === '$') math = !math;
    if (value[i] !== '\\') continue;
    const name = /^[A-Za-z]+/.exec(value.slice(i + 1))?.[0] ?? value[i + 1] ?? '';
    out.push({ name, math });
    i += name.length;
  }
  expect(math, `math left open in ${value}`).toBe(false);
  return out;
}

const TEXT_SYMBOLS = ESCAPE_SYMBOLS;
const MATH_SYMBOLS = new Set([',', ';', ':', '!', ' ', '|', '{', '}', '%', '&', '#', '_']);

function expectSafe(bib: string, expected: number) {
  const entries = rawFields(bib);
  expect(entries).toHaveLength(expected);
  const allowed = new Set([
    'title',
    'author',
    'year',
    'date',
    'doi',
    'eprint',
    'archivePrefix',
    'primaryClass',
    'eprinttype',
    'eprintclass',
    'url',
    'abstract',
    'keywords',
    'annote',
    'annotation',
    'month',
    'howpublished',
    'journal',
    'journaltitle',
    'booktitle',
    'volume',
    'number',
    'pages',
    'publisher',
    'school',
    'institution',
    'type',
  ]);
  for (const { key, fields } of entries) {
    expect(key).toMatch(/^[A-Za-z0-9:_\-./+]+$/);
    for (const [name, value] of Object.entries(fields)) {
      expect(allowed, `field ${name} was injected`).toContain(name);
      expect(value).not.toMatch(/\^\^/);
      expect(value).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
      for (const cs of controlSequences(value)) {
        if (cs.math) expect(SAFE_MATH_MACROS.has(cs.name) || MATH_SYMBOLS.has(cs.name), `\\${cs.name} in math of ${name}: ${value}`).toBe(true);
        else expect(ESCAPE_MACROS.has(cs.name) || TEXT_SYMBOLS.has(cs.name), `\\${cs.name} in text of ${name}: ${value}`).toBe(true);
      }
      if (['url', 'doi', 'eprint', 'keywords'].includes(name)) expect(value).not.toMatch(/[\\{}^]/);
    }
  }
}

describe('hostile data cannot leave its field', () => {
  test.each(['bibtex', 'biblatex'] as BibFlavor[])('%s: one entry per paper, known fields only, only whitelisted macros', (flavor) => {
    const bib = toBibtex(papers, flavor);
    expectSafe(bib, papers.length);
    const { entries, errors } = parse(bib);
    // The parser cannot render some whitelisted math (\mathcal); anything else is an error.
    expect(errors.filter((e) => !/^unhandled macro/.test((e as { error: string }).error))).toEqual([]);
    expect(entries).toHaveLength(papers.length);
    for (const e of entries) expect(e.fields.note).toBeUndefined();
  });

  test('the reported title comes back as the text it was, and nothing runs', () => {
    const [title] = HOSTILE_TEXT;
    const bib = toBibtex([record({ title })]);
    expect(bib).toContain('{\\textbackslash}input{\\textbraceleft}/etc/hostname');
    expect(bib).not.toMatch(/(^|[^}])\\input/);
    expect(parse(bib).entries[0].fields.title).toBe(title);
  });

  test('no BibTeX or LaTeX injection from random text in any field', () => {
    const chunk = fc.constantFrom(
      '\\',
      '{',
      '}',
      '$',
      '%',
      '#',
      '^',
      '^^5c',
      '~',
      '&',
      '_',
      '"',
      '@',
      ',',
      '=',
      ' and ',
      '\n',
      '\u000b',
      'input',
      '\\input{x}',
      '\\alpha',
      '\\mathcal{',
      'é',
      'A',
      'x',
      ' ',
    );
    const hostileString = fc.array(chunk, { maxLength: 30 }).map((a) => a.join(''));
    fc.assert(
      fc.property(
        fc.record({ title: hostileString, author: hostileString, note: hostileString, tag: hostileString, url: hostileString, doi: hostileString }),
        (h) => {
          const p = record({
            title: `T${h.title}`,
            authors: [h.author, `Given ${h.author}`],
            abstract: h.note,
            note: h.note,
            tags: [h.tag],
            links: { abs: `https://e.com/${h.url}` },
            ids: { doi: `10.1/${h.doi}`, arxiv: '2401.00001' },
          });
          for (const flavor of ['bibtex', 'biblatex'] as BibFlavor[]) expectSafe(toBibtex([p, p], flavor), 2);
        },
      ),
      { seed: 20261130, numRuns: RUNS * 5 },
    );
  });
});

describe('plain text round-trips through a maintained parser', () => {
  const plain = fc
    .array(fc.constantFrom(...'abcXYZ019 .,;:!?()[]-/\'"\\{}&%#_~^<>@=*+|éßøÅ'.split(''), ' ', 'input', 'LoRA', '\\input{/etc/hostname}'), {
      minLength: 1,
      maxLength: 40,
    })
    .map((a) => a.join('').replace(/\s+/g, ' ').trim())
    .filter((s) => /^[A-Za-z0-9]/.test(s));

  test('titles, notes and abstracts without $ come back exactly', { timeout: 30_000 }, () => {
    fc.assert(
      fc.property(plain, plain, (title, note) => {
        const { entries, errors } = parse(toBibtex([record({ title, note, abstract: note })]));
        expect(errors).toEqual([]);
        expect(entries[0].fields.title).toBe(title);
        expect(entries[0].fields.annote).toBe(note);
        expect(entries[0].fields.abstract).toBe(note);
      }),
      { seed: 20261130, numRuns: RUNS * 5 },
    );
  });

  test('hostile text (math rejected as unsafe) comes back exactly', () => {
    for (const t of HOSTILE_TEXT.slice(0, 3)) {
      const { entries } = parse(toBibtex([record({ title: t, note: t })]));
      expect(entries[0].fields.title).toBe(t);
      expect(entries[0].fields.annote).toBe(t);
    }
  });

  test('authors with braces, backslashes, commas and "and" stay one author each', () => {
    const authors = ['Ada \\input{x} Lovelace', 'Grace {Hopper', 'Eve } and Mallory', 'Zoë Müller-Lüdenscheidt', 'Bob & Alice'];
    const { entries, errors } = parse(toBibtex([record({ title: 'T', authors })]));
    expect(errors).toEqual([]);
    const names = (entries[0].fields.author as Array<{ lastName?: string; firstName?: string; name?: string }>).map(
      (a) => a.name ?? [a.firstName, a.lastName].filter(Boolean).join(' '),
    );
    expect(names).toEqual(authors);
  });

  test('URLs and DOIs: ordinary ones unchanged, unsafe characters percent-encoded and decodable', () => {
    expect(texUrl('https://arxiv.org/abs/1706.03762')).toBe('https://arxiv.org/abs/1706.03762');
    expect(texUrl('https://e.com/a_b~c/?q=1&r=%20#frag')).toBe('https://e.com/a_b~c/?q=1&r=%20#frag');
    expect(texUrl('https://e.com/a}b{c\\d^e$f%g "h')).toBe('https://e.com/a%7Db%7Bc%5Cd%5Ee%24f%25g%20%22h');
    expect(texUrl('https://e.com/ü')).toBe('https://e.com/%C3%BC');
    expect(texUrl('javascript:alert(1)')).toBeUndefined();
    expect(texUrl('file:///etc/passwd')).toBeUndefined();
    expect(texIdentifier('10.1007/978-3-030-58452-8_13')).toBe('10.1007/978-3-030-58452-8_13');
    expect(texIdentifier('10.1002/(SICI)1097-4636(199706)35:4<441::AID-JBM5>3.0.CO;2-F')).toBe('10.1002/(SICI)1097-4636(199706)35:4<441::AID-JBM5>3.0.CO;2-F');
    const doi = '10.1000/x}, note = {\\input{a}}%#';
    expect(decodeURIComponent(texIdentifier(doi)!)).toBe(doi);
    const { entries } = parse(toBibtex([record({ title: 'T', ids: { doi }, links: { abs: 'https://e.com/a}b' } })]));
    expect(entries[0].fields.doi).toBe(texIdentifier(doi));
    expect(entries[0].fields.url).toBe('https://e.com/a%7Db');
  });

  test('keys: only [A-Za-z0-9:_-], whatever the names and titles', () => {
    const keys = citationKeys(papers);
    for (const k of keys) expect(k).toMatch(/^[A-Za-z0-9:_-]+$/);
    expect(new Set(keys).size).toBe(papers.length);
  });
});

describe('math whitelist', () => {
  test.each([
    '\\mathcal{O}(n^2)',
    '\\alpha_i + \\beta^{2}',
    '\\{0,1\\}^n',
    '\\ell_1',
    'x \\cdot y \\leq \\sqrt{z}',
    '\\mathbb{R}^{d \\times k}',
    '\\left( \\frac{1}{2} \\right)',
  ])('keeps $%s$', (m) => {
    expect(isSafeMath(m)).toBe(true);
  });

  test.each([
    '\\input{/etc/hostname}',
    '\\include{x}',
    '\\write18{id}',
    '\\immediate',
    '\\openin',
    '\\catcode`x',
    '\\def\\x{}',
    '\\csname input\\endcsname',
    '\\read',
    '\\jobname',
    '\\let\\x\\y',
    '\\newcommand',
    '\\alphainput',
    '^^5cinput',
    'x}',
    '{x',
    '\\{x}',
    '{x\\}',
    'a\\',
    'x %comment',
    'x^',
    'a\nb',
    'a ~ b',
    'é',
  ])('rejects $%s$', (m) => {
    expect(isSafeMath(m)).toBe(false);
  });

  test('a rejected span is escaped as text', () => {
    const bib = toBibtex([record({ title: 'A $\\input{x}$ B' })]);
    expect(bib).toContain('title = {A \\${\\textbackslash}input{\\textbraceleft}x{\\textbraceright}\\$ B}');
  });

  test('kept math is braced in titles so styles that lower-case titles leave it alone', () => {
    expect(toBibtex([record({ title: 'On $\\Delta$-Rules' })])).toContain('title = {On {$\\Delta$}-Rules}');
  });

  test('no truncation or case change of an allowed name spells a dangerous primitive', () => {
    // BibTeX may cut a long line or change case; neither can add characters, so it suffices
    // that no prefix of an allowed name, in either case, is one of these.
    const dangerous = [
      'input',
      'include',
      'write',
      'openin',
      'openout',
      'immediate',
      'catcode',
      'def',
      'edef',
      'gdef',
      'xdef',
      'csname',
      'read',
      'readline',
      'usepackage',
      'jobname',
      'newcommand',
      'renewcommand',
      'let',
      'futurelet',
      'special',
      'scantokens',
      'endinput',
      'expandafter',
      'lowercase',
      'uppercase',
      'everypar',
      'output',
      'shipout',
      'closein',
      'closeout',
      'message',
      'errmessage',
      'show',
      'end',
      'dump',
      'directlua',
      'pdffilesize',
      'pdffiledump',
      'pdfmdfivesum',
      'IfFileExists',
      'InputIfFileExists',
      'verbatiminput',
      'lstinputlisting',
      'includegraphics',
    ];
    for (const name of [...SAFE_MATH_MACROS, ...ESCAPE_MACROS]) {
      for (const variant of [name, name.toLowerCase(), name.toUpperCase()]) {
        for (let n = 1; n <= variant.length; n++) expect(dangerous, `\\${variant.slice(0, n)} from \\${name}`).not.toContain(variant.slice(0, n));
      }
    }
  });
});
