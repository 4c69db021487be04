/**
 * Notes rendered as Markdown from tokens, never from an HTML string: lists, links and math
 * render; HTML in a note stays text; only http(s) links; titles with `$…$` render as MathML.
 */
import { parseHTML } from 'linkedom';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeAll, beforeEach, expect, test, vi } from 'vitest';
import { Markdown } from '../../components/shared/Markdown';
import { TitleText } from '../../components/shared/Tex';
import { RelatedList } from '../../components/shared/RelatedList';
import { plainText, splitMath } from '../../lib/render/markdown';

let root: HTMLElement;
let doc: Document;

// Temml is loaded on first use (components/Tex.tsx); its first import here takes a while to transform.
beforeAll(() => import('temml'), 30_000);

beforeEach(() => {
  const { document, window } = parseHTML('<!doctype html><html><body><div id="r"></div></body></html>');
  vi.stubGlobal('document', document);
  vi.stubGlobal('window', window);
  doc = document as unknown as Document;
  root = document.getElementById('r') as unknown as HTMLElement;
});
afterEach(() => {
  render(null, root);
  vi.unstubAllGlobals();
});

const show = (vnode: any) => act(() => render(vnode, root));
/** Temml is loaded on first use: math renders a moment after the rest. */
const rendered = (selector: string) => vi.waitFor(() => expect(root.querySelector(selector)).not.toBeNull());

test('a list, a link, emphasis and inline math render as elements', async () => {
  show(h(Markdown, { text: '# Idea\n\n- first **bold**\n- see [the paper](https://arxiv.org/abs/1706.03762)\n\nloss is $x^2$ here' }));
  expect(root.querySelector('h4')?.textContent).toBe('Idea');
  expect([...root.querySelectorAll('ul > li')].map((li) => li.textContent)).toEqual(['first bold', 'see the paper']);
  expect(root.querySelector('strong')?.textContent).toBe('bold');
  const a = root.querySelector('a')!;
  expect(a.getAttribute('href')).toBe('https://arxiv.org/abs/1706.03762');
  expect(a.getAttribute('rel')).toBe('noopener noreferrer');
  expect(a.getAttribute('target')).toBe('_blank');
  await rendered('.tex math');
  const math = root.querySelector('.tex math');
  expect(math).not.toBeNull();
  expect(math!.querySelector('msup')).not.toBeNull();
});

test('HTML in a note is text, and nothing but http(s) becomes a link', () => {
  const hostile =
    '<img src=x onerror="alert(1)"> <script>alert(2)</script>\n\n[click](javascript:alert(3)) [data](data:text/html,hi) ![pic](https://tracker.example/p.png) <a href="https://x.example">raw</a>';
  show(h(Markdown, { text: hostile }));
  expect(root.querySelector('img, script, iframe')).toBeNull();
  // Only the bare web address in the raw tag is linked (linkify); the javascript: and data: ones are text.
  expect([...root.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['https://x.example']);
  expect(root.textContent).toContain('<img src=x onerror="alert(1)">');
  expect(root.textContent).toContain('<script>alert(2)</script>');
  expect(root.textContent).toContain('[click](javascript:alert(3))');
  // An image is its alt text: a note never makes the browser fetch anything.
  expect(root.textContent).toContain('pic');
  for (const el of root.querySelectorAll('*')) for (const attr of el.getAttributeNames()) expect(attr).not.toMatch(/^on/);
});

test('dollar amounts stay text; bad TeX falls back to its source; \\href is not trusted', async () => {
  show(h(Markdown, { text: 'costs $5 and $6 today; bad $\\frac{1$; link $\\href{javascript:alert(1)}{x}$' }));
  expect(root.textContent).toContain('costs $5 and $6 today');
  // Each piece of math either rendered or fell back to its source.
  await vi.waitFor(() => expect([...root.querySelectorAll('.tex')].every((t) => t.querySelector('math') || t.classList.contains('tex-fallback'))).toBe(true));
  const fallbacks = [...root.querySelectorAll('.tex-fallback')].map((e) => e.textContent);
  expect(fallbacks).toContain('$\\frac{1$');
  expect(root.querySelector('a, [href]')).toBeNull();
});

test('titles: math rendered, the rest highlighted, plain titles untouched', async () => {
  expect(splitMath('MoE$^2$-LoRA')).toEqual([
    { text: 'MoE', math: false },
    { text: '^2', math: true },
    { text: '-LoRA', math: false },
  ]);
  show(h(TitleText, { text: 'Sparse $\\ell_1$ Recovery', terms: ['sparse'] }));
  expect(root.querySelector('mark')?.textContent).toBe('Sparse');
  await rendered('math msub');
  expect(root.querySelector('math annotation')?.textContent).toBe('\\ell_1');
  show(h(TitleText, { text: 'Price in $ and €' }));
  expect(root.textContent).toBe('Price in $ and €');
  void doc;
});

test('a note preview shows the words, not the Markdown marks, and never HTML', () => {
  expect(plainText('# Idea\n\nSome **bold** and _it_ with [a link](https://x.org) and `code`.\n\n- one\n- two')).toBe(
    'Idea Some bold and it with a link and code. one two',
  );
  // Underscores inside words and math are not emphasis: they stay.
  expect(plainText('snake_case_word and $x_i^2$ stay')).toBe('snake_case_word and $x_i^2$ stay');
  expect(plainText('<img src=x onerror=alert(1)> raw')).toBe('<img src=x onerror=alert(1)> raw');
  expect(plainText('')).toBe('');
});

test('the related list shows a note as its words', () => {
  show(
    h(RelatedList, {
      related: [{ id: 'a', title: 'T', note: '**Baseline** for [our work](https://x.org)', score: 0.5, strength: 'good', terms: [] }],
    }),
  );
  expect(root.querySelector('.related-note')?.textContent).toBe('Baseline for our work');
  // A note's lines arrive as written: a list under its first line is a list, not "- " text.
  show(h(RelatedList, { related: [{ id: 'b', title: 'T', note: 'Baseline.\n- routing overhead\n- compare', score: 0.5, strength: 'good', terms: [] }] }));
  expect(root.querySelector('.related-note')?.textContent).toBe('Baseline. routing overhead compare');
});
