import type { ComponentChildren, VNode } from 'preact';
import { h } from 'preact';
import { parseMarkdown, type Token } from '../../lib/render/markdown';
import { Highlighted } from './Highlighted';
import { Tex } from './Tex';

/**
 * A note rendered from its Markdown tokens into elements of an allow-list: no HTML string is
 * ever made or parsed, raw HTML in a note is shown as text, links go only to http(s) pages and
 * open apart (`noopener`), images are shown as their alt text (a note must not make the browser
 * fetch anything).
 */
const BLOCK_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'table', 'thead', 'tbody', 'tr', 'th', 'td']);
const INLINE_TAGS = new Set(['em', 'strong', 's', 'a']);

interface Frame {
  tag: string;
  attrs: Record<string, string>;
  children: ComponentChildren[];
}

function element(frame: Frame, key: number): VNode<any> {
  if (frame.tag === 'a') {
    return h('a', { key, href: frame.attrs.href, target: '_blank', rel: 'noopener noreferrer' }, frame.children);
  }
  // Headings in a note are parts of a note, not of the page: one level of emphasis each.
  const tag = /^h[1-6]$/.test(frame.tag) ? `h${Math.min(6, Number(frame.tag[1]) + 3)}` : frame.tag;
  const props: Record<string, unknown> = { key };
  if (frame.tag === 'ol' && frame.attrs.start) props.start = Number(frame.attrs.start) || undefined;
  if ((frame.tag === 'td' || frame.tag === 'th') && /^text-align:(left|right|center)$/.test(frame.attrs.style ?? '')) props.style = frame.attrs.style;
  return h(tag, props, frame.children);
}

function renderTokens(tokens: Token[], allowed: Set<string>, terms: string[]): ComponentChildren[] {
  const root: Frame = { tag: '', attrs: {}, children: [] };
  const stack: Frame[] = [root];
  const top = () => stack[stack.length - 1];
  let key = 0;
  for (const t of tokens) {
    if (t.nesting === 1) {
      stack.push({ tag: allowed.has(t.tag) ? t.tag : '', attrs: Object.fromEntries((t.attrs ?? []).map(([k, v]) => [k, String(v)])), children: [] });
      continue;
    }
    if (t.nesting === -1) {
      const frame = stack.length > 1 ? stack.pop()! : root;
      if (frame === root) continue;
      if (frame.tag) top().children.push(element(frame, key++));
      else top().children.push(...frame.children);
      continue;
    }
    const out = top().children;
    switch (t.type) {
      case 'inline':
        out.push(...renderTokens(t.children ?? [], INLINE_TAGS, terms));
        break;
      case 'text':
        out.push(terms.length ? h(Highlighted, { key: key++, text: t.content, terms }) : t.content);
        break;
      case 'softbreak':
        out.push('\n');
        break;
      case 'hardbreak':
        out.push(h('br', { key: key++ }));
        break;
      case 'code_inline':
        out.push(h('code', { key: key++ }, t.content));
        break;
      case 'code_block':
      case 'fence':
        out.push(h('pre', { key: key++ }, h('code', null, t.content)));
        break;
      case 'math':
        out.push(h(Tex, { key: key++, tex: t.content, display: t.markup === '$$' }));
        break;
      case 'hr':
        out.push(h('hr', { key: key++ }));
        break;
      case 'image':
        out.push(t.content);
        break;
      default:
        // Anything else (html_inline / html_block cannot occur with html off) is shown as text.
        if (t.content) out.push(t.content);
    }
  }
  // Unclosed frames (never from markdown-it, but cheap to be safe about) keep their text.
  while (stack.length > 1) root.children.push(...stack.pop()!.children);
  return root.children;
}

/** A note as Markdown, with the search's matches (`terms`) highlighted in its text. */
export function Markdown({ text, terms = [], class: cls = 'markdown' }: { text: string; terms?: string[]; class?: string }) {
  return <div class={cls}>{renderTokens(parseMarkdown(text), BLOCK_TAGS, terms)}</div>;
}
