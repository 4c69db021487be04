import type { ZoteroState } from '../../lib/background/zotero';
import { LOOKED_FOR } from '../../lib/popup/read-tab';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SortOrder } from '../../lib/search/library-search';
import { authorLine, preview } from '../../lib/core/text';
import { plainText } from '../../lib/render/markdown';
import type { EntryState, PaperMeta, PaperRecord } from '../../lib/core/types';
import { Highlighted } from '../shared/Highlighted';
import { TitleText } from '../shared/Tex';
import { NoteEditor } from '../shared/NoteEditor';
import { PaperView, type PaperViewApi } from '../shared/PaperView';
import { QueryProblems } from '../shared/QueryProblems';
import { TagEditor } from '../shared/TagEditor';
import { useLibrarySearch } from '../shared/useLibrarySearch';

export interface SearchHitView {
  paper: PaperRecord;
  terms: string[];
}

export interface PopupApi extends PaperViewApi {
  /** The papers the active tab shows, or null when Gloss cannot read that page. */
  pagePapers(): Promise<PaperMeta[] | null>;
  lookup(papers: PaperMeta[]): Promise<EntryState[]>;
  save(paper: PaperMeta): Promise<EntryState>;
  setNoteOn(paper: PaperMeta, note: string, base?: string): Promise<EntryState>;
  setTagsOn(paper: PaperMeta, tags: string[]): Promise<EntryState>;
  search(query: string, sort?: SortOrder): Promise<{ total: number; hits: SearchHitView[]; provisional?: boolean; problems?: string[] }>;
  openLibrary(): void;
  openOptions(): void;
  /** Puts removed papers back from the trash (Undo). */
  restore(ids: string[]): Promise<unknown>;
  /** The Zotero connection, when there is one (the status line under the views). */
  zotero?(): Promise<ZoteroState>;
  onZoteroChange?(callback: () => void): () => void;
}

/** One line under the popup's views: when Zotero last synced, what waits, or what went wrong. */
function ZoteroStatus({ api }: { api: PopupApi }) {
  const [state, setState] = useState<ZoteroState>();
  useEffect(() => {
    const read = () => void api.zotero?.().then(setState, () => {});
    read();
    return api.onZoteroChange?.(read);
  }, []);
  if (!state?.connected) return null;
  const s = state.status;
  const text = state.progress
    ? state.progress.phase === 'pull'
      ? `Zotero: reading your library, ${state.progress.done.toLocaleString()} of ${state.progress.total.toLocaleString()}…`
      : `Zotero: writing ${state.progress.done} of ${state.progress.total}…`
    : s?.lastError
      ? `Zotero: the last sync failed (${s.lastError.message.replace(/\.$/, '')}). See the options.`
      : `Zotero: synced ${s?.lastSync ? new Date(s.lastSync).toLocaleTimeString(undefined, { timeStyle: 'short' }) : 'not yet'}${s?.pending ? ` · ${s.pending} waiting` : ''}`;
  return (
    <p class="zotero-status" role="status">
      {text}
    </p>
  );
}

interface Props {
  api: PopupApi;
  onLibraryChange(callback: () => void): () => void;
}

type Tab = 'page' | 'library';

/** "This page": every paper the tab shows, with save, note and tags right here. */
function ThisPage({ api, version, onOpen, onRemoved }: { api: PopupApi; version: number; onOpen: (id: string) => void; onRemoved: (p: PaperMeta) => void }) {
  const [papers, setPapers] = useState<PaperMeta[] | null>();
  const [states, setStates] = useState<EntryState[]>([]);
  const [error, setError] = useState('');

  useEffect(() => {
    void api.pagePapers().then(async (list) => {
      setPapers(list);
      if (list?.length) {
        try {
          setStates(await api.lookup(list));
        } catch (err) {
          setError((err as Error).message);
        }
      }
    });
  }, [version]);

  if (papers === undefined) return <p class="empty">Reading this page…</p>;
  if (!papers?.length) {
    return <p class="empty">Gloss found no papers on this page. It looked for {LOOKED_FOR}.</p>;
  }
  const update = (i: number, s: EntryState) => setStates((all) => all.map((x, j) => (j === i ? s : x)));
  return (
    <>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <ul class="papers" aria-label="Papers on this page">
        {papers.map((p, i) => {
          const s = states[i];
          return (
            <li class="paper" key={p.id} aria-label={p.title}>
              <h2 class="title">
                <TitleText text={p.title} />
              </h2>
              <div class="meta">{authorLine(p.authors)}</div>
              <div class="row">
                <button
                  type="button"
                  aria-pressed={!!s?.saved}
                  disabled={!s}
                  onClick={async () => {
                    if (!s?.saved) return update(i, await api.save(p));
                    await api.unsave(s.id);
                    update(i, { ...s, saved: false, note: '', tags: [] });
                    onRemoved(p);
                  }}
                >
                  {s?.saved ? 'Saved' : 'Save'}
                </button>
                {s?.saved && (
                  <button type="button" class="link" onClick={() => onOpen(s.id)}>
                    Open
                  </button>
                )}
              </div>
              {s && (
                <>
                  <NoteEditor
                    note={s.note}
                    draftId={p.id}
                    rows={papers.length === 1 ? 5 : 2}
                    save={async (text, base) => {
                      const stored = await api.setNoteOn(p, text, base);
                      update(i, stored);
                      return stored;
                    }}
                  />
                  <TagEditor tags={s.tags} onChange={async (tags) => update(i, await api.setTagsOn(p, tags))} />
                </>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}

/** Hits drawn in a new answer's first commit: more than the popup shows without scrolling. */
const FIRST_SCREEN = 20;

/** "Library": search as you type, filters, sorting; results open the paper's view. */
function Library({ api, version, onOpen }: { api: PopupApi; version: number; onOpen: (id: string) => void }) {
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<SortOrder | ''>('');
  const list = useRef<HTMLUListElement>(null);
  const { result, error } = useLibrarySearch(() => api.search(query, sort || undefined), [query, sort, version]);
  // A new answer's first screen is drawn first and the rest a task later: drawing all 100 hits
  // (titles with math, highlights) held the first results ~400 ms on a cold popup (bench/README.md).
  const [wholeFor, setWholeFor] = useState<typeof result>();
  useEffect(() => {
    const t = setTimeout(() => setWholeFor(result), 0);
    return () => clearTimeout(t);
  }, [result]);
  const hits = wholeFor === result ? result?.hits : result?.hits.slice(0, FIRST_SCREEN);

  const focusItem = (i: number) => list.current?.querySelectorAll<HTMLButtonElement>('button.open')[i]?.focus();

  return (
    <>
      <div class="search-row">
        <input
          type="search"
          aria-label="Search your library"
          placeholder="Search…  tag:x -tag:y author:z year:2024 status:read a OR b"
          value={query}
          autoFocus
          onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault();
              focusItem(0);
            } else if (e.key === 'Enter' && result?.hits[0]) onOpen(result.hits[0].paper.id);
          }}
        />
        <select aria-label="Sort" value={sort} onChange={(e) => setSort((e.currentTarget as HTMLSelectElement).value as SortOrder)}>
          <option value="">Best first</option>
          <option value="recent">Recently saved</option>
          <option value="title">Title</option>
          <option value="year">Year</option>
          <option value="status">Reading status</option>
        </select>
      </div>
      {/* Keyed: unkeyed, an error appearing took the count line's DOM (the next <p>) and a new
          count line was built, replacing the live region that reads the count out. */}
      {error && (
        <p key="error" class="error" role="alert">
          {error}
        </p>
      )}
      <QueryProblems problems={result?.problems} />
      {result && (
        <p key="count" class="count" role="status">
          {result.total} {result.total === 1 ? 'paper' : 'papers'}
        </p>
      )}
      {result && result.total === 0 && (
        <p class="empty">
          {!query
            ? 'Nothing saved yet. Press Save on a paper on Hugging Face Papers or arXiv.'
            : result.provisional
              ? 'Still indexing your library (typos are forgiven once it is done)…'
              : 'Nothing in your library matches.'}
        </p>
      )}
      <ul class="papers" aria-label="Saved papers" ref={list}>
        {hits?.map((h, i) => (
          <li class="paper" key={h.paper.id}>
            <button
              type="button"
              class="open"
              onClick={() => onOpen(h.paper.id)}
              onKeyDown={(e) => {
                if (e.key === 'ArrowDown') {
                  e.preventDefault();
                  focusItem(i + 1);
                }
                if (e.key === 'ArrowUp') {
                  e.preventDefault();
                  if (i) focusItem(i - 1);
                  else (e.currentTarget.closest('main')?.querySelector('input[type=search]') as HTMLInputElement | null)?.focus();
                }
              }}
            >
              <span class="title">
                <TitleText text={h.paper.title} terms={h.terms} />
              </span>
              <span class="meta">{[authorLine(h.paper.authors), h.paper.published?.slice(0, 4)].filter(Boolean).join(' · ')}</span>
              {h.paper.tags.length > 0 && (
                <span class="tags">
                  {h.paper.tags.map((t) => (
                    <span class="tag" key={t}>
                      #{t}
                    </span>
                  ))}
                </span>
              )}
              {h.paper.note && (
                <span class="note-snippet">
                  <Highlighted text={preview(plainText(h.paper.note), 240)} terms={h.terms} />
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

/** The popup: this page's papers, the library, and one paper's view. */
export function PopupApp({ api, onLibraryChange }: Props) {
  const [tab, setTab] = useState<Tab>('page');
  const [open, setOpen] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  /** The paper just removed, for Undo. */
  const [removed, setRemoved] = useState<{ id: string; title: string }>();
  const removedHere = (paper: { id: string; title: string }) => setRemoved({ id: paper.id, title: paper.title });
  const tabs: Array<[Tab, string]> = [
    ['page', 'This page'],
    ['library', 'Library'],
  ];

  useEffect(() => onLibraryChange(() => setVersion((v) => v + 1)), []);
  useEffect(() => {
    // Start on "Library" when the page has no papers.
    void api.pagePapers().then((p) => !p?.length && setTab('library'));
  }, []);

  return (
    <main class="popup">
      <header>
        <h1>Gloss</h1>
        <div role="tablist" aria-label="Views" class="tabs">
          {tabs.map(([key, label], i) => (
            <button
              key={key}
              type="button"
              role="tab"
              id={`tab-${key}`}
              aria-selected={tab === key && !open}
              aria-controls="view"
              tabIndex={tab === key ? 0 : -1}
              onClick={() => (setTab(key), setOpen(null))}
              onKeyDown={(e) => {
                if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
                const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length][0];
                setTab(next);
                setOpen(null);
                (e.currentTarget.parentElement?.querySelector(`#tab-${next}`) as HTMLElement | null)?.focus();
              }}
            >
              {label}
            </button>
          ))}
        </div>
        <button type="button" class="link" onClick={api.openLibrary}>
          Open library
        </button>
        <button type="button" class="link" aria-label="Options" onClick={api.openOptions}>
          ⚙
        </button>
      </header>
      {removed && (
        <p class="undo" role="status">
          Removed “{removed.title}”. It stays in the trash for 30 days.{' '}
          <button type="button" class="link" onClick={() => void api.restore([removed.id]).then(() => setRemoved(undefined))}>
            Undo
          </button>
        </p>
      )}
      <section id="view" role="tabpanel" aria-labelledby={`tab-${tab}`}>
        {open ? (
          <PaperView id={open} api={api} onBack={() => setOpen(null)} onRemoved={removedHere} />
        ) : tab === 'page' ? (
          <ThisPage api={api} version={version} onOpen={setOpen} onRemoved={removedHere} />
        ) : (
          <Library api={api} version={version} onOpen={setOpen} />
        )}
      </section>
      <ZoteroStatus api={api} />
    </main>
  );
}
