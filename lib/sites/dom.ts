/** DOM helpers shared by adapters. Each takes its root as an argument. */
import { normalizeTitle } from '../core/ids';
import { cleanText } from '../core/text';
import type { RecognizedEntry } from '../core/types';
import type { RowReader } from './adapter';

function collectText(node: Node, drop: string, parts: string[]) {
  for (const child of node.childNodes) {
    if (child.nodeType === 3) parts.push(child.nodeValue ?? '');
    else if (child.nodeType === 1 && !(child as Element).matches(drop)) collectText(child, drop, parts);
  }
}

/** Text of an element without its `<span class="descriptor">Title:</span>`-style labels. */
export function textWithout(el: Element | null | undefined, dropSelector = '.descriptor'): string {
  if (!el) return '';
  // Walks the text instead of cloning: listings call this thousands of times per page.
  if (!el.querySelector(dropSelector)) return cleanText(el.textContent);
  const parts: string[] = [];
  collectText(el, dropSelector, parts);
  return cleanText(parts.join(''));
}

/** All `<meta name=…>` (and `property=…`) contents in the root, by lower-cased name. */
export function metaTags(root: ParentNode): Map<string, string[]> {
  const out = new Map<string, string[]>();
  // `value=` too: bioRxiv and medRxiv write their Dublin Core tags that way (`DC.Identifier`).
  for (const m of root.querySelectorAll('meta[content], meta[value]')) {
    const name = (m.getAttribute('name') ?? m.getAttribute('property'))?.toLowerCase();
    const content = cleanText(m.getAttribute('content') ?? m.getAttribute('value'));
    if (!name || !content) continue;
    const list = out.get(name);
    if (list) list.push(content);
    else out.set(name, [content]);
  }
  return out;
}

/** The heading that shows this title (where the mark belongs), else the page's first h1. */
export function headingFor(root: ParentNode, title: string): Element | null {
  const key = normalizeTitle(title);
  const headings = [...root.querySelectorAll('h1, h2')];
  return (
    headings.find((h) => normalizeTitle(h.textContent ?? '') === key) ??
    headings.find((h) => {
      const t = normalizeTitle(h.textContent ?? '');
      return t.length > 8 && (t.includes(key) || key.includes(t));
    }) ??
    root.querySelector('h1')
  );
}

/** A link's absolute URL, resolved against the page; only http(s). */
export function absoluteUrl(href: string | null | undefined, base: URL): string | undefined {
  if (!href) return undefined;
  try {
    const u = new URL(href, base);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Texts of the links inside the first element matching `container` (author lists). One
 * container lookup, then its links by tag: a descendant selector (`.authors a`) run per row
 * costs ~15× more in Chromium, which matters on 2,000-row listings.
 */
export function linkTexts(root: ParentNode, container: string): string[] {
  const box = root.querySelector(container);
  if (!box) return [];
  return Array.from(box.getElementsByTagName('a'), (a) => cleanText(a.textContent)).filter(Boolean);
}

/** Every row of a listing read in page order: what an adapter with a row reader recognizes. */
export function readRows(root: ParentNode, reader: RowReader): RecognizedEntry[] {
  const out: RecognizedEntry[] = [];
  for (const row of root.querySelectorAll(reader.selector)) {
    const entry = reader.read(row);
    if (entry) out.push(entry);
  }
  return out;
}
