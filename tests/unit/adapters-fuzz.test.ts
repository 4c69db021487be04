/**
 * Adapters never throw and stay fast on strange markup: each real fixture is mutated (elements
 * removed, attributes garbled, text replaced with hostile strings) and recognized again. What
 * comes out must still pass the background's validator. Fixed seed; `npm run fuzz` runs longer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { paperMeta } from '../../lib/rpc/protocol';
import { documentFromHtml } from '../../lib/sites/parse-html';
import { recognize } from '../../lib/sites/registry';

const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const dir = join(import.meta.dirname, '../fixtures/pages');

const FIXTURES: Array<[string, string]> = [
  ['hf-papers/hf_daily_papers_kube-ebded23_2026-07.html', 'https://huggingface.co/papers'],
  ['hf-papers/hf_paper_2509.24002_2025-10.html', 'https://huggingface.co/papers/2509.24002'],
  ['arxiv-list/arxiv_list_cs.CL_recent_2026-07-27.html', 'https://arxiv.org/list/cs.CL/recent'],
  ['arxiv-abs/arxiv_abs_1902.02534_2026-07-23.html', 'https://arxiv.org/abs/1902.02534'],
  ['acl-anthology/acl_2021.naacl-main.208.html', 'https://aclanthology.org/2021.naacl-main.208/'],
  ['ieee/10.1109_ACCESS.2024.3352924_landing.html', 'https://ieeexplore.ieee.org/document/10388355'],
  ['google-scholar/scholar_q_learning_deep_architectures.html', 'https://scholar.google.co.jp/scholar?q=x'],
  ['other-publishers/plos_one_article.html', 'https://journals.plos.org/plosone/article?id=x'],
];

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

type Mutation =
  | { kind: 'remove'; pick: number }
  | { kind: 'attr'; pick: number; attr: string; value: string }
  | { kind: 'text'; pick: number; value: string };

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

describe.each(FIXTURES)('mutated %s', (file, url) => {
  const html = readFileSync(join(dir, file), 'utf8');
  test('never throws, stays fast, and yields only valid papers', { timeout: 10_000 + RUNS * 1_000 }, () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 25 }), (mutations) => {
        const doc = documentFromHtml(html);
        mutate(doc, mutations);
        const started = performance.now();
        const entries = recognize(doc, url);
        // Generous: a real page takes a few ms; this catches runaway loops, not noise.
        expect(performance.now() - started).toBeLessThan(2_000);
        for (const e of entries) expect(() => paperMeta(e.paper, 'paper')).not.toThrow();
      }),
      { seed: 20261129, numRuns: RUNS },
    );
  });
});
