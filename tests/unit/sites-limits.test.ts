/**
 * Bad input for the #15 page kinds: pages cut off mid-markup, odd encodings, and pages of
 * 10,000 rows. Nothing may throw, and whatever comes out must pass the background's validator.
 * (Mutation fuzz over every fixture is in adapters-fuzz.test.ts.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { paperMeta } from '../../lib/rpc/protocol';
import { decodeHtml, documentFromHtml } from '../../scripts/lib/parse-html';
import { recognize } from '../../lib/sites/registry';

const dir = join(import.meta.dirname, '../fixtures/pages');
const read = (file: string) => readFileSync(join(dir, file), 'utf8');
const valid = (entries: ReturnType<typeof recognize>) => entries.forEach((e) => paperMeta(e.paper, 'paper'));

const PAGES: Array<[string, string]> = [
  ['openreview/openreview_group_ICLR2019_Conference_posters_2020-03.html', 'https://openreview.net/group?id=ICLR.cc/2019/Conference'],
  ['acl-anthology/acl_people_andreas-madsack_2026-07.html', 'https://aclanthology.org/people/a/andreas-madsack/'],
  ['acl-anthology/acl_people_andreas-madsack_2022-05.html', 'https://aclanthology.org/people/a/andreas-madsack/'],
  ['google-scholar/scholar_q_algorithmic_trading_crypto_page2_2025-05.html', 'https://scholar.google.com/scholar?q=x'],
  [
    'cvf/cvf_CVPR2016_He_Deep_Residual_Learning_paper_2026-09.html',
    'https://openaccess.thecvf.com/content_cvpr_2016/html/He_Deep_Residual_Learning_CVPR_2016_paper.html',
  ],
  [
    'neurips/neurips_paper_2017_3f5ee243_attention_2026-09.html',
    'https://proceedings.neurips.cc/paper_files/paper/2017/hash/3f5ee243547dee91fbd053c1c4a845aa-Abstract.html',
  ],
  ['pmlr/pmlr_v139_radford21a_clip_2026-09.html', 'https://proceedings.mlr.press/v139/radford21a.html'],
  ['pmc/pmc_PMC1280342_2023-07.html', 'https://www.ncbi.nlm.nih.gov/pmc/articles/PMC1280342/'],
  ['pubmed/pubmed_search_endometriosis_FRAGMENT_2items_2024-01.html', 'https://pubmed.ncbi.nlm.nih.gov/?term=x'],
  ['papers-with-code/pwc_search_FRAGMENT_2items_2024-01.html', 'https://paperswithcode.com/search?q=x'],
];

describe.each(PAGES)('%s cut off mid-markup', (file, url) => {
  const html = read(file);
  test('at 12 places: no exception, only valid papers, never more rows than the whole page', () => {
    const whole = recognize(documentFromHtml(html), url).length;
    for (let i = 1; i <= 12; i++) {
      const cut = html.slice(0, Math.floor((html.length * i) / 13));
      const entries = recognize(documentFromHtml(cut), url);
      valid(entries);
      expect(entries.length).toBeLessThanOrEqual(whole);
    }
  });
});

describe('the CVF listing cut off mid-row', () => {
  test('rows before the cut are read whole; the row cut in its title has no entry or a shorter one, none invalid', () => {
    const html = read('cvf/cvf_CVPR2020_all_listing_2020-07.html');
    const at = html.indexOf('Footprints and Free Space From a Single');
    const entries = recognize(documentFromHtml(html.slice(0, at + 10)), 'https://openaccess.thecvf.com/CVPR2020');
    valid(entries);
    expect(entries[0].paper.authors).toEqual(['Shangzhe Wu', 'Christian Rupprecht', 'Andrea Vedaldi']);
    expect(entries.length).toBeLessThanOrEqual(2);
  });
});

describe('odd encodings (decodeHtml, as the extractor reads saved pages)', () => {
  const enc = (s: string) => new TextEncoder().encode(s);
  test('UTF-8 with a BOM, UTF-16LE with a BOM, an unknown charset label, a claimed UTF-16 in ASCII', () => {
    expect(decodeHtml(Uint8Array.of(0xef, 0xbb, 0xbf, ...enc('<p>Ł</p>')))).toBe('<p>Ł</p>');
    const utf16 = [0xff, 0xfe, ...Array.from('<p>é</p>').flatMap((c) => [c.charCodeAt(0), 0])];
    expect(decodeHtml(Uint8Array.from(utf16))).toBe('<p>é</p>');
    expect(decodeHtml(enc('<meta charset="x-no-such-thing"><p>Ł</p>'))).toBe('<meta charset="x-no-such-thing"><p>Ł</p>');
    expect(decodeHtml(enc('<meta charset="utf-16"><p>Ł</p>'))).toBe('<meta charset="utf-16"><p>Ł</p>');
  });

  test('windows-1252 bytes 0x80-0x9F become what browsers show (€, curly quotes, dashes)', () => {
    const bytes = Uint8Array.of(...enc('<meta charset="windows-1252">'), 0x80, 0x93, 0x94, 0x96, 0xe9);
    expect(decodeHtml(bytes).slice(-5)).toBe('\u20ac\u201c\u201d\u2013\u00e9');
  });

  test('a listing decoded wrongly still yields valid papers (mangled text, not an exception)', () => {
    const html = read('acl-anthology/acl_people_andreas-madsack_2026-07.html');
    const latin1 = new TextDecoder('latin1').decode(new TextEncoder().encode(html));
    const entries = recognize(documentFromHtml(latin1), 'https://aclanthology.org/people/a/andreas-madsack/');
    valid(entries);
    expect(entries).toHaveLength(6);
  });
});

describe('pages of 10,000 rows', () => {
  // Generous bounds: these catch quadratic work, not noise (linkedom is far slower than a browser;
  // bench/recognize.ts measures Chromium).
  test('a CVF listing of 10,000 real rows with distinct slugs', { timeout: 120_000 }, () => {
    const html = read('cvf/cvf_CVPR2020_all_listing_2020-07.html');
    const rows = [...html.matchAll(/<dt class="ptitle">[\s\S]*?<\/dd>\s*<dd>[\s\S]*?<\/dd>/g)].map((m) => m[0]);
    const big = Array.from({ length: 10_000 }, (_, i) => rows[i % rows.length].replace(/_CVPR_2020_paper/g, `_${i}_CVPR_2020_paper`)).join('\n');
    const doc = documentFromHtml(`<html><body><dl>${big}</dl></body></html>`);
    const started = performance.now();
    const entries = recognize(doc, 'https://openaccess.thecvf.com/CVPR2020');
    const took = performance.now() - started;
    console.log(`10,000-row CVF listing recognized in ${took.toFixed(0)} ms (linkedom)`);
    expect(took).toBeLessThan(30_000);
    expect(entries).toHaveLength(10_000);
    expect(new Set(entries.map((e) => e.paper.id)).size).toBe(10_000);
  });

  test('10,000 OpenReview notes, and the same rows read by the generic listing reader', { timeout: 120_000 }, () => {
    const rows = Array.from(
      { length: 10_000 },
      (_, i) =>
        `<li class="note" data-id="id${String(i).padStart(6, '0')}"><h4><a href="https://openreview.net/forum?id=id${String(i).padStart(6, '0')}">Paper number ${i} about things</a> <a href="https://openreview.net/pdf?id=id${String(i).padStart(6, '0')}" class="pdf-link">pdf</a></h4><div class="note-authors"><a href="/profile?id=~A_B1">A B</a></div></li>`,
    ).join('');
    const html = `<html><body><ul>${rows}</ul></body></html>`;
    let started = performance.now();
    const viaAdapter = recognize(documentFromHtml(html), 'https://openreview.net/group?id=X');
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(viaAdapter).toHaveLength(10_000);
    started = performance.now();
    const viaLinks = recognize(documentFromHtml(html), 'https://example.org/list', { links: true });
    expect(performance.now() - started).toBeLessThan(30_000);
    expect(viaLinks).toHaveLength(10_000);
    expect(viaLinks[9_999].paper.title).toBe('Paper number 9999 about things');
  });
});
