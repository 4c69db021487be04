/**
 * A Gloss note (Markdown as the user typed it) ↔ a Zotero child note (HTML).
 *
 * Covered both ways: paragraphs (single line breaks kept), headings, bullet and numbered lists,
 * block quotes, fenced code, emphasis, strong, inline code, links and `$math$` / `$$math$$`
 * text (kept verbatim: Zotero's note editor stores math as the same dollar-delimited text).
 * Markdown → HTML → Markdown gives back the same text for notes written in that subset (`*x*`
 * comes back as `*x*`, `_x_` as `*x*`: one canonical form). Zotero HTML → Markdown keeps text
 * only: no tag, attribute or script of the HTML survives, links only with http(s)/mailto URLs.
 *
 * Gloss's own note starts with the heading GLOSS_NOTE_HEADING (and carries `data-gloss-note`
 * on its wrapper): the heading survives Zotero's editor, which may drop unknown attributes, and
 * it names the note in Zotero's item pane.
 */

export const GLOSS_NOTE_HEADING = 'Gloss note';

// ---------------------------------------------------------------- Markdown → HTML

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const SAFE_URL = /^(https?:|mailto:)/i;
const PUNCT = /[!-/:-@[-`{-~]/;
const MATH = /^(\$\$[^$]+?\$\$|\$[^$\n]+?\$)/;
const ALNUM = /[\p{L}\p{N}]/u;

/** Index of the closing delimiter `d` at or after `from`, skipping escapes, code and math. */
function findClose(s: string, from: number, d: string): number {
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '`') {
      const run = s.slice(i).match(/^`+/)![0];
      const end = s.indexOf(run, i + run.length);
      if (end > 0) i = end + run.length - 1;
      continue;
    }
    if (c === '$') {
      const m = s.slice(i).match(MATH);
      if (m) {
        i += m[0].length - 1;
        continue;
      }
    }
    if (s.startsWith(d, i)) {
      // `***` closing a strong run that ends with an emphasis: the emphasis takes the first star.
      if (d === '**' && s[i + 2] === '*' && !/\s/.test(s[i - 1] ?? ' ')) return i + 1;
      if (d === '*' && s[i + 1] === '*') {
        // A strong run inside an emphasis: skip to its end.
        const end = findClose(s, i + 2, '**');
        if (end > 0) {
          i = end + 1;
          continue;
        }
      }
      if (/\s/.test(s[i - 1] ?? ' ')) continue;
      if (d === '_' && ALNUM.test(s[i + d.length] ?? '')) continue;
      return i;
    }
  }
  return -1;
}

export function inlineToHtml(s: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    const rest = s.slice(i);
    if (c === '\\' && i + 1 < s.length && PUNCT.test(s[i + 1])) {
      out += esc(s[i + 1]);
      i += 2;
      continue;
    }
    if (c === '`') {
      const run = rest.match(/^`+/)![0];
      const end = s.indexOf(run, i + run.length);
      if (end > 0) {
        let code = s.slice(i + run.length, end);
        if (run.length > 1 && code.startsWith(' ') && code.endsWith(' ') && code.trim()) code = code.slice(1, -1);
        out += `<code>${esc(code)}</code>`;
        i = end + run.length;
        continue;
      }
      out += esc(run);
      i += run.length;
      continue;
    }
    if (c === '$') {
      const m = rest.match(MATH);
      if (m) {
        out += esc(m[0]);
        i += m[0].length;
        continue;
      }
    }
    if (c === '[') {
      const m = rest.match(/^\[((?:\\.|[^\]\\])*)\]\((?:<([^>\n]*)>|([^()\s]*))\)/);
      if (m) {
        const url = m[2] ?? m[3] ?? '';
        const inner = inlineToHtml(m[1]);
        out += SAFE_URL.test(url) ? `<a href="${esc(url)}">${inner}</a>` : inner;
        i += m[0].length;
        continue;
      }
    }
    if (rest.startsWith('**') && rest[2] && !/\s/.test(rest[2])) {
      const end = findClose(s, i + 2, '**');
      if (end > i + 2) {
        out += `<strong>${inlineToHtml(s.slice(i + 2, end))}</strong>`;
        i = end + 2;
        continue;
      }
    }
    if ((c === '*' || c === '_') && rest[1] && !/\s/.test(rest[1]) && !(c === '*' && rest[1] === '*')) {
      const opens = c === '*' || !ALNUM.test(s[i - 1] ?? '');
      const end = opens ? findClose(s, i + 1, c) : -1;
      if (end > i + 1) {
        out += `<em>${inlineToHtml(s.slice(i + 1, end))}</em>`;
        i = end + 1;
        continue;
      }
    }
    out += esc(c);
    i++;
  }
  return out;
}

const BULLET = /^\s{0,3}[-*+]\s+/;
const ORDERED = /^\s{0,3}\d{1,9}[.)]\s+/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const FENCE = /^\s{0,3}(```+|~~~+)/;
const QUOTE = /^\s{0,3}>\s?/;

function blocksToHtml(lines: string[]): string {
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i++;
      continue;
    }
    const fence = line.match(FENCE);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i].trim().startsWith(fence[1])) body.push(lines[i++]);
      i++;
      out.push(`<pre><code>${esc(body.join('\n'))}</code></pre>`);
      continue;
    }
    const h = line.match(HEADING);
    if (h) {
      out.push(`<h${h[1].length}>${inlineToHtml(h[2])}</h${h[1].length}>`);
      i++;
      continue;
    }
    if (QUOTE.test(line)) {
      const body: string[] = [];
      while (i < lines.length && QUOTE.test(lines[i])) body.push(lines[i++].replace(QUOTE, ''));
      out.push(`<blockquote>${blocksToHtml(body)}</blockquote>`);
      continue;
    }
    const list = BULLET.test(line) ? BULLET : ORDERED.test(line) ? ORDERED : undefined;
    if (list) {
      const items: string[] = [];
      while (i < lines.length && list.test(lines[i])) {
        const item = [lines[i++].replace(list, '')];
        // Indented lines continue the item.
        while (i < lines.length && /^\s{2,}\S/.test(lines[i]) && !BULLET.test(lines[i]) && !ORDERED.test(lines[i])) item.push(lines[i++].trim());
        items.push(`<li>${item.map((l) => inlineToHtml(l.trim())).join('<br>')}</li>`);
      }
      const tag = list === BULLET ? 'ul' : 'ol';
      out.push(`<${tag}>${items.join('')}</${tag}>`);
      continue;
    }
    const para: string[] = [];
    while (
      i < lines.length &&
      lines[i].trim() &&
      !FENCE.test(lines[i]) &&
      !HEADING.test(lines[i]) &&
      !QUOTE.test(lines[i]) &&
      !BULLET.test(lines[i]) &&
      !ORDERED.test(lines[i])
    ) {
      para.push(lines[i++].trim());
    }
    out.push(`<p>${para.map(inlineToHtml).join('<br>')}</p>`);
  }
  return out.join('');
}

/** A Gloss note as the HTML of Gloss's Zotero child note. */
export function noteToHtml(markdown: string): string {
  const body = blocksToHtml(markdown.replace(/\r\n?/g, '\n').split('\n'));
  return `<div data-gloss-note="1"><h1>${GLOSS_NOTE_HEADING}</h1>${body}</div>`;
}

// ---------------------------------------------------------------- HTML → Markdown

interface El {
  tag: string;
  attrs: Record<string, string>;
  children: Node[];
}
type Node = El | string;

const VOID = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'col', 'area', 'base', 'wbr', 'source', 'embed', 'param', 'track']);
const DROP = new Set(['script', 'style', 'head', 'title', 'template', 'noscript', 'iframe', 'object', 'svg', 'math', 'textarea', 'select']);
const BLOCK = new Set([
  'p',
  'div',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'pre',
  'blockquote',
  'table',
  'tr',
  'section',
  'article',
  'header',
  'footer',
  'hr',
  'dl',
  'dt',
  'dd',
  'figure',
  'body',
  'html',
]);

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  laquo: '«',
  raquo: '»',
  copy: '©',
  reg: '®',
  deg: '°',
  times: '×',
  middot: '·',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  shy: '',
};

export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);?/gi, (m, e: string) => {
    if (e[0] === '#') {
      const n = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return n > 0 && n <= 0x10ffff && !(n >= 0xd800 && n <= 0xdfff) ? String.fromCodePoint(n) : '\ufffd';
    }
    const v = NAMED[e.toLowerCase()];
    return v ?? m;
  });
}

/** A forgiving HTML parser: never throws, closes what is left open, drops comments. */
export function parseHtml(html: string): El {
  const root: El = { tag: '#root', attrs: {}, children: [] };
  const stack: El[] = [root];
  const re =
    /<!--[\s\S]*?(?:-->|$)|<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<![^>]*>|<\?[^>]*>|<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s/>"'=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*(\/?)>/g;
  let last = 0;
  let m: RegExpExecArray | null;
  const top = () => stack[stack.length - 1];
  const text = (t: string) => {
    if (t) top().children.push(decodeEntities(t));
  };
  while ((m = re.exec(html))) {
    text(html.slice(last, m.index));
    last = re.lastIndex;
    if (!m[2]) continue;
    const tag = m[2].toLowerCase();
    if (m[1]) {
      const at = stack.map((e) => e.tag).lastIndexOf(tag);
      if (at > 0) stack.length = at;
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of m[3].matchAll(/([^\s/>"'=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
      attrs[a[1].toLowerCase()] = decodeEntities(a[2] ?? a[3] ?? a[4] ?? '');
    }
    // A new list item or paragraph ends an open one, as browsers do.
    if ((tag === 'li' || tag === 'p') && top().tag === tag) stack.pop();
    const el: El = { tag, attrs, children: [] };
    top().children.push(el);
    if (DROP.has(tag)) {
      // Everything up to its end tag is not content.
      const end = html.toLowerCase().indexOf(`</${tag}`, last);
      last = re.lastIndex = end < 0 ? html.length : end;
      continue;
    }
    if (!VOID.has(tag) && !m[4]) stack.push(el);
  }
  text(html.slice(last));
  return root;
}

function textOf(n: Node): string {
  return typeof n === 'string' ? n : DROP.has(n.tag) ? '' : n.tag === 'br' ? '\n' : n.children.map(textOf).join('');
}

/** Escapes what Markdown would read as markup, outside `$math$` spans (kept verbatim). */
function escapeText(s: string, before = '', after = ''): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    if (s[i] === '$') {
      const m = s.slice(i).match(MATH);
      if (m) {
        out += m[0];
        i += m[0].length;
        continue;
      }
    }
    const c = s[i];
    if (c === '\\' || c === '*' || c === '`' || c === '[' || c === ']') out += '\\' + c;
    else if (c === '_' && !(ALNUM.test(s[i - 1] ?? before) && ALNUM.test(s[i + 1] ?? after))) out += '\\_';
    else out += c;
    i++;
  }
  return out;
}

/** Escapes a line start that Markdown would read as a block marker. */
function escapeLineStart(line: string): string {
  return line
    .replace(/^(\s*)([#>+-])/, '$1\\$2')
    .replace(/^(\s*\d{1,9})([.)])(\s)/, '$1\\$2$3')
    .replace(/^(\s*)(~~~)/, '$1\\$2');
}

function inlineMd(nodes: Node[], inEm = false, inStrong = false): string {
  let out = '';
  const isEmphasis = (n: Node | undefined) => !!n && typeof n !== 'string' && ['strong', 'b', 'em', 'i'].includes(n.tag);
  for (const [idx, n] of nodes.entries()) {
    if (typeof n === 'string') {
      // Source newlines and tabs are HTML whitespace; runs of plain spaces are kept as typed.
      const next = nodes[idx + 1];
      out += escapeText(n.replace(/[\t\r\n]+\s*/g, ' '), out.slice(-1), next === undefined ? '' : textOf(next).slice(0, 1));
      continue;
    }
    if (DROP.has(n.tag)) continue;
    // Emphasis touching another emphasis (`**a***b*`) reads more than one way: keep its text only.
    if (isEmphasis(n) && (/[*_]$/.test(out) || isEmphasis(nodes[idx + 1]))) {
      out += inlineMd(n.children, inEm, inStrong);
      continue;
    }
    switch (n.tag) {
      case 'br':
        out += '\n';
        break;
      case 'strong':
      case 'b':
        // Strong inside strong (or emphasis inside emphasis) has no Markdown of its own.
        out += inStrong ? inlineMd(n.children, inEm, true) : wrap(inlineMd(n.children, inEm, true), '**', '**');
        break;
      case 'em':
      case 'i':
        out += inEm
          ? inlineMd(n.children, true, inStrong)
          : wrap(inlineMd(n.children, true, inStrong), '*', '*', out.slice(-1), idx + 1 < nodes.length ? textOf(nodes[idx + 1]).slice(0, 1) : '');
        break;
      case 'code':
      case 'kbd':
      case 'samp': {
        const code = textOf(n).replace(/\n/g, ' ');
        if (!code) break;
        const longest = Math.max(0, ...(code.match(/`+/g) ?? []).map((r) => r.length));
        const fence = '`'.repeat(longest + 1);
        out += longest ? `${fence} ${code} ${fence}` : `${fence}${code}${fence}`;
        break;
      }
      case 'a': {
        const inner = inlineMd(n.children, inEm, inStrong);
        const href = (n.attrs.href ?? '').trim();
        if (SAFE_URL.test(href) && inner.trim()) out += `[${inner}](${/[\s()<>]/.test(href) ? `<${href.replace(/[<>\n]/g, encodeURIComponent)}>` : href})`;
        else out += inner;
        break;
      }
      case 'img':
        break;
      default:
        out += inlineMd(n.children, inEm, inStrong);
    }
  }
  return out;
}

/** Wraps emphasis markers around text, moving edge spaces outside (Markdown needs that). */
function wrap(inner: string, open: string, close: string, before = '', after = ''): string {
  const m = inner.match(/^(\s*)([\s\S]*?)(\s*)$/)!;
  if (!m[2]) return inner;
  let o = open;
  let c = close;
  // Emphasis at the edge of strong text (or the reverse) would make `***`, which reads two ways.
  if (open === '*' && (m[2].startsWith('*') || /(^|[^\\])(\\\\)*\*$/.test(m[2]))) {
    // Inside a word `_` is no emphasis either: keep the text, drop the emphasis.
    if ((ALNUM.test(before) && !m[1]) || (ALNUM.test(after) && !m[3])) return inner;
    o = '_';
    c = '_';
  }
  return `${m[1]}${o}${m[2]}${c}${m[3]}`;
}

function blockMd(el: El, out: string[]): void {
  let inline: Node[] = [];
  const flush = () => {
    const text = inlineMd(inline);
    inline = [];
    const lines = text.split('\n').map((l) => l.trim());
    if (lines.some((l) => l))
      out.push(
        lines
          .map(escapeLineStart)
          .join('\n')
          .replace(/^\n+|\n+$/g, ''),
      );
  };
  for (const n of el.children) {
    if (typeof n === 'string' || !BLOCK.has(n.tag)) {
      inline.push(n);
      continue;
    }
    flush();
    const t = n.tag;
    if (/^h[1-6]$/.test(t)) {
      const text = inlineMd(n.children)
        .replace(/\s*\n\s*/g, ' ')
        .trim();
      if (text) out.push(`${'#'.repeat(Number(t[1]))} ${text}`);
    } else if (t === 'ul' || t === 'ol') {
      const items = n.children.filter((c): c is El => typeof c !== 'string' && c.tag === 'li');
      const lines = items.map((li, k) => {
        const parts: string[] = [];
        blockMd(li, parts);
        const body = parts
          .join('\n')
          .split('\n')
          .filter((l) => l.trim());
        const marker = t === 'ul' ? '- ' : `${k + 1}. `;
        return body.length ? marker + body.map((l, j) => (j ? `  ${l}` : l)).join('\n') : marker.trim();
      });
      if (lines.length) out.push(lines.join('\n'));
    } else if (t === 'pre') {
      const code = textOf(n).replace(/\n$/, '');
      const fence = code.includes('```') ? '~~~~' : '```';
      out.push(`${fence}\n${code}\n${fence}`);
    } else if (t === 'blockquote') {
      const parts: string[] = [];
      blockMd(n, parts);
      if (parts.length)
        out.push(
          parts
            .join('\n\n')
            .split('\n')
            .map((l) => (l ? `> ${l}` : '>'))
            .join('\n'),
        );
    } else if (t === 'hr') {
      out.push('\\---');
    } else if (t === 'tr') {
      const cells = n.children
        .filter((c): c is El => typeof c !== 'string')
        .map((c) =>
          inlineMd(c.children)
            .replace(/\s*\n\s*/g, ' ')
            .trim(),
        );
      if (cells.some(Boolean)) out.push(escapeLineStart(cells.join(' | ')));
    } else {
      blockMd(n, out);
    }
  }
  flush();
}

/** Markdown of any note HTML (Gloss's own or one written in Zotero), text only. */
export function htmlToNote(html: string): string {
  const root = parseHtml(html);
  const out: string[] = [];
  blockMd(root, out);
  if (out[0]?.match(/^#{1,6} (.*)$/)?.[1].trim() === GLOSS_NOTE_HEADING) out.shift();
  return out.join('\n\n').trim();
}

/** Whether a Zotero note is the one Gloss writes for a paper. */
export function isGlossNote(html: string): boolean {
  if (/<[^>]+\sdata-gloss-note\s*=/i.test(html.slice(0, 500))) return true;
  const root = parseHtml(html.slice(0, 2000));
  const first = (function firstBlock(el: El): El | undefined {
    for (const n of el.children) {
      if (typeof n === 'string') {
        if (n.trim()) return undefined;
        continue;
      }
      if (/^h[1-6]$/.test(n.tag) || n.tag === 'p') return n;
      if (n.tag === 'div') return firstBlock(n);
      return undefined;
    }
    return undefined;
  })(root);
  return !!first && textOf(first).trim() === GLOSS_NOTE_HEADING;
}
