import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { RemoteLibrary } from '../../lib/pages/remote';
import { splitTags } from '../../lib/core/tags';
import { normalizeTitle } from '../../lib/core/ids';
import type { SortOrder } from '../../lib/search/library-search';
import { authorLine, preview } from '../../lib/core/text';
import { plainText } from '../../lib/render/markdown';
import type { PaperRecord } from '../../lib/core/types';
import { DraftsBanner, type DraftsApi } from './DraftsBanner';
import { ExportPanel } from '../shared/ExportPanel';
import { Markdown } from '../shared/Markdown';
import { TitleText } from '../shared/Tex';
import { ImportPanel } from '../shared/ImportPanel';
import { QueryProblems } from '../shared/QueryProblems';
import { TrashView, type TrashApi } from './TrashView';
import { useLibrarySearch } from '../shared/useLibrarySearch';
import { useVirtualRows } from './useVirtualRows';
import { PaperView, type PaperViewApi } from '../shared/PaperView';
import { statusLabel } from '../shared/StatusPicker';

export interface LibraryApi extends TrashApi, DraftsApi {
  search(
    query: string,
    sort?: SortOrder,
  ): Promise<{ total: number; hits: Array<{ paper: PaperRecord; terms: string[] }>; provisional?: boolean; problems?: string[] }>;
  bulk(ids: string[], action: 'tag' | 'untag' | 'delete', tags?: string[]): Promise<{ changed: number; removed: PaperRecord[] }>;
}

interface Props {
  library: RemoteLibrary;
  api: LibraryApi;
  /** What the paper pane beside the table reads and writes; without it titles open nothing. */
  paperApi?: PaperViewApi;
  onLibraryChange(callback: () => void): () => void;
}

const ROW_HEIGHT = 40;
const SEARCH_LIMIT = 500;

type Row = { paper: PaperRecord; terms: string[] };

/** The table's columns that sort; each sorts both ways. */
export type SortKey = 'title' | 'authors' | 'year' | 'status' | 'recent';
export interface TableSort {
  key: SortKey;
  desc: boolean;
}
/** A first click sorts the way people expect: A→Z for words, newest first for dates. */
const FIRST_DESC: Record<SortKey, boolean> = { title: false, authors: false, year: true, status: false, recent: true };
const STATUS_RANK: Record<string, number> = { reading: 0, 'to-read': 1, read: 2 };
const firstAuthor = (p: PaperRecord) => {
  const a = p.authors[0] ?? '';
  // Family names sort ("Vaswani", not "Ashish"): the last word of "Given Family".
  return a.includes(',') ? a : (a.split(/\s+/).pop() ?? '');
};
const COMPARE: Record<SortKey, (a: PaperRecord, b: PaperRecord) => number> = {
  title: (a, b) => normalizeTitle(a.title).localeCompare(normalizeTitle(b.title)),
  authors: (a, b) => firstAuthor(a).localeCompare(firstAuthor(b), undefined, { sensitivity: 'base' }),
  year: (a, b) => (a.published ?? '').localeCompare(b.published ?? ''),
  status: (a, b) => (a.status ? STATUS_RANK[a.status] : 3) - (b.status ? STATUS_RANK[b.status] : 3) || (b.statusAt ?? 0) - (a.statusAt ?? 0),
  recent: (a, b) => a.savedAt - b.savedAt,
};

export function sortRows(rows: Row[], sort: TableSort): Row[] {
  const cmp = COMPARE[sort.key];
  // Papers with nothing to sort by (no authors, no year, no status) stay last either way.
  const empty = (p: PaperRecord) =>
    (sort.key === 'authors' && !p.authors.length) || (sort.key === 'year' && !p.published) || (sort.key === 'status' && !p.status);
  return [...rows].sort((x, y) => {
    const ex = empty(x.paper);
    const ey = empty(y.paper);
    if (ex !== ey) return ex ? 1 : -1;
    const c = cmp(x.paper, y.paper);
    return sort.desc ? -c : c;
  });
}

const day = (t: number) => new Date(t).toISOString().slice(0, 10);

type View = 'table' | 'notes' | 'trash';
const VIEWS: Array<[View, string]> = [
  ['table', 'Table'],
  ['notes', 'Notes'],
  ['trash', 'Trash'],
];

/** The full-page library: a fast table of everything, bulk actions, a notes stream, export and import. */
export function LibraryApp({ library, api, paperApi, onLibraryChange }: Props) {
  const [all, setAll] = useState<PaperRecord[]>();
  /** An import is writing: its parts before the last come without a change notice, so an empty list is not yet the truth. */
  const [importing, setImporting] = useState(false);
  const [query, setQuery] = useState('');
  /** No sort: newest first, or by relevance when searching. */
  const [sort, setSort] = useState<TableSort>();
  /** The paper open in the pane beside the table. */
  const [open, setOpen] = useState<string>();
  /** The row that has (or last had) the keyboard focus, by its place among the rows shown. */
  const [active, setActive] = useState(0);
  const [view, setView] = useState<View>('table');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [tagText, setTagText] = useState('');
  const [undo, setUndo] = useState<{ removed: PaperRecord[] }>();
  const [message, setMessage] = useState('');
  const scroller = useRef<HTMLDivElement>(null);

  const reload = () => library.all().then(setAll, (err) => setMessage((err as Error).message));
  /** Once an import stops writing, the list is read again before it may say it is empty. */
  const importWriting = (writing: boolean) => {
    if (writing) return setImporting(true);
    void reload().finally(() => setImporting(false));
  };
  useEffect(() => {
    void reload();
    return onLibraryChange(() => void reload());
  }, []);

  const search = useLibrarySearch(() => (query.trim() ? api.search(query) : undefined), [query, all]);
  const found = search.result && { total: search.result.total, rows: search.result.hits };
  useEffect(() => void (search.error && setMessage(search.error)), [search.error]);

  // Keyed on the answer itself: `found` is a new object on every render (each scroll step).
  const rows = useMemo(() => {
    if (found) return sort ? sortRows(found.rows, sort) : found.rows;
    return sortRows(
      (all ?? []).map((paper) => ({ paper, terms: [] })),
      sort ?? { key: 'recent', desc: true },
    );
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

  const effectiveSort: TableSort | undefined = sort ?? (found ? undefined : { key: 'recent', desc: true });
  const header = (label: string, key: SortKey, cls: string) => {
    const on = effectiveSort?.key === key;
    return (
      <span role="columnheader" class={cls} aria-sort={on ? (effectiveSort!.desc ? 'descending' : 'ascending') : 'none'}>
        <button
          type="button"
          class="sort"
          title={`Sort by ${label.toLowerCase()}${on ? ', the other way' : ''}`}
          onClick={() => setSort(on ? { key, desc: !effectiveSort!.desc } : { key, desc: FIRST_DESC[key] })}
        >
          {label}
          <span aria-hidden="true" class="sort-arrow">
            {on ? (effectiveSort!.desc ? ' ▼' : ' ▲') : ''}
          </span>
        </button>
      </span>
    );
  };

  // Arrow keys move between rows (the table is virtualized: the row is scrolled into view and
  // focused once rendered); Enter opens the paper beside the table, Space selects it.
  const focusRow = useRef<number>();
  const moveTo = (i: number) => {
    const to = Math.max(0, Math.min(shown.length - 1, i));
    setActive(to);
    focusRow.current = to;
    const el = scroller.current;
    if (el) {
      const top = to * ROW_HEIGHT;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
    }
    // Rendered already: focus it now. Otherwise the effect below does once the scroll renders it.
    const row = scroller.current?.querySelector<HTMLElement>(`[data-row="${to}"]`);
    if (row) {
      row.focus();
      focusRow.current = undefined;
    }
  };
  useEffect(() => {
    if (focusRow.current === undefined) return;
    const row = scroller.current?.querySelector<HTMLElement>(`[data-row="${focusRow.current}"]`);
    if (row) {
      row.focus();
      focusRow.current = undefined;
    }
  });
  const rowKeys = (e: KeyboardEvent, i: number, id: string) => {
    if (e.target !== e.currentTarget) return; // keys typed in the row's checkbox or link
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1);
    const to = { ArrowDown: i + 1, ArrowUp: i - 1, Home: 0, End: shown.length - 1, PageDown: i + page, PageUp: i - page }[e.key];
    if (to !== undefined) {
      e.preventDefault();
      moveTo(to);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      setOpen(id);
    } else if (e.key === ' ') {
      e.preventDefault();
      toggle(id, !selected.has(id));
    }
  };

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
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' && view === 'table' && shown.length) {
              e.preventDefault();
              moveTo(0);
            }
          }}
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
      {/* Keyed: unkeyed, an error appearing took the Undo line's DOM (both are <p>) and the line
          was built again, so the Undo button just pressed lost the focus. */}
      {message && (
        <p key="message" class="error" role="alert">
          {message}
        </p>
      )}
      {undo && (
        <p key="undo" class="toast" role="status">
          Moved {undo.removed.length} {undo.removed.length === 1 ? 'paper' : 'papers'} to the trash.{' '}
          <button type="button" onClick={() => void restore()}>
            Undo
          </button>
        </p>
      )}
      {selected.size > 0 && view !== 'trash' && (
        <div class="bulk" role="group" aria-label="Selected papers">
          <strong>{selected.size} selected</strong>
          <input
            type="text"
            aria-label="Tags for the selected papers"
            placeholder="tags, comma separated"
            value={tagText}
            onInput={(e) => setTagText((e.currentTarget as HTMLInputElement).value)}
          />
          <button type="button" onClick={() => void bulk('tag')}>
            Add tags
          </button>
          <button type="button" onClick={() => void bulk('untag')}>
            Remove tags
          </button>
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
        <TrashView key="trash" api={api} onLibraryChange={onLibraryChange} />
      ) : view === 'table' && all?.length === 0 && importing ? (
        <section key="importing" class="empty-library" aria-labelledby="empty-h">
          <h2 id="empty-h">Importing your papers</h2>
          <p>They appear here when the import below finishes. You can keep reading in other tabs meanwhile.</p>
        </section>
      ) : view === 'table' && all?.length === 0 ? (
        <section key="empty" class="empty-library" aria-labelledby="empty-h">
          <h2 id="empty-h">Your library is empty</h2>
          <p>Three ways to start:</p>
          <ol>
            <li>
              Open{' '}
              <a href="https://huggingface.co/papers" target="_blank" rel="noopener noreferrer">
                Hugging Face Daily Papers
              </a>{' '}
              or an{' '}
              <a href="https://arxiv.org/list/cs.LG/recent" target="_blank" rel="noopener noreferrer">
                arXiv listing
              </a>{' '}
              and press the star under a title.
            </li>
            <li>On a paper's own page, press Alt+Shift+S or use the popup's Save.</li>
            <li>Import a BibTeX, CSL-JSON, PaperMemory or Gloss backup file below.</li>
          </ol>
        </section>
      ) : view === 'table' ? (
        <div key="table" class={`workspace${open && paperApi ? ' with-pane' : ''}`}>
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
              {header('Title', 'title', 'c-title')}
              {header('Authors', 'authors', 'c-authors')}
              {header('Year', 'year', 'c-year')}
              {header('Status', 'status', 'c-status')}
              <span role="columnheader" class="c-tags">
                Tags
              </span>
              <span role="columnheader" class="c-key">
                Cite key
              </span>
              {header('Saved', 'recent', 'c-saved')}
            </div>
            <div class="tbody" ref={scroller}>
              <div style={{ height: `${virtual.padTop}px` }} />
              {shown.slice(virtual.start, virtual.end).map(({ paper: p, terms }, i) => (
                <div
                  class={`tr${open === p.id ? ' open' : ''}`}
                  role="row"
                  key={p.id}
                  aria-rowindex={virtual.start + i + 2}
                  aria-selected={selected.has(p.id)}
                  data-row={virtual.start + i}
                  tabIndex={virtual.start + i === Math.min(active, shown.length - 1) ? 0 : -1}
                  onKeyDown={(e) => rowKeys(e, virtual.start + i, p.id)}
                  onFocus={(e) => e.target === e.currentTarget && setActive(virtual.start + i)}
                  style={{ height: `${ROW_HEIGHT}px` }}
                >
                  <span role="cell" class="c-check">
                    <input
                      type="checkbox"
                      aria-label={`Select ${p.title}`}
                      checked={selected.has(p.id)}
                      onChange={(e) => toggle(p.id, (e.currentTarget as HTMLInputElement).checked)}
                    />
                  </span>
                  <span role="cell" class="c-title" title={p.note ? `Note: ${preview(plainText(p.note), 300)}` : p.title}>
                    {/* The paper opens beside the table; its links to the web are in the pane. */}
                    <button type="button" class="title-button" tabIndex={-1} onClick={() => (setOpen(p.id), setActive(virtual.start + i))}>
                      <TitleText text={p.title} terms={terms} />
                    </button>
                    {p.note && (
                      <span class="has-note" aria-label="has a note">
                        {' '}
                        ✎
                      </span>
                    )}
                  </span>
                  <span role="cell" class="c-authors">
                    {authorLine(p.authors)}
                  </span>
                  <span role="cell" class="c-year" title={p.container}>
                    {p.published?.slice(0, 4)}
                  </span>
                  <span role="cell" class="c-status">
                    {p.status && <span class={`status-chip status-${p.status}`}>{statusLabel(p.status)}</span>}
                  </span>
                  <span role="cell" class="c-tags" title={p.tags.map((t) => `#${t}`).join(' ')}>
                    {p.tags.map((t) => (
                      <span class="tag" key={t}>
                        #{t}
                      </span>
                    ))}
                  </span>
                  <span role="cell" class="c-key">
                    {p.citeKey}
                  </span>
                  <span role="cell" class="c-saved">
                    {day(p.savedAt)}
                  </span>
                </div>
              ))}
              <div style={{ height: `${virtual.padBottom}px` }} />
            </div>
          </div>
          {open && paperApi && (
            <aside class="paper-pane" aria-label="Paper">
              <PaperView
                key={open}
                id={open}
                api={paperApi}
                autoFocus={false}
                backLabel="Close"
                onBack={() => {
                  setOpen(undefined);
                  focusRow.current = active;
                }}
                onRemoved={() => setOpen(undefined)}
              />
            </aside>
          )}
        </div>
      ) : (
        <div key="notes" class="notes-stream" ref={scroller}>
          {shown.length === 0 && <p class="hint">No notes {query ? 'match' : 'yet'}.</p>}
          {shown.map(({ paper: p, terms }) => (
            <article class="note-card" key={p.id}>
              <h2>
                <a href={p.links.abs ?? p.links.hf} target="_blank" rel="noreferrer noopener">
                  <TitleText text={p.title} terms={terms} />
                </a>
              </h2>
              <p class="meta">
                {[authorLine(p.authors), `saved ${day(p.savedAt)}`].filter(Boolean).join(' · ')}{' '}
                {p.tags.map((t) => (
                  <span class="tag" key={t}>
                    #{t}
                  </span>
                ))}
              </p>
              <Markdown text={p.note} terms={terms} class="note-text markdown" />
            </article>
          ))}
        </div>
      )}
      {/* Keyed like the views above: unkeyed, an empty state replacing the table took this section's
          DOM for itself and the import panel started again, losing a file picked while the list loaded. */}
      <section key="data" aria-labelledby="data-h" class="data">
        <h2 id="data-h">Export and import</h2>
        <ExportPanel papers={() => library.all()} />
        <ImportPanel library={library} onWriting={importWriting} />
      </section>
    </main>
  );
}
