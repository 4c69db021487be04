/**
 * Exports, proven with parsers nobody here wrote: BibTeX with @retorquere/bibtex-parser (the
 * parser behind Better BibTeX for Zotero), CSL-JSON with citation-js.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Cite } from '@citation-js/core';
import '@citation-js/plugin-csl';
import { parse as parseBib } from '@retorquere/bibtex-parser';

// Titles as written: the parser's default is to sentence-case them for Zotero.
/** The parser gives TeX accents back decomposed; Gloss stores NFC, so the comparison does too. */
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
/** TeX ligatures in the pages' own text (``quotes'', 2--3) come back as the characters they stand for. */
const ligatures = (s: string) => s.replace(/---/g, '—').replace(/--/g, '–').replace(/``/g, '“').replace(/''/g, '”');
type BibName = { lastName?: string; firstName?: string; prefix?: string; name?: string };
const fullName = (a: BibName) => a.name ?? [a.firstName, a.prefix, a.lastName].filter(Boolean).join(' ');
/** A blank line in a BibTeX field is a paragraph break; the parser marks it `<p>`. */
const paragraphs = (v: unknown) => String(v).replace(/<p>/g, '\n\n');
import { describe, expect, test } from 'vitest';
import { toBackup } from '../../lib/export/backup';
import { citationKeys, escapeTex, toBibtex } from '../../lib/export/bibtex';
import { toCslJson } from '../../lib/export/csl';
import { toMarkdown } from '../../lib/export/markdown';
import { splitName } from '../../lib/export/names';
import { toRis } from '../../lib/export/ris';
import { normalizeTitle } from '../../lib/core/ids';
import { documentFromHtml } from '../../scripts/lib/parse-html';
import { recognize } from '../../lib/sites/registry';
import type { PaperMeta, PaperRecord } from '../../lib/core/types';

const dir = join(import.meta.dirname, '../fixtures/pages');
const fromPage = (file: string, url: string) => recognize(documentFromHtml(readFileSync(join(dir, file), 'utf8')), url).map((e) => e.paper);

function record(p: PaperMeta, extra: Partial<PaperRecord> = {}): PaperRecord {
  return { ...p, aliases: [p.id], titleKey: normalizeTitle(p.title), note: '', tags: [], savedAt: 1, updatedAt: 1, ...extra };
}

const hf = fromPage('hf-papers/hf_daily_papers_kube-ebded23_2026-07.html', 'https://huggingface.co/papers').map((p, i) =>
  record(p, i % 3 === 0 ? { note: `Note ${i}: compare with {baseline} & 50% of #runs_x ~ ok`, tags: ['to-read', 'kv cache'] } : {}),
);
const arxivList = fromPage('arxiv-list/arxiv_list_cs.CL_recent_2026-07-27.html', 'https://arxiv.org/list/cs.CL/recent').map((p) => record(p));
const acl = fromPage('acl-anthology/acl_2021.naacl-main.208.html', 'https://aclanthology.org/2021.naacl-main.208/').map((p) => record(p));
const ieee = fromPage('ieee/10.1109_ACCESS.2024.3352924_landing.html', 'https://ieeexplore.ieee.org/document/10388355').map((p) => record(p));
const library = [...hf, ...arxivList, ...acl, ...ieee];

const hostile = record(
  {
    id: 'arxiv:2401.00001',
    ids: { arxiv: '2401.00001' },
    title: 'Braces {unbalanced and \\commands & 100% #1 _x_ ~y^ <script>alert(1)</script>',
    authors: ['Zoë Müller-Lüdenscheidt', 'Ludwig van Beethoven', 'ACL'],
    abstract: 'Uses $O(n^2)$ time & 5% memory.',
    published: '2024-01-15',
    links: { abs: 'https://arxiv.org/abs/2401.00001' },
    category: 'cs.LG',
    source: 'test',
  },
  { note: 'Line one.\n\nLine } two { with $ and \\end{document}', tags: ['a&b', 'x_y'] },
);

describe('citation keys', () => {
  test('readable and stable: family name, year, first significant title word', () => {
    const p = record({
      id: 'arxiv:1706.03762',
      ids: { arxiv: '1706.03762' },
      title: 'Attention Is All You Need',
      authors: ['Ashish Vaswani', 'Noam Shazeer'],
      published: '2017-06-12',
      links: {},
      source: 'test',
    });
    expect(citationKeys([p])).toEqual(['vaswani2017attention']);
    expect(citationKeys([hostile])).toEqual(['mullerludenscheidt2024braces']);
    // Papers not from the library (no stored key): the first keeps the base, the rest get suffixes.
    expect(citationKeys([p, { ...p, id: 'x' }, p])).toEqual(['vaswani2017attention', 'vaswani2017attentiona', 'vaswani2017attentionb']);
    // A stored key is used as it is, whatever else is exported beside it.
    expect(citationKeys([{ ...p, citeKey: 'vaswani2017attentionb' }])).toEqual(['vaswani2017attentionb']);
    expect(citationKeys([p, { ...p, citeKey: 'vaswani2017attention' }])).toEqual(['vaswani2017attentiona', 'vaswani2017attention']);
  });

  test('every key of a real library is unique', () => {
    const keys = citationKeys(library);
    expect(new Set(keys).size).toBe(library.length);
    for (const k of keys) expect(k).toMatch(/^[a-z0-9]+$/);
  });
});

describe('BibTeX', () => {
  test('parses with a maintained BibTeX parser, every field round-tripping', () => {
    const { entries, errors } = parse(toBibtex(library));
    expect(errors).toEqual([]);
    expect(entries).toHaveLength(library.length);
    entries.forEach((e, i) => {
      const p = library[i];
      expect(e.fields.title).toBe(p.title.replace(/\$\^2\$/g, '²'));
      expect((e.fields.author as BibName[]).map(fullName)).toEqual(p.authors);
      expect(e.fields.year).toBe(p.published?.slice(0, 4));
      if (p.ids.arxiv) {
        expect(e.type).toBe('misc');
        expect(e.fields.eprint).toBe(p.ids.arxiv);
        expect(e.fields.archiveprefix).toBe('arXiv');
        if (p.category) expect(e.fields.primaryclass).toBe(p.category);
      }
      if (p.ids.doi) expect(e.fields.doi).toBe(p.ids.doi);
      if (p.abstract) expect(e.fields.abstract).toBe(ligatures(p.abstract));
      if (p.note) expect(paragraphs(e.fields.annote)).toBe(p.note);
      if (p.tags.length) expect([...(e.fields.keywords as string[])].sort()).toEqual([...p.tags].sort());
    });
  });

  test('special characters and LaTeX are escaped; math stays math', () => {
    const { entries, errors } = parse(toBibtex([hostile]));
    expect(errors).toEqual([]);
    const [e] = entries;
    expect(e.fields.title).toBe(hostile.title);
    expect(paragraphs(e.fields.annote)).toBe(hostile.note);
    expect([...(e.fields.keywords as string[])].sort()).toEqual([...hostile.tags].sort());
    expect((e.fields.author as BibName[]).map(fullName)).toEqual(hostile.authors);
    expect(escapeTex('Uses $O(n^2)$ & 5%')).toBe('Uses $O(n^2)$ \\& 5\\%');
  });

  test('capitals in titles are protected so styles cannot lower-case them', () => {
    expect(escapeTex('MoE Models Meet LoRA for BERT', { protectCaps: true })).toBe('{MoE} Models Meet {LoRA} for {BERT}');
  });

  test('BibLaTeX uses eprinttype and date', () => {
    const { entries, errors } = parse(toBibtex([hf[0]], 'biblatex'));
    expect(errors).toEqual([]);
    expect(entries[0].type).toBe('online');
    expect(entries[0].fields.eprinttype).toBe('arxiv');
    expect(entries[0].fields.date).toBe(hf[0].published);
  });
});

describe('CSL-JSON', () => {
  test('citation-js reads it back field for field and formats a bibliography', () => {
    const json = toCslJson(library);
    const items = new Cite(JSON.parse(json)).data as Array<Record<string, any>>;
    expect(items).toHaveLength(library.length);
    items.forEach((item, i) => {
      const p = library[i];
      expect(item.title).toBe(p.title);
      expect(item.author.map((a: { given?: string; family: string }) => [a.given, a.family].filter(Boolean).join(' '))).toEqual(p.authors);
      if (p.published) expect(item.issued['date-parts'][0].join('-')).toBe(p.published.split('-').map(Number).join('-'));
      if (p.ids.doi) expect(item.DOI).toBe(p.ids.doi);
      if (p.ids.arxiv) expect(item.number).toBe(`arXiv:${p.ids.arxiv}`);
      if (p.note) expect(item.note).toBe(p.note);
    });
    const bib = new Cite(JSON.parse(toCslJson([hostile]))).format('bibliography', { format: 'text', template: 'apa' }) as string;
    expect(bib).toContain('Müller-Lüdenscheidt, Z.');
    expect(bib).toContain('<script>alert(1)</script>'); // text, as the user's data is
  });
});

describe('RIS, Markdown, backup', () => {
  test('RIS: one record per paper, tags on their own lines, values on one line', () => {
    const ris = toRis([hostile, ...acl]);
    const records = ris.trim().split(/\n\n/);
    expect(records).toHaveLength(2);
    expect(records[0]).toMatch(/^TY {2}- PREP\nID {2}- mullerludenscheidt2024braces\nTI {2}- Braces/);
    expect(records[0]).toContain('AU  - Müller-Lüdenscheidt, Zoë');
    expect(records[0]).toContain('KW  - a&b\nKW  - x_y');
    expect(records[0]).toContain('N1  - Line one. Line } two { with $ and \\end{document}');
    expect(records[1]).toContain('DO  - 10.18653/v1/2021.naacl-main.208');
    for (const r of records) expect(r.endsWith('ER  -')).toBe(true);
  });

  test('Markdown digest: titles cannot break the link syntax; notes kept as written', () => {
    const md = toMarkdown([hostile], { now: new Date('2026-11-29T00:00:00Z') });
    expect(md).toContain(
      '## [Braces {unbalanced and \\\\commands & 100% \\#1 \\_x\\_ ~y^ \\<script\\>alert(1)\\</script\\>](<https://arxiv.org/abs/2401.00001>)',
    );
    expect(md).toContain('Line one.\n\nLine } two { with $ and \\end{document}');
    expect(md).toContain('#a&b #x_y');
  });

  test('backup keeps every field', () => {
    const back = JSON.parse(toBackup([hostile], new Date('2026-11-29T00:00:00Z')));
    expect(back).toEqual({ format: 'gloss-backup', version: 1, exportedAt: '2026-11-29T00:00:00.000Z', papers: [hostile] });
  });
});

test('names split with particles and single names', () => {
  expect(splitName('Ludwig van Beethoven')).toEqual({ given: 'Ludwig', family: 'van Beethoven' });
  expect(splitName('Vishal M. Patel')).toEqual({ given: 'Vishal M.', family: 'Patel' });
  expect(splitName('Heibi, Ivan')).toEqual({ given: 'Ivan', family: 'Heibi' });
  expect(splitName('ACL')).toEqual({ given: '', family: 'ACL' });
});
