import { useEffect, useState } from 'preact/hooks';
import type { PaperRecord } from '../lib/types';
import { NoteEditor } from './NoteEditor';

export interface PopupApi {
  list(): Promise<{ total: number; papers: PaperRecord[] }>;
  setNote(id: string, note: string): Promise<unknown>;
}

interface Props {
  api: PopupApi;
  onLibraryChange(callback: () => void): () => void;
}

type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; total: number; papers: PaperRecord[] };

function authorLine(authors: string[]): string {
  if (authors.length <= 3) return authors.join(', ');
  return `${authors.slice(0, 3).join(', ')} et al.`;
}

function PaperItem({ paper, api }: { paper: PaperRecord; api: PopupApi }) {
  const href = paper.links.abs ?? paper.links.hf;
  const headingId = `title-${paper.id.replace(/[^a-z0-9]/gi, '-')}`;
  return (
    <li class="paper" aria-labelledby={headingId}>
      <h2 id={headingId} class="title">
        {href ? (
          <a href={href} target="_blank" rel="noreferrer">
            {paper.title}
          </a>
        ) : (
          paper.title
        )}
      </h2>
      <div class="meta">
        {authorLine(paper.authors)}
        {paper.published && <> · {paper.published.slice(0, 4)}</>}
      </div>
      {paper.tags.length > 0 && (
        <div class="tags">
          {paper.tags.map((t) => (
            <span class="tag" key={t}>
              #{t}
            </span>
          ))}
        </div>
      )}
      <NoteEditor note={paper.note} rows={2} save={(text) => api.setNote(paper.id, text)} />
    </li>
  );
}

/** The popup: the saved papers, newest first, each with its note editable in place. */
export function PopupApp({ api, onLibraryChange }: Props) {
  const [load, setLoad] = useState<Load>({ state: 'loading' });

  useEffect(() => {
    const fetch = () =>
      api.list().then(
        (r) => setLoad({ state: 'ready', ...r }),
        (err) => setLoad({ state: 'error', message: (err as Error).message }),
      );
    void fetch();
    return onLibraryChange(() => void fetch());
  }, []);

  return (
    <main class="popup">
      <header>
        <h1>Gloss</h1>
        {load.state === 'ready' && (
          <span class="count">
            {load.total} saved {load.total === 1 ? 'paper' : 'papers'}
          </span>
        )}
      </header>
      {load.state === 'loading' && <p class="empty">Loading your library…</p>}
      {load.state === 'error' && (
        <p class="error" role="alert">
          {load.message}
        </p>
      )}
      {load.state === 'ready' && load.papers.length === 0 && (
        <p class="empty">
          Nothing saved yet. Open <a href="https://huggingface.co/papers" target="_blank" rel="noreferrer">Hugging Face Daily Papers</a> and press
          Save on a paper.
        </p>
      )}
      {load.state === 'ready' && load.papers.length > 0 && (
        <ul class="papers" aria-label="Saved papers">
          {load.papers.map((p) => (
            <PaperItem key={p.id} paper={p} api={api} />
          ))}
        </ul>
      )}
    </main>
  );
}
