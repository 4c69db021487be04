/**
 * OpenReview.
 *
 * Pages it handles:
 * - https://openreview.net/forum?id=<id>  (citation_* tags; the id comes from the URL)
 * - https://openreview.net/pdf?id=<id>    (an entry for the tab)
 * - https://openreview.net/group?id=ICLR.cc/2019/Conference  (venue/group pages: one `.note`
 *   per paper), and the same note lists on /submissions and /profile pages
 *
 * Group pages in both UIs put each paper in an element with class `note`, its title in an
 * `h4` link to `/forum?id=<id>`:
 * - the older jQuery/Handlebars UI (captured ICLR 2019 page): `li.note[data-id]`, authors as
 *   links in `.note-authors`, abstract and keywords in a collapsed `.note-content`;
 * - today's Next.js UI (openreview-web `components/NoteList.js` → `Note.js`, `NoteTitle.js`,
 *   `NoteAuthors.js`, `NoteContent.js`): `ul.submissions-list > li > div.note`, the title link
 *   relative (`/forum?id=<forum>`, plus `&noteId=` for a reply, which is not a paper), authors
 *   as links or spans in `.note-authors > span` with an `a.show-all` "et al." toggle, fields as
 *   `strong.note-content-field` + `.note-content-value`. Venue pages render these client-side;
 *   the marks rescan when rows appear.
 */
import { cleanText } from '../core/text';
import type { RecognizedEntry } from '../core/types';
import type { SiteAdapter } from './adapter';
import { recognizeMetaTags } from './generic/meta-tags';
import { makePaper } from './paper';

const FORUM_ID = /^[\w-]{5,40}$/;

const links = (id: string) => ({ abs: `https://openreview.net/forum?id=${id}`, pdf: `https://openreview.net/pdf?id=${id}` });

/** The forum id a title link points to; undefined for a reply (`noteId`) or another page. */
function forumIdOf(href: string | null, base: URL): string | undefined {
  if (!href) return undefined;
  try {
    const u = new URL(href, base);
    if (u.hostname !== 'openreview.net' || u.pathname !== '/forum' || u.searchParams.has('noteId')) return undefined;
    const id = u.searchParams.get('id');
    return id && FORUM_ID.test(id) ? id : undefined;
  } catch {
    return undefined;
  }
}

/** Author names shown in a note: links and plain spans, without the "et al." toggle or icons. */
function noteAuthors(note: Element): string[] {
  const box = note.querySelector('.note-authors');
  if (!box) return [];
  const out: string[] = [];
  for (const el of box.querySelectorAll('a, span')) {
    if (el.childElementCount || el.matches('.show-all, .private-author-label, .glyphicon, [class*="icon"]')) continue;
    const name = cleanText(el.textContent);
    if (name) out.push(name);
  }
  return out;
}

/** A note's field value by its label (`Abstract:`), in both UIs' markup. */
function noteField(note: Element, label: string): string | undefined {
  for (const field of note.querySelectorAll('.note-content-field')) {
    if (cleanText(field.textContent).replace(/:$/, '').toLowerCase() !== label) continue;
    let value = field.nextElementSibling;
    while (value && !value.classList.contains('note-content-value')) value = value.nextElementSibling;
    return cleanText(value?.textContent) || undefined;
  }
  return undefined;
}

function recognizeNotes(doc: Document, url: URL): RecognizedEntry[] {
  const out: RecognizedEntry[] = [];
  const seen = new Set<string>();
  for (const note of doc.querySelectorAll('.note')) {
    const h4 = note.querySelector('h4');
    const titleLink = h4?.querySelector('a[href]');
    const id = forumIdOf(titleLink?.getAttribute('href') ?? null, url);
    // The older UI repeats the id on the row; when both are there they must agree.
    const dataId = note.getAttribute('data-id');
    if (!id || (dataId && dataId !== id) || seen.has(id)) continue;
    const paper = makePaper({
      ids: { openreview: id },
      title: titleLink?.textContent,
      authors: noteAuthors(note),
      abstract: noteField(note, 'abstract'),
      links: links(id),
      source: 'openreview',
    });
    if (!paper) continue;
    seen.add(id);
    out.push({ paper, anchor: h4! });
  }
  return out;
}

const LISTING_PATHS = new Set(['/group', '/submissions', '/profile']);

export const openreview: SiteAdapter = {
  name: 'openreview',
  matches: [
    'https://openreview.net/forum*',
    'https://openreview.net/pdf*',
    'https://openreview.net/group*',
    'https://openreview.net/submissions*',
    'https://openreview.net/profile*',
  ],
  handles: (url) => url.hostname === 'openreview.net' && (url.pathname === '/forum' || url.pathname === '/pdf' || LISTING_PATHS.has(url.pathname)),
  recognize(doc, url) {
    if (LISTING_PATHS.has(url.pathname)) return recognizeNotes(doc, url);
    const id = url.searchParams.get('id');
    if (!id || !FORUM_ID.test(id)) return [];
    const [found] = recognizeMetaTags(doc, url);
    const paper = makePaper({
      ids: { openreview: id, doi: found?.paper.ids.doi },
      title: found?.paper.title ?? doc.title ?? `OpenReview ${id}`,
      authors: found?.paper.authors,
      abstract: found?.paper.abstract,
      published: found?.paper.published,
      links: links(id),
      source: 'openreview',
    });
    return paper ? [{ paper, anchor: found?.anchor ?? null }] : [];
  },
};
