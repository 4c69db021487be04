/** A notes digest in Markdown: one section per paper, the note as the user wrote it. */
import type { PaperRecord } from '../core/types';

/** Escapes what Markdown would read as link syntax or emphasis in a title. */
function mdText(s: string): string {
  return s.replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

export function markdownLink(p: PaperRecord): string {
  const url = p.links.abs ?? p.links.hf ?? (p.ids.url ? `https://${p.ids.url}` : undefined);
  return url ? `[${mdText(p.title)}](<${url}>)` : mdText(p.title);
}

export function toMarkdown(papers: PaperRecord[], { title = 'Gloss notes', now = new Date() } = {}): string {
  const out = [`# ${title}`, '', `${papers.length} ${papers.length === 1 ? 'paper' : 'papers'}, exported ${now.toISOString().slice(0, 10)}.`, ''];
  for (const p of papers) {
    out.push(`## ${markdownLink(p)}`, '');
    const meta = [
      p.authors.slice(0, 6).join(', ') + (p.authors.length > 6 ? ' et al.' : ''),
      p.published?.slice(0, 4),
      p.ids.arxiv && `arXiv:${p.ids.arxiv}`,
      p.ids.doi && `doi:${p.ids.doi}`,
    ]
      .filter(Boolean)
      .map((x) => mdText(String(x)));
    out.push(meta.join(' · '));
    if (p.tags.length) out.push('', p.tags.map((t) => `#${t.replace(/\s+/g, '-')}`).join(' '));
    if (p.note.trim()) out.push('', p.note.trim());
    out.push('');
  }
  return out.join('\n');
}
