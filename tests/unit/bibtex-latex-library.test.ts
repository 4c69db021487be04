/**
 * The BibTeX export of a whole test library, fed to Debian's real `bibtex` and `pdflatex` with
 * two standard styles (plain, and acm from texlive-latex-base): no errors, and no "empty
 * journal/booktitle/year" warnings for papers that have them. The library: every paper of the
 * captured pages (HF, arXiv listing, ACL, IEEE, publishers), the tricky BibTeX import, and papers
 * with the Unicode pages really show (Greek, accents, model names). A negative control shows
 * that raw Unicode, as the export wrote it before, stops pdflatex.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { toBibtex } from '../../lib/export/bibtex';
import { normalizeTitle } from '../../lib/core/ids';
import { parseImport } from '../../lib/import';
import { backfillCiteKeys } from '../../lib/export/cite-keys';
import { documentFromHtml } from '../../scripts/lib/parse-html';
import { recognize } from '../../lib/sites/registry';
import type { PaperMeta, PaperRecord } from '../../lib/core/types';

const which = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim() || undefined;
const tools = { pdflatex: which('pdflatex'), bibtex: which('bibtex') };
const work: string[] = [];
afterAll(() => {
  for (const d of work) rmSync(d, { recursive: true, force: true });
});

const pages = join(import.meta.dirname, '../fixtures/pages');
const fromPage = (file: string, url: string) => recognize(documentFromHtml(readFileSync(join(pages, file), 'utf8')), url).map((e) => e.paper);
let saved = 0;
const record = (p: PaperMeta, extra: Partial<PaperRecord> = {}): PaperRecord => ({
  ...p,
  aliases: [p.id],
  titleKey: normalizeTitle(p.title),
  note: '',
  tags: [],
  savedAt: ++saved,
  updatedAt: saved,
  ...extra,
});

function library(): PaperRecord[] {
  const fromPages = [
    fromPage('hf-papers/hf_daily_papers_kube-ebded23_2026-07.html', 'https://huggingface.co/papers'),
    fromPage('arxiv-list/arxiv_list_cs.CL_recent_2026-07-27.html', 'https://arxiv.org/list/cs.CL/recent'),
    fromPage('acl-anthology/acl_2021.naacl-main.208.html', 'https://aclanthology.org/2021.naacl-main.208/'),
    fromPage('ieee/10.1109_ACCESS.2024.3352924_landing.html', 'https://ieeexplore.ieee.org/document/10388355'),
    fromPage('ieee/10.1109_TIM.2024.3509573_landing.html', 'https://ieeexplore.ieee.org/document/10772053'),
    fromPage('other-publishers/plos_one_article.html', 'https://journals.plos.org/plosone/article?id=10.1371/journal.pone.0213978'),
    fromPage('other-publishers/sciencedirect_S146290112300117X.html', 'https://www.sciencedirect.com/science/article/pii/S146290112300117X'),
    fromPage('other-publishers/springer_s10924-010-0192-1.html', 'https://link.springer.com/article/10.1007/s10924-010-0192-1'),
    fromPage('other-publishers/elife_article.html', 'https://elifesciences.org/articles/83227'),
  ].flat();
  const imported = parseImport(readFileSync(join(import.meta.dirname, '../fixtures/imports/bibtex/tricky.bib'), 'utf8')).items.map((i) =>
    record(i.paper, { ...(i.citeKey && { citeKey: i.citeKey }) }),
  );
  const unicode: PaperMeta[] = [
    {
      id: 'arxiv:2501.00001',
      ids: { arxiv: '2501.00001' },
      title: 'α-Entmax and β-VAEs: Learning with ≤ 5% Labels × 3 — a Study',
      authors: ['Zoë Müller-Lüdenscheidt', 'Søren Kierkegaard', 'Łukasz Kaiser', 'José Ñúñez', 'Ludwig van Beethoven'],
      published: '2025-01-02',
      links: {},
      source: 'test',
    },
    {
      id: 'doi:10.1000/afr',
      ids: { doi: '10.1000/afr' },
      title: 'Benchmarking Qwen2.5-7B on African languages with GPT-4o',
      authors: ['Ngozi Okonkwo-Adébáyọ̀', 'The Masakhane Community Team'],
      published: '2024-11',
      links: {},
      source: 'test',
      itemType: 'inproceedings',
      container: 'Proceedings of the Workshop on African NLP (AfricaNLP ’24)',
      pages: '1–9',
    },
  ];
  const all = [...fromPages.map((p) => record(p)), ...imported, ...unicode.map((p) => record(p))];
  // Keys as the library gives them: the imported file's own, the rest in the order saved.
  const keyed = new Map(backfillCiteKeys(all).map((r) => [r.id, r]));
  return all.map((r) => keyed.get(r.id) ?? r);
}

interface Run {
  status: number[];
  log: string;
  blg: string;
  bbl: string;
}

function compile(bib: string, style: string): Run {
  const dir = mkdtempSync(join(tmpdir(), 'gloss-lib-tex-'));
  work.push(dir);
  writeFileSync(join(dir, 'refs.bib'), bib);
  writeFileSync(
    join(dir, 'main.tex'),
    `\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage{amssymb}\n\\usepackage{url}\n\\begin{document}\n\\nocite{*}\n\\bibliographystyle{${style}}\n\\bibliography{refs}\n\\end{document}\n`,
  );
  const run = (cmd: string, args: string[]) =>
    spawnSync(cmd, args, { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, max_print_line: '1000' } }).status ?? -1;
  const latex = () => run(tools.pdflatex!, ['-no-shell-escape', '-interaction=nonstopmode', '-halt-on-error', 'main.tex']);
  const status = [latex(), run(tools.bibtex!, ['main']), latex(), latex()];
  const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'latin1') : '');
  return { status, log: read('main.log'), blg: read('main.blg'), bbl: read('main.bbl') };
}

/** bibtex's "empty X in KEY" warnings, as [field, key]. */
const emptyWarnings = (blg: string) => [...blg.matchAll(/Warning--empty (\w+) in (\S+)/g)].map((m) => [m[1], m[2]] as const);

describe('real bibtex and pdflatex on the whole test library', () => {
  const papers = library();
  const byKey = new Map(papers.map((p) => [p.citeKey!, p]));

  test('the library is the real pages plus the imports', () => {
    expect(papers.length).toBeGreaterThan(90);
    expect(new Set(papers.map((p) => p.citeKey)).size).toBe(papers.length);
  });

  test.each(['plain', 'acm'])(
    '%s: no errors, and no empty journal/booktitle/year for papers that have them',
    (style) => {
      expect(tools.pdflatex && tools.bibtex, 'pdflatex and bibtex are needed: Debian texlive-latex-base and texlive-binaries').toBeTruthy();
      const r = compile(toBibtex(papers), style);
      expect(
        r.status.filter((_, i) => i !== 1),
        r.log.slice(-3000),
      ).toEqual([0, 0, 0]);
      // bibtex exits 1 on warnings; 2 and up are errors.
      expect(r.status[1], r.blg).toBeLessThanOrEqual(1);
      expect(r.blg).not.toMatch(/error message/);
      expect(r.log).not.toMatch(/Missing character|Unicode character|Undefined control sequence/);
      const wrong = emptyWarnings(r.blg).filter(([field, key]) => {
        const p = byKey.get(key)!;
        return field === 'year' ? !!p.published : field === 'journal' || field === 'booktitle' ? !!p.container : false;
      });
      expect(wrong).toEqual([]);
      // Every entry made it into the bibliography.
      expect(r.bbl.match(/\\bibitem/g)?.length).toBe(papers.length);
    },
    240_000,
  );

  test('negative control: raw Unicode (what the export wrote before) stops pdflatex', { timeout: 120_000 }, () => {
    const raw = `@misc{raw,\n  title = {α-Entmax with ≤ 5% labels},\n  author = {Kaiser, Łukasz},\n  year = {2025}\n}\n`;
    const r = compile(raw, 'plain');
    expect(r.status[2]).not.toBe(0);
    expect(r.log).toMatch(/Unicode character/);
  });

  test('negative control: the ACL paper written as the export did before (@article, no venue) is caught', { timeout: 120_000 }, () => {
    const acl = papers.find((p) => p.source === 'acl')!;
    const before = toBibtex([acl])
      .replace('@inproceedings{', '@article{')
      .replace(/^\s*booktitle = .*\n/m, '');
    const r = compile(before, 'plain');
    const flagged = emptyWarnings(r.blg).filter(([field, key]) => field === 'journal' && !!byKey.get(key)?.container);
    expect(flagged).toEqual([['journal', acl.citeKey]]);
  });
});
