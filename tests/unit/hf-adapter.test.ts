import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { documentFromHtml } from '../../scripts/lib/parse-html';
import { recognize } from '../../lib/sites/registry';

const dir = join(import.meta.dirname, '../fixtures/pages/hf-papers');
const load = (name: string) => documentFromHtml(readFileSync(join(dir, name), 'utf8'));

const DAILY_IDS = [
  '2606.28322',
  '2607.00466',
  '2606.19271',
  '2607.01071',
  '2607.00461',
  '2607.00666',
  '2607.00248',
  '2607.01104',
  '2607.00272',
  '2607.01191',
  '2607.00678',
  '2606.31551',
  '2607.01218',
  '2607.00917',
  '2606.20997',
  '2607.00553',
  '2607.01211',
  '2607.00924',
  '2606.32029',
  '2606.31292',
  '2607.00407',
  '2607.01131',
  '2606.30124',
  '2606.29464',
  '2606.26040',
  '2607.00529',
  '2607.00115',
  '2606.31179',
  '2606.30030',
  '2606.28661',
  '2606.28430',
];

describe('Hugging Face daily listing (real page, build kube-ebded23, 2026-07-02)', () => {
  const doc = load('hf_daily_papers_kube-ebded23_2026-07.html');
  const entries = recognize(doc, 'https://huggingface.co/papers');

  test('recognizes all 31 papers, in page order, by canonical arXiv id', () => {
    expect(entries.map((e) => e.paper.id)).toEqual(DAILY_IDS.map((id) => `arxiv:${id}`));
  });

  test('anchors every entry on its own card title', () => {
    const anchors = entries.map((e) => e.anchor);
    expect(anchors.every((a) => a?.tagName === 'H3')).toBe(true);
    expect(new Set(anchors).size).toBe(31);
    for (const e of entries) {
      expect(e.anchor!.querySelector('a')!.getAttribute('href')).toBe(`/papers/${e.paper.ids.arxiv}`);
      expect(e.anchor!.textContent!.trim()).toBe(e.paper.title);
    }
  });

  test('reads full metadata from the page data', () => {
    const first = entries[0].paper;
    expect(first).toMatchObject({
      id: 'arxiv:2606.28322',
      ids: { arxiv: '2606.28322' },
      title: 'PerceptionRubrics: Calibrating Multimodal Evaluation to Human Perception',
      published: '2026-06-26',
      source: 'huggingface',
      links: {
        abs: 'https://arxiv.org/abs/2606.28322',
        pdf: 'https://arxiv.org/pdf/2606.28322',
        hf: 'https://huggingface.co/papers/2606.28322',
        code: 'https://github.com/M1chaelPeng/PerceptionRubrics',
        project: 'https://weiyana.github.io/PerceptionRubrics/',
      },
    });
    expect(first.authors).toHaveLength(17);
    expect(first.authors.slice(0, 3)).toEqual(['Yana Wei', 'Hongbo Peng', 'Yanlin Lai']);
    expect(first.authors.at(-1)).toBe('Vishal M. Patel');
    expect(first.abstract).toMatch(/^We introduce PerceptionRubrics, a rubric-based evaluation framework/);
    expect(first.abstract).toMatch(/prerequisite for reliable generation\.$/);

    const last = entries[30].paper;
    expect(last.title).toBe('Building to the Test: Coding Agents Deliver What You Check, Not What You Requested');
    expect(last.authors).toEqual(['Yanuo Ma', 'Ben Kereopa-Yorke', 'Ben Schultz']);
    expect(last.abstract).toMatch(/^Benchmarks are widely used to evaluate task completion by Large Language Models/);
    expect(last.abstract).toMatch(/validation self-awareness merit research attention\.$/);
    expect(last.links.code).toBe('https://github.com/yanuoma/b2t');
    expect(last.links.project).toBeUndefined();
  });

  test('every entry has a title, authors and an abstract; 241 author names in all', () => {
    for (const { paper } of entries) {
      expect(paper.title.length).toBeGreaterThan(10);
      expect(paper.authors.length).toBeGreaterThan(0);
      expect(paper.abstract!.length).toBeGreaterThan(200);
    }
    expect(entries.reduce((n, e) => n + e.paper.authors.length, 0)).toBe(241);
  });

  test('dated listing URLs recognize the same page', () => {
    expect(recognize(doc, 'https://huggingface.co/papers/date/2026-07-02')).toHaveLength(31);
  });

  test('without the embedded data it falls back to the rendered cards', () => {
    const bare = load('hf_daily_papers_kube-ebded23_2026-07.html');
    bare.querySelector('[data-target="DailyPapers"]')!.removeAttribute('data-props');
    const cards = recognize(bare, 'https://huggingface.co/papers');
    expect(cards.map((e) => e.paper.id)).toEqual(DAILY_IDS.map((id) => `arxiv:${id}`));
    expect(cards[0].paper.title).toBe('PerceptionRubrics: Calibrating Multimodal Evaluation to Human Perception');
    expect(cards[0].paper.authors).toEqual([]);
  });

  test('garbled embedded data yields the cards, not an exception', () => {
    const bad = load('hf_daily_papers_kube-ebded23_2026-07.html');
    bad.querySelector('[data-target="DailyPapers"]')!.setAttribute('data-props', '{"dailyPapers": [1, null, {"paper": 7}');
    expect(recognize(bad, 'https://huggingface.co/papers')).toHaveLength(31);
  });
});

describe('Hugging Face single paper page (real page, 2509.24002)', () => {
  const doc = load('hf_paper_2509.24002_2025-10.html');

  test('recognizes the one paper with its full metadata, anchored on the heading', () => {
    const entries = recognize(doc, 'https://huggingface.co/papers/2509.24002');
    expect(entries).toHaveLength(1);
    const [{ paper, anchor }] = entries;
    expect(anchor?.tagName).toBe('H1');
    expect(paper.id).toBe('arxiv:2509.24002');
    // The page wraps the title over two lines; the entry has it on one.
    expect(paper.title).toBe('MCPMark: A Benchmark for Stress-Testing Realistic and Comprehensive MCP Use');
    expect(paper.authors).toHaveLength(15);
    expect(paper.authors[0]).toBe('Zijian Wu');
    expect(paper.authors.at(-1)).toBe('Michael Qizhe Shieh');
    expect(paper.abstract).toMatch(/^MCP standardizes how LLMs interact with external systems/);
    expect(paper.published).toBe('2025-09-28');
    expect(paper.links.code).toBe('https://github.com/eval-sys/mcpmark');
  });
});

describe('edge cases', () => {
  test('an empty listing yields nothing', () => {
    const doc = documentFromHtml('<html><body><main><h1>Daily Papers</h1></main></body></html>');
    expect(recognize(doc, 'https://huggingface.co/papers')).toEqual([]);
  });

  test('pages Gloss does not support yield nothing', () => {
    const doc = load('hf_daily_papers_kube-ebded23_2026-07.html');
    expect(recognize(doc, 'https://example.org/papers')).toEqual([]);
    expect(recognize(doc, 'not a url')).toEqual([]);
  });

  test('hostile strings stay text and links stay web links', () => {
    const props = JSON.stringify({
      dailyPapers: [
        {
          paper: {
            id: '2401.00001',
            title: '<img src=x onerror=alert(1)>',
            authors: [{ name: '<script>alert(2)</script>' }],
            summary: '"><svg onload=alert(3)>',
            githubRepo: 'javascript:alert(4)',
            projectPage: 'data:text/html,<script>alert(5)</script>',
          },
        },
      ],
    });
    const doc = documentFromHtml('<html><body><div data-target="DailyPapers"></div></body></html>');
    doc.querySelector('div')!.setAttribute('data-props', props);
    const [{ paper }] = recognize(doc, 'https://huggingface.co/papers');
    expect(paper.title).toBe('<img src=x onerror=alert(1)>');
    expect(paper.authors).toEqual(['<script>alert(2)</script>']);
    expect(paper.links.code).toBeUndefined();
    expect(paper.links.project).toBeUndefined();
  });
});
