import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { RemoteLibrary } from '../lib/library/remote';
import { splitTags } from '../lib/library/tags';
import { normalizeTitle } from '../lib/ids';
import type { SortOrder } from '../lib/search/library-search';
import { authorLine } from '../lib/text';
import type { PaperRecord } from '../lib/types';
import { DraftsBanner, type DraftsApi } from './DraftsBanner';
import { ExportPanel } from './ExportPanel';
import { Markdown } from './Markdown';
import { TitleText } from './Tex';
import { ImportPanel } from './ImportPanel';
import { QueryProblems } from './QueryProblems';
import { TrashView, type TrashApi } from './TrashView';
import { useLibrarySearch } from './useLibrarySearch';
import { useVirtualRows } from './useVirtualRows';

export interface LibraryApi extends TrashApi, DraftsApi {
  search(query: string, sort?: SortOrder): Promise<{ total: number; hits: Array<{ paper: PaperRecord; terms: string[] }>; provisional?: boolean; problems?: string[] }>;
  bulk(ids: string[], action: 'tag' | 'untag' | 'delete', tags?: string[]): Promise<{ changed: number; removed: PaperRecord[] }>;
}

interface Props {
  library: RemoteLibrary;
  api: LibraryApi;
  onLibraryChange(callback: () => void): () => void;
}

const ROW_HEIGHT = 40;
const SEARCH_LIMIT = 500;

type Row = { paper: PaperRecord; terms: string[] };

function sortRows(rows: Row[], sort: SortOrder): Row[] {
  const out = [...rows];
  if (sort === 'recent') out.sort((a, b) => b.paper.savedAt - a.paper.savedAt);
  if (sort === 'title') out.sort((a, b) => normalizeTitle(a.paper.title).localeCompare(normalizeTitle(b.paper.title)));
  if (sort === 'year') out.sort((a, b) => (b.paper.published ?? '').localeCompare(a.paper.published ?? ''));
  return out;
}

const day = (t: number) => new Date(t).toISOString().slice(0, 10);

type View = 'table' | 'notes' | 'trash';
const VIEWS: Array<[View, string]> = [
  ['table', 'Table'],
  ['notes', 'Notes'],
  ['trash', 'Trash'],
];

/** The full-page library: a fast table of everything, bulk actions, a notes stream, export and import. */
export function LibraryApp({ library, api, onLibraryChange }: Props) {
  const [all, setAll] = useState<PaperRecord[]>();
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<SortOrder | ''>('');
  const [view, setView] = useState<View>('table');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [tagText, setTagText] = useState('');
  const [undo, setUndo] = useState<{ removed: PaperRecord[] }>();
  const [message, setMessage] = useState('');
  const scroller = useRef<HTMLDivElement>(null);

  const reload = () => void library.all().then(setAll, (err) => setMessage((err as Error).message));
  useEffect(() => {
    reload();
    return onLibraryChange(reload);
  }, []);

  const search = useLibrarySearch(() => (query.trim() ? api.search(query, sort || undefined) : undefined), [query, sort, all]);
  const found = search.result && { total: search.result.total, rows: search.result.hits };
  useEffect(() => void (search.error && setMessage(search.error)), [search.error]);

  // Keyed on the answer itself: `found` is a new object on every render (each scroll step).
  const rows = useMemo(() => {
    if (found) return sort ? sortRows(found.rows, sort) : found.rows;
    return sortRows((all ?? []).map((paper) => ({ paper, terms: [] })), sort || 'recent');
  }, [all, search.result, sort]);
  const shown = view === 'notes' ? rows.filter((r) => r.paper.note.trim()) : rows;
  // A selection never hides: rows a filter or an edit takes out of view leave the selection, so a
  // bulk action acts only on rows the user can see.
  useEffect(() => {
    if (!selected.size) return;
    const visible = new Set(shown.map((r) => r.paper.id));
    if ([...selected].some((id) => !visible.has(id))) setSelected(new Set([...selected].filter((id) => visible.has(id))));
  }, [shown]);
  const virtual = useVirtualRows(scroller, shown.length, ROW_HEIGHT);

  const toggle = (id: string, on: boolean) =>
    setSelected((s) => {
      const next = new Set(s);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const selectedIds = [...selected];
  const selectedPapers = () => Promise.resolve((all ?? []).filter((p) => selected.has(p.id)));

  const bulk = async (action: 'tag' | 'untag' | 'delete') => {
    const tags = splitTags(tagText);
    if (action !== 'delete' && !tags.length) {
      setMessage('Type the tags first (comma separated).');
      return;
    }
    try {
      const r = await api.bulk(selectedIds, action, tags);
      setMessage('');
      if (action === 'delete') {
        setUndo({ removed: r.removed });
        setSelected(new Set());
      }
    } catch (err) {
      setMessage((err as Error).message);
    }
  };

  const restore = async () => {
    if (!undo) return;
    try {
      await api.restore(undo.removed.map((p) => p.id));
      setUndo(undefined);
    } catch (err) {
      setMessage((err as Error).message);
    }
  };

  // Tabs in the ARIA pattern: arrows move between them, and only the chosen one is in the Tab order.
  const tabKeys = (e: KeyboardEvent) => {
    const at = VIEWS.findIndex(([v]) => v === view);
    const to = e.key === 'ArrowRight' ? at + 1 : e.key === 'ArrowLeft' ? at - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? VIEWS.length - 1 : undefined;
    if (to === undefined) return;
    e.preventDefault();
    const next = VIEWS[(to + VIEWS.length) % VIEWS.length][0];
    setView(next);
    (e.currentTarget as HTMLElement).querySelector<HTMLElement>(`[data-view="${next}"]`)?.focus();
  };

  const header = (label: string, key: SortOrder) => (
    <button type="button" class="sort" aria-pressed={(sort || 'recent') === key} onClick={() => setSort(key)}>
      {label}
    </button>
  );

  return (
    <main class="page library">
      <header class="lib-header">
        <h1>Gloss library</h1>
        <input
          type="search"
          aria-label="Search your library"
          placeholder="Search titles, authors, abstracts, notes, tags…  tag:x -tag:y author:z year:2024 has:note status:read a OR b"
          value={query}
          onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
        />
        <div role="tablist" aria-label="Views" class="tabs" onKeyDown={tabKeys}>
          {VIEWS.map(([v, label]) => (
            <button type="button" role="tab" key={v} data-view={v} aria-selected={view === v} tabIndex={view === v ? 0 : -1} onClick={() => setView(v)}>
              {label}
            </button>
          ))}
        </div>
      </header>
      <DraftsBanner api={api} onLibraryChange={onLibraryChange} />
      {view !== 'trash' && (
        <p class="count" role="status">
          {all === undefined
            ? 'Loading…'
            : found
              ? `${found.total} of ${all.length} papers match${found.total > SEARCH_LIMIT ? ` (showing the best ${SEARCH_LIMIT})` : ''}${search.result?.provisional ? ' so far (still indexing)' : ''}`
              : `${all.length} ${all.length === 1 ? 'paper' : 'papers'}`}
          {view === 'notes' && ` · ${shown.length} with notes`}
        </p>
      )}
      {view !== 'trash' && <QueryProblems problems={search.result?.problems} />}
      {message && <p class="error" role="alert">{message}</p>}
      {undo && (
        <p class="toast" role="status">
          Moved {undo.removed.length} {undo.removed.length === 1 ? 'paper' : 'papers'} to the trash.{' '}
          <button type="button" onClick={() => void restore()}>
            Undo
          </button>
        </p>
      )}
      {selected.size > 0 && view !== 'trash' && (
        <div class="bulk" role="group" aria-label="Selected papers">
          <strong>{selected.size} selected</strong>
          <input type="text" aria-label="Tags for the selected papers" placeholder="tags, comma separated" value={tagText} onInput={(e) => setTagText((e.currentTarget as HTMLInputElement).value)} />
          <button type="button" onClick={() => void bulk('tag')}>Add tags</button>
          <button type="button" onClick={() => void bulk('untag')}>Remove tags</button>
          <button type="button" class="danger" onClick={() => void bulk('delete')}>
            Delete
          </button>
          <ExportPanel papers={selectedPapers} label="Export selection" />
          <button type="button" class="link" onClick={() => setSelected(new Set())}>
            Clear selection
          </button>
        </div>
      )}
      {view === 'trash' ? (
        <TrashView api={api} onLibraryChange={onLibraryChange} />
      ) : view === 'table' ? (
        <div class="table" role="table" aria-label="Saved papers" aria-rowcount={shown.length + 1}>
          <div class="tr th" role="row">
            <span role="columnheader" class="c-check">
              <input
                type="checkbox"
                aria-label="Select all shown"
                checked={shown.length > 0 && shown.every((r) => selected.has(r.paper.id))}
                onChange={(e) => setSelected((e.currentTarget as HTMLInputElement).checked ? new Set(shown.map((r) => r.paper.id)) : new Set())}
              />
            </span>
            <span role="columnheader" class="c-title">{header('Title', 'title')}</span>
            <span role="columnheader" class="c-authors">Authors</span>
            <span role="columnheader" class="c-year">{header('Year', 'year')}</span>
            <span role="columnheader" class="c-tags">Tags</span>
            <span role="columnheader" class="c-saved">{header('Saved', 'recent')}</span>
          </div>
          <div class="tbody" ref={scroller}>
            <div style={{ height: `${virtual.padTop}px` }} />
            {shown.slice(virtual.start, virtual.end).map(({ paper: p, terms }, i) => (
              <div class="tr" role="row" key={p.id} aria-rowindex={virtual.start + i + 2} style={{ height: `${ROW_HEIGHT}px` }}>
                <span role="cell" class="c-check">
                  <input type="checkbox" aria-label={`Select ${p.title}`} checked={selected.has(p.id)} onChange={(e) => toggle(p.id, (e.currentTarget as HTMLInputElement).checked)} />
                </span>
                <span role="cell" class="c-title" title={p.note ? `Note: ${p.note.slice(0, 300)}` : p.title}>
                  {p.links.abs || p.links.hf ? (
                    <a href={p.links.abs ?? p.links.hf} target="_blank" rel="noreferrer noopener">
                      <TitleText text={p.title} terms={terms} />
                    </a>
                  ) : (
                    <TitleText text={p.title} terms={terms} />
                  )}
                  {p.note && <span class="has-note" aria-label="has a note"> ✎</span>}
                </span>
                <span role="cell" class="c-authors">{authorLine(p.authors)}</span>
                <span role="cell" class="c-year">{p.published?.slice(0, 4)}</span>
                <span role="cell" class="c-tags">{p.tags.map((t) => <span class="tag" key={t}>#{t}</span>)}</span>
                <span role="cell" class="c-saved">{day(p.savedAt)}</span>
              </div>
            ))}
            <div style={{ height: `${virtual.padBottom}px` }} />
          </div>
        </div>
      ) : (
        <div class="notes-stream" ref={scroller}>
          {shown.length === 0 && <p class="hint">No notes {query ? 'match' : 'yet'}.</p>}
          {shown.map(({ paper: p, terms }) => (
            <article class="note-card" key={p.id}>
              <h2>
                <a href={p.links.abs ?? p.links.hf} target="_blank" rel="noreferrer noopener">
                  <TitleText text={p.title} terms={terms} />
                </a>
              </h2>
              <p class="meta">
                {[authorLine(p.authors), `saved ${day(p.savedAt)}`].filter(Boolean).join(' · ')} {p.tags.map((t) => <span class="tag" key={t}>#{t}</span>)}
              </p>
              <Markdown text={p.note} terms={terms} class="note-text markdown" />
            </article>
          ))}
        </div>
      )}
      <section aria-labelledby="data-h" class="data">
        <h2 id="data-h">Export and import</h2>
        <ExportPanel papers={() => library.all()} />
        <ImportPanel library={library} />
      </section>
    </main>
  );
}
