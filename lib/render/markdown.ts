/**
 * Notes are Markdown: parsed by markdown-it into tokens (never into an HTML string), with raw
 * HTML off (a note's `<img onerror>` stays text) and `$…$` / `$$…$$` read as math. The tokens
 * are turned into elements by components/Markdown.tsx, from an allow-list of tags.
 *
 * Extension pages and the panel frame only: the content script never imports this (the page's
 * bundle stays small, tests/unit/reliability.test.ts reads the bundles).
 */
import MarkdownIt from 'markdown-it';
import type { StateInline, Token as MdToken } from 'markdown-it';

export type Token = MdToken;

/**
 * `$x^2$` inline and `$$…$$` as display math. A `$` followed by a space or preceded by one is
 * a dollar sign ("costs $5 and $6"), as in pandoc's tex_math_dollars.
 */
function mathRule(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  if (src.charCodeAt(start) !== 0x24 /* $ */) return false;
  const display = src.charCodeAt(start + 1) === 0x24;
  const open = display ? 2 : 1;
  if (!display && /\s/.test(src[start + 1] ?? ' ')) return false;
  let end = start + open;
  for (;;) {
    end = src.indexOf(display ? '$$' : '$', end);
    if (end < 0) return false;
    if (src[end - 1] === '\\') {
      end += 1;
      continue;
    }
    break;
  }
  const content = src.slice(start + open, end);
  if (!content.trim()) return false;
  if (!display && (/\s/.test(content[content.length - 1]) || /\d/.test(src[end + 1] ?? ''))) return false;
  if (!silent) {
    const token = state.push('math', 'math', 0);
    token.content = content;
    token.markup = display ? '$$' : '$';
  }
  state.pos = end + open;
  return true;
}

let md: ReturnType<typeof MarkdownIt> | undefined;

function parser(): ReturnType<typeof MarkdownIt> {
  if (md) return md;
  md = new MarkdownIt({ html: false, linkify: true, typographer: false });
  md.inline.ruler.before('escape', 'math', mathRule);
  // Links only to the web: markdown-it's own check would let `data:image/…` and relative ones pass.
  md.validateLink = (url: string) => /^https?:\/\//i.test(url.trim());
  return md;
}

/** The tokens of a note, block level with inline children. */
export function parseMarkdown(text: string): Token[] {
  return parser().parse(text, {});
}

/** A title split into plain text and `$…$` math runs (titles are not Markdown). */
export function splitMath(text: string): Array<{ text: string; math: boolean }> {
  const out: Array<{ text: string; math: boolean }> = [];
  const re = /\$([^$\n]+?)\$/g;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (m.index! > last) out.push({ text: text.slice(last, m.index), math: false });
    out.push({ text: m[1], math: true });
    last = m.index! + m[0].length;
  }
  if (last < text.length) out.push({ text: text.slice(last), math: false });
  return out;
}

/**
 * A note as the words a reader sees, on one line: for previews, where `**`, `#` and `[…](…)`
 * shown as typed read as noise. Taken from the same parse as the rendered note, so a preview
 * never disagrees with it; math stays as written (`$x^2$`), code keeps its text.
 */
export function plainText(text: string): string {
  const out: string[] = [];
  for (const block of parseMarkdown(text)) {
    if (block.type === 'fence' || block.type === 'code_block') out.push(block.content);
    for (const t of block.children ?? []) {
      if (t.type === 'text' || t.type === 'code_inline') out.push(t.content);
      else if (t.type === 'math') out.push(`${t.markup}${t.content}${t.markup}`);
      else if (t.type === 'softbreak' || t.type === 'hardbreak') out.push(' ');
      else if (t.type === 'image') out.push(t.content);
    }
    if (block.type.endsWith('_close') || block.type === 'inline') out.push(' ');
  }
  return out.join('').replace(/\s+/g, ' ').trim();
}
