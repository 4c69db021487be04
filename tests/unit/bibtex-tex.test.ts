/**
 * The BibTeX export fed to the real programs: bibtex, then pdflatex without shell escape, on
 * papers whose titles, authors, URLs and DOIs try to `\input` a secret file. The secret's token
 * must not reach the bibliography, the log or the PDF, and the file must never be opened
 * (pdflatex -recorder lists every file it opens). A negative control runs the same harness on a
 * hand-written .bib holding the reported title raw, and must leak: otherwise the harness proves
 * nothing.
 *
 * Needs Debian's texlive-latex-base and texlive-binaries (poppler-utils for pdftotext); .ci/run
 * installs them. Missing, the test fails rather than skips, so CI cannot pass without running it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { toBibtex } from '../../lib/export/bibtex';
import { normalizeTitle } from '../../lib/core/ids';
import type { PaperRecord } from '../../lib/core/types';

const which = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim() || undefined;
const tools = { pdflatex: which('pdflatex'), bibtex: which('bibtex'), pdftotext: which('pdftotext') };

let secretDir: string;
let secretPath: string;
let token: string;
const work: string[] = [];

beforeAll(() => {
  secretDir = mkdtempSync(join(tmpdir(), 'gloss-secret-'));
  // The token is in the file, not its name: the name is in the (escaped) titles on purpose.
  token = `GLOSSLEAK${randomBytes(8)
    .toString('hex')
    .toUpperCase()
    .replace(/[0-9]/g, (d) => 'GHIJKLMNOP'[Number(d)])}`;
  secretPath = join(secretDir, 'secret.tex');
  writeFileSync(secretPath, `${token}\n`);
});

afterAll(() => {
  for (const d of [secretDir, ...work]) if (d) rmSync(d, { recursive: true, force: true });
});

interface Run {
  status: number[];
  pdf: boolean;
  bbl: string;
  log: string;
  blg: string;
  /** Files pdflatex opened for reading, from its -recorder list. */
  read: string[];
  text?: string;
}

/** bibliography style, packages the style needs */
const STYLES = {
  plain: '',
  plainnat: '\\usepackage{natbib}\\usepackage{url}',
} as const;

function compile(bib: string, style: keyof typeof STYLES): Run {
  const dir = mkdtempSync(join(tmpdir(), 'gloss-tex-'));
  work.push(dir);
  writeFileSync(join(dir, 'refs.bib'), bib);
  writeFileSync(
    join(dir, 'main.tex'),
    `\\documentclass{article}\n\\usepackage{amssymb}${STYLES[style]}\n\\begin{document}\n\\nocite{*}\n\\bibliographystyle{${style}}\n\\bibliography{refs}\n\\end{document}\n`,
  );
  const run = (cmd: string, args: string[]) =>
    spawnSync(cmd, args, { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, max_print_line: '1000' } }).status ?? -1;
  const latex = () => run(tools.pdflatex!, ['-no-shell-escape', '-interaction=nonstopmode', '-recorder', 'main.tex']);
  const status = [latex(), run(tools.bibtex!, ['main']), latex(), latex()];
  const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'latin1') : '');
  const pdf = existsSync(join(dir, 'main.pdf'));
  return {
    status,
    pdf,
    bbl: read('main.bbl'),
    log: read('main.log'),
    blg: read('main.blg'),
    read: read('main.fls')
      .split('\n')
      .filter((l) => l.startsWith('INPUT '))
      .map((l) => l.slice(6)),
    text: pdf && tools.pdftotext ? execFileSync(tools.pdftotext, ['-enc', 'UTF-8', join(dir, 'main.pdf'), '-'], { encoding: 'utf8' }) : undefined,
  };
}

function record(i: number, over: Partial<PaperRecord> & { title: string }): PaperRecord {
  return {
    id: `arxiv:2401.0000${i}`,
    ids: { arxiv: `2401.0000${i}` },
    authors: ['Ada Lovelace'],
    published: '2024-01-15',
    links: { abs: `https://arxiv.org/abs/2401.0000${i}` },
    category: 'cs.LG',
    source: 'test',
    aliases: [],
    titleKey: normalizeTitle(over.title),
    note: '',
    tags: [],
    savedAt: 1,
    updatedAt: 1,
    ...over,
  };
}

/** The reported attack, pointed at our secret. */
const reported = () => `Scaling Laws $}, note = {\\input{${secretPath}}}, x = {$`;

function hostilePapers(): PaperRecord[] {
  const input = `\\input{${secretPath}}`;
  return [
    record(1, { title: reported() }),
    record(2, { title: `Plain ${input} and $${input}$ and $\\alpha ${input}$`, authors: [`Eve ${input}`, `${input}, Mallory`] }),
    record(3, { title: `Caret ^^5cinput{${secretPath}} and $^^5cinput{${secretPath}}$ and \u000b\u000b5cinput{${secretPath}}` }),
    record(4, { title: `Braces }}} {{{ % # & _ ~ ^ < > \\csname input\\endcsname{${secretPath}}` }),
    record(5, {
      title: 'Hostile identifiers',
      ids: { doi: `10.1000/x}, note = {${input}}, y = {%#\\` },
      links: { abs: `https://e.com/a}, note = {${input}}, y = {%#\\^^5c` },
    }),
    // Math that is allowed must still typeset.
    record(6, { title: 'Safe math $\\mathcal{O}(n^2)$ and $\\Delta$ and $\\{0,1\\}^n$' }),
  ];
}

/** Text for matching what pdftotext gives back: line breaks and hyphenation may fall anywhere. */
const squash = (s: string | undefined) => (s ?? '').replace(/[\s-]+/g, '').toLowerCase();

function expectNoLeak(r: Run) {
  expect(
    r.read.filter((f) => f.includes('secret')),
    'pdflatex opened the secret file',
  ).toEqual([]);
  for (const [what, text] of Object.entries({ bbl: r.bbl, log: r.log, blg: r.blg, pdf: r.text ?? '' })) {
    expect(squash(text).includes(squash(token)), `secret token in the ${what}`).toBe(false);
  }
}

describe('real bibtex and pdflatex on a hostile export', () => {
  test('TeX tools are installed', () => {
    const missing = Object.entries({ pdflatex: tools.pdflatex, bibtex: tools.bibtex })
      .filter(([, p]) => !p)
      .map(([n]) => n);
    expect(
      missing,
      `${missing.join(' and ')} not found: install Debian's texlive-latex-base and texlive-binaries (and poppler-utils for pdftotext); .ci/run does`,
    ).toEqual([]);
    if (!tools.pdftotext) console.warn('pdftotext not found (Debian poppler-utils): the PDF text is not checked, only the .bbl, .log and files read');
  });

  test.each(Object.keys(STYLES) as Array<keyof typeof STYLES>)(
    '%s style: compiles cleanly, never opens the secret, prints the hostile text as text',
    (style) => {
      expect(tools.pdflatex && tools.bibtex, 'pdflatex and bibtex are needed (see the test above)').toBeTruthy();
      const r = compile(toBibtex(hostilePapers()), style);
      // Exit 0 from every pdflatex run, not just a PDF: pdflatex in nonstopmode writes a PDF
      // after errors too, and an error is how a half-working injection would show.
      expect(
        r.status.filter((_, i) => i !== 1),
        r.log.slice(-3000),
      ).toEqual([0, 0, 0]);
      // bibtex exits 1 on warnings (an arXiv paper has no journal); 2 and up are errors.
      expect(r.status[1], r.blg).toBeLessThanOrEqual(1);
      expect(r.blg).not.toMatch(/error message/);
      expect(r.pdf).toBe(true);
      expectNoLeak(r);
      // The bibliography holds the title as escaped text: a printed backslash, printed braces.
      expect(r.bbl).toContain(`{\\textbackslash}input{\\textbraceleft}${secretPath}{\\textbraceright}`);
      if (r.text !== undefined) {
        // Lower case: plain styles lower-case titles.
        const text = squash(r.text);
        expect(text).toContain(squash(`Scaling Laws $}, note = {\\input{${secretPath}}}, x = {$`));
        expect(text).toContain(squash(`Plain \\input{${secretPath}}`));
        if (style === 'plainnat') expect(text).toContain(squash('https://e.com/a%7D,%20note%20=%20%7B%5Cinput%7B'));
      }
    },
    120_000,
  );

  test('negative control: the same harness on the raw title does read the secret', { timeout: 120_000 }, () => {
    expect(tools.pdflatex && tools.bibtex, 'pdflatex and bibtex are needed (see the first test)').toBeTruthy();
    // What the exporter wrote before: the title's math span kept raw, braces and all.
    const naive = `@misc{naive,\n  title = {${reported()}},\n  author = {Lovelace, Ada},\n  year = {2024}\n}\n`;
    const r = compile(naive, 'plain');
    expect(
      r.read.some((f) => f === secretPath || f.endsWith('/secret.tex')),
      'the naive .bib did not make pdflatex open the secret',
    ).toBe(true);
    expect(r.bbl).toContain(`\\input{${secretPath}}`);
    // Typeset in math mode (the title's `$` opened it), the token comes back letter-spaced.
    if (r.text !== undefined) expect(squash(r.text)).toContain(squash(token));
  });
});
