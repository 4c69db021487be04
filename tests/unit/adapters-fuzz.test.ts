/**
 * Adapters never throw and stay fast on strange markup: each real fixture is mutated (elements
 * removed, attributes garbled, text replaced with hostile strings) and recognized again. What
 * comes out must still pass the background's validator. Fixed seed; `npm run fuzz` runs longer.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { paperMeta } from '../../lib/rpc/protocol';
import { documentFromHtml } from '../../scripts/lib/parse-html';
import { recognize, type RecognizeOptions } from '../../lib/sites/registry';

const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const dir = join(import.meta.dirname, '../fixtures/pages');

const FIXTURES: Array<[string, string, RecognizeOptions?]> = [
  ['hf-papers/hf_daily_papers_kube-ebded23_2026-07.html', 'https://huggingface.co/papers'],
  ['hf-papers/hf_paper_2509.24002_2025-10.html', 'https://huggingface.co/papers/2509.24002'],
  ['arxiv-list/arxiv_list_cs.CL_recent_2026-07-27.html', 'https://arxiv.org/list/cs.CL/recent'],
  ['arxiv-abs/arxiv_abs_1902.02534_2024-04-20.html', 'https://arxiv.org/abs/1902.02534'],
  ['arxiv-abs/arxiv_abs_1902.02534_2025-05-10.html', 'https://arxiv.org/abs/1902.02534'],
  ['arxiv-abs/arxiv_abs_1902.02534_2026-07-23.html', 'https://arxiv.org/abs/1902.02534'],
  ['acl-anthology/acl_2021.naacl-main.208.html', 'https://aclanthology.org/2021.naacl-main.208/'],
  ['ieee/10.1109_ACCESS.2024.3352924_landing.html', 'https://ieeexplore.ieee.org/document/10388355'],
  ['ieee/10.1109_TIM.2024.3509573_landing.html', 'https://ieeexplore.ieee.org/document/10770553'],
  ['google-scholar/scholar_q_learning_deep_architectures.html', 'https://scholar.google.co.jp/scholar?q=x'],
  ['other-publishers/plos_one_article.html', 'https://journals.plos.org/plosone/article?id=x'],
  ['other-publishers/elife_article.html', 'https://elifesciences.org/articles/x'],
  ['other-publishers/springer_s10924-010-0192-1.html', 'https://link.springer.com/article/10.1007/s10924-010-0192-1'],
  ['other-publishers/sciencedirect_S146290112300117X.html', 'https://www.sciencedirect.com/science/article/pii/S146290112300117X'],
  // Read by the popup on demand (no content script runs on these sites), through the same readers.
  ['other-publishers/aps_physrevx.12.041027.html', 'https://journals.aps.org/prx/abstract/10.1103/PhysRevX.12.041027'],
  ['other-publishers/hal_hal_jpa_00235190.html', 'https://hal.science/jpa-00235190'],
  ['other-publishers/nber_w29971.html', 'https://www.nber.org/papers/w29971'],
  ['other-publishers/usenix_bulekov.html', 'https://www.usenix.org/conference/usenixsecurity22/presentation/bulekov'],
  ['openreview/openreview_group_ICLR2019_Conference_posters_2020-03.html', 'https://openreview.net/group?id=ICLR.cc/2019/Conference'],
  ['cvf/cvf_CVPR2020_all_listing_2020-07.html', 'https://openaccess.thecvf.com/CVPR2020'],
  [
    'cvf/cvf_CVPR2016_He_Deep_Residual_Learning_paper_2026-09.html',
    'https://openaccess.thecvf.com/content_cvpr_2016/html/He_Deep_Residual_Learning_CVPR_2016_paper.html',
  ],
  ['acl-anthology/acl_people_andreas-madsack_2022-05.html', 'https://aclanthology.org/people/a/andreas-madsack/'],
  ['acl-anthology/acl_people_andreas-madsack_2026-07.html', 'https://aclanthology.org/people/a/andreas-madsack/'],
  ['google-scholar/scholar_q_algorithmic_trading_crypto_page2_2025-05.html', 'https://scholar.google.com/scholar?q=x'],
  [
    'neurips/neurips_paper_2017_3f5ee243_attention_2026-09.html',
    'https://proceedings.neurips.cc/paper_files/paper/2017/hash/3f5ee243547dee91fbd053c1c4a845aa-Abstract.html',
  ],
  ['pmlr/pmlr_v139_radford21a_clip_2026-09.html', 'https://proceedings.mlr.press/v139/radford21a.html'],
  ['pmc/pmc_PMC1280342_2023-07.html', 'https://www.ncbi.nlm.nih.gov/pmc/articles/PMC1280342/'],
  ['pubmed/pubmed_search_endometriosis_FRAGMENT_2items_2024-01.html', 'https://pubmed.ncbi.nlm.nih.gov/?term=endometriosis'],
  ['arxiv-search/arxiv_search_FRAGMENT_2items_2024-01.html', 'https://arxiv.org/search/?query=x&searchtype=all'],
  ['papers-with-code/pwc_search_FRAGMENT_2items_2024-01.html', 'https://paperswithcode.com/search?q=x'],
  // The same OpenReview rows in the opt-in "any page" mode: the generic listing reader's turn.
  ['openreview/openreview_group_ICLR2019_Conference_posters_2020-03.html', 'https://example.org/mirror', { links: true }],
];

// Parsing the 4 MB CVF listing takes a second or two outside a browser: fewer runs there.
const runsFor = (file: string) => (file.startsWith('cvf/cvf_CVPR2020') ? Math.max(2, Math.ceil(RUNS / 4)) : RUNS);

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{"dailyPapers":[{"paper":{"id":"1","title":7}}]}',
  '\u0000\uFFFF\uD800',
  'x'.repeat(100_000),
  '',
  '10.1/x',
  'arXiv:9999.99999v9',
  '</script><script>alert(1)</script>',
];

type Mutation = { kind: 'remove'; pick: number } | { kind: 'attr'; pick: number; attr: string; value: string } | { kind: 'text'; pick: number; value: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }),
  fc.record({
    kind: fc.constant('attr' as const),
    pick: fc.nat(),
    attr: fc.constantFrom('href', 'data-props', 'content', 'class', 'id', 'title', 'name'),
    value: fc.oneof(fc.constantFrom(...HOSTILE), fc.string()),
  }),
  fc.record({ kind: fc.constant('text' as const), pick: fc.nat(), value: fc.oneof(fc.constantFrom(...HOSTILE), fc.string()) }),
);

function mutate(doc: Document, mutations: Mutation[]) {
  for (const m of mutations) {
    const all = doc.querySelectorAll('body *, head meta, head script');
    if (!all.length) return;
    const el = all[m.pick % all.length];
    if (m.kind === 'remove') el.remove();
    else if (m.kind === 'attr') el.setAttribute(m.attr, m.value);
    else el.textContent = m.value;
  }
}

test('every captured page is fuzzed and has its SOURCES.md row', () => {
  const pages = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html'));
  const fuzzed = new Set(FIXTURES.map(([file]) => file));
  expect(pages.filter((f) => !fuzzed.has(f))).toEqual([]);
  for (const f of pages) expect(readFileSync(join(dir, dirname(f), 'SOURCES.md'), 'utf8'), f).toContain(basename(f));
});

describe.each(FIXTURES)('mutated %s (%s)', (file, url, options) => {
  const html = readFileSync(join(dir, file), 'utf8');
  test('never throws, stays fast, and yields only valid papers', { timeout: 10_000 + runsFor(file) * 4_000 }, () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 25 }), (mutations) => {
        const doc = documentFromHtml(html);
        mutate(doc, mutations);
        const started = performance.now();
        const entries = recognize(doc, url, options);
        // Generous: a real page takes a few ms; this catches runaway loops, not noise.
        expect(performance.now() - started).toBeLessThan(2_000);
        for (const e of entries) expect(() => paperMeta(e.paper, 'paper')).not.toThrow();
      }),
      { seed: 20261129, numRuns: runsFor(file) },
    );
  });
});
