import { useEffect, useRef, useState } from 'preact/hooks';
import type { callPanel } from '../../lib/rpc/client';
import type { PanelView } from '../../lib/rpc/protocol';
import type { EntryState, RelatedPaper } from '../../lib/core/types';
import { NoteEditor } from '../shared/NoteEditor';
import { StatusPicker } from '../shared/StatusPicker';
import { TitleText } from '../shared/Tex';
import { RelatedList } from '../shared/RelatedList';
import { TagEditor } from '../shared/TagEditor';

type Call = typeof callPanel;

interface Props {
  /** The token in the frame's URL fragment, read anew each time (it changes when a row is opened). */
  token: () => string;
  onTokenChange(callback: () => void): () => void;
  api: Call;
  onLibraryChange(callback: () => void): () => void;
}

/**
 * The private panel inside the extension frame a page gets: the one paper the user opened,
 * with its note, tags and related papers. Only trusted input reaches it (the page can neither
 * see nor send events into this document).
 */
export function PanelApp({ token, onTokenChange, api, onLibraryChange }: Props) {
  const [view, setView] = useState<PanelView>();
  const [related, setRelated] = useState<RelatedPaper[]>();
  const [error, setError] = useState('');
  const current = useRef<string>();

  const show = (v: PanelView) => {
    setView(v);
    document.documentElement.dataset.theme = v.theme;
  };

  const load = async () => {
    const t = token();
    if (!t) return;
    current.current = t;
    setError('');
    setRelated(undefined);
    try {
      show(await api('panelState', { token: t }));
      setRelated(await api('panelRelated', { token: t }));
    } catch (err) {
      setError((err as Error).message);
    }
  };

  useEffect(() => {
    void load();
    const stopToken = onTokenChange(() => void load());
    // An edit elsewhere (another tab, the popup) shows here too.
    const stopChanges = onLibraryChange(() => {
      const t = current.current;
      if (t) void api('panelState', { token: t }).then(show, () => {});
    });
    return () => {
      stopToken();
      stopChanges();
    };
  }, []);

  const close = () => void api('panelClose', { token: current.current ?? token() }).catch(() => {});
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && close();
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);

  const act = async (work: () => Promise<PanelView | EntryState>) => {
    setError('');
    try {
      const answer = await work();
      if ('paper' in answer) show(answer);
      else setView((v) => v && { ...v, state: answer });
    } catch (err) {
      setError((err as Error).message);
    }
  };

  if (!view) {
    return (
      <main class="panel" aria-busy={!error}>
        <header>
          <h1>Gloss</h1>
          <button type="button" class="dismiss" aria-label="Close" onClick={close}>
            ×
          </button>
        </header>
        <div class="body">
          {error ? (
            <p class="error" role="alert">
              {error}
            </p>
          ) : (
            <p class="meta">Loading…</p>
          )}
        </div>
      </main>
    );
  }

  const { paper, state } = view;
  const t = current.current!;
  const saveNote = async (note: string, base: string) => {
    const s = await api('panelNote', { token: t, note, base });
    setView((v) => v && { ...v, state: s });
    return s;
  };

  return (
    <main class="panel" aria-label={`Gloss: ${paper.title}`}>
      <header>
        <h1 title={paper.title}>
          <TitleText text={paper.title} />
        </h1>
        <button type="button" class="dismiss" aria-label="Close" title="Close (Esc)" onClick={close}>
          ×
        </button>
      </header>
      <div class="body">
        {view.did && (
          <div class="undo" role="status">
            <span>{view.did === 'saved' ? 'Saved to your library.' : 'Removed from your library. It stays in the trash for 30 days.'}</span>
            <button type="button" class="link" onClick={() => void act(() => api('panelUndo', { token: t }))}>
              Undo
            </button>
          </div>
        )}
        <div class="status-row">
          <span class="saved-state">{state.saved ? 'In your library' : 'Not saved'}</span>
          <button type="button" class={state.saved ? '' : 'primary'} onClick={() => void act(() => api('panelSave', { token: t, saved: !state.saved }))}>
            {state.saved ? 'Remove' : 'Save'}
          </button>
        </div>
        {view.zotero && (
          <p class="zotero-row">
            <span>In Zotero{view.zotero.collections.length ? ` · ${view.zotero.collections.join(', ')}` : ''}</span>{' '}
            <a href={view.zotero.select}>Open in Zotero</a> ·{' '}
            <a href={view.zotero.web} target="_blank" rel="noopener noreferrer">
              web library
            </a>
          </p>
        )}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <NoteEditor
          key={paper.id}
          note={state.note}
          autoFocus
          rows={5}
          label="Note"
          save={saveNote}
          onClose={close}
          draftId={state.id}
          drafts={{
            get: async () => view.draft,
            put: (_id, d) => api('panelDraft', { token: t, text: d.text, base: d.base }),
            // The background drops a draft once its text is the stored note.
            clear: async () => {},
          }}
        />
        <TagEditor tags={state.tags} suggestions={view.tagSuggestions} onChange={(tags) => void act(() => api('panelTags', { token: t, tags }))} />
        <StatusPicker status={state.status} statusAt={state.statusAt} onChange={(status) => void act(() => api('panelStatus', { token: t, status }))} />
        <section aria-label="Related papers">
          <h2>Related in your library</h2>
          {related === undefined ? (
            <p class="meta">Finding related papers…</p>
          ) : related.length ? (
            <RelatedList related={related} />
          ) : (
            <p class="meta">Nothing in your library is close to this paper yet.</p>
          )}
        </section>
        <p class="legend" aria-label="What the dots on a row mean">
          <span>
            <i style="background: var(--accent)" />
            note
          </span>
          <span>
            <i style="background: #2563eb" />
            related
          </span>
          <span>
            <i style="background: #0f7b3f" />
            new on this listing
          </span>
          <span>
            <i style="border: 1px solid var(--muted)" />
            seen before
          </span>
          <span>
            <i class="bar" style="background: #cc2936" />
            in Zotero
          </span>
        </p>
      </div>
    </main>
  );
}
