import { useEffect, useState } from 'preact/hooks';
import { toBibtex } from '../../lib/export/bibtex';
import { markdownLink } from '../../lib/export/markdown';
import type { EntryState, ItemType, PaperRecord, ReadingStatus, RelatedPaper } from '../../lib/core/types';
import type { MetaEdit } from '../../lib/rpc/protocol';
import { StatusPicker } from './StatusPicker';
import { TitleText } from './Tex';
import { NoteEditor } from './NoteEditor';
import { RelatedList } from './RelatedList';
import { TagEditor } from './TagEditor';

export interface PaperViewApi {
  get(id: string): Promise<PaperRecord | null>;
  related(paper: PaperRecord): Promise<RelatedPaper[]>;
  setNote(id: string, note: string, base?: string): Promise<unknown>;
  setTags(id: string, tags: string[]): Promise<unknown>;
  setStatus(id: string, status: ReadingStatus | 'none'): Promise<EntryState>;
  unsave(id: string): Promise<unknown>;
  tags(): Promise<string[]>;
  /** Changes the paper's citation key; refused with a message when the key is taken or malformed. */
  setCiteKey?(id: string, key: string): Promise<PaperRecord>;
  /** Corrects the paper's metadata (what its citation says); '' clears a field. */
  setMeta?(id: string, meta: MetaEdit): Promise<PaperRecord>;
}

const TYPE_LABELS: Record<ItemType, string> = {
  article: 'Journal article',
  inproceedings: 'Conference paper',
  preprint: 'Preprint',
  book: 'Book',
  thesis: 'Thesis',
  report: 'Report',
  misc: 'Other',
};

/** What a citation of the paper says, editable: pages show what they show, a person knows better. */
function DetailsEditor({ paper, api, onChanged }: { paper: PaperRecord; api: PaperViewApi; onChanged: (p: PaperRecord) => void }) {
  const initial = () => ({
    title: paper.title,
    authors: paper.authors.join('\n'),
    published: paper.published ?? '',
    itemType: paper.itemType ?? '',
    container: paper.container ?? '',
    volume: paper.volume ?? '',
    issue: paper.issue ?? '',
    pages: paper.pages ?? '',
    publisher: paper.publisher ?? '',
  });
  const [form, setForm] = useState(initial);
  const [message, setMessage] = useState('');
  useEffect(() => setForm(initial()), [paper]);
  if (!api.setMeta) return null;
  const field = (key: Exclude<keyof ReturnType<typeof initial>, 'authors' | 'itemType'>, label: string, hint?: string) => (
    <label>
      {label}
      <input type="text" value={form[key]} placeholder={hint} onInput={(e) => setForm({ ...form, [key]: (e.currentTarget as HTMLInputElement).value })} />
    </label>
  );
  const save = async (e: Event) => {
    e.preventDefault();
    if (!form.title.trim()) return setMessage('A paper needs a title.');
    if (form.published.trim() && !/^\d{4}(-\d{2}(-\d{2})?)?$/.test(form.published.trim())) return setMessage('Write the date as 2024, 2024-05 or 2024-05-17.');
    try {
      const stored = await api.setMeta!(paper.id, { ...form, authors: form.authors.split('\n'), itemType: form.itemType as ItemType | '' });
      onChanged(stored);
      setMessage('Details saved.');
    } catch (err) {
      setMessage((err as Error).message);
    }
  };
  return (
    <details class="details-editor">
      <summary>Citation details</summary>
      <form onSubmit={save}>
        {field('title', 'Title')}
        <label>
          Authors (one per line)
          <textarea rows={3} value={form.authors} onInput={(e) => setForm({ ...form, authors: (e.currentTarget as HTMLTextAreaElement).value })} />
        </label>
        <label>
          Type
          <select value={form.itemType} onChange={(e) => setForm({ ...form, itemType: (e.currentTarget as HTMLSelectElement).value })}>
            <option value="">not known</option>
            {Object.entries(TYPE_LABELS).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        {field('published', 'Date', '2024-05')}
        {field('container', 'Journal or proceedings')}
        {field('volume', 'Volume')}
        {field('issue', 'Issue')}
        {field('pages', 'Pages', '1–12')}
        {field('publisher', 'Publisher')}
        <p>
          <button type="submit">Save details</button> <span role="status">{message}</span>
        </p>
      </form>
    </details>
  );
}

/** The paper's `\cite` key: shown always, editable where the caller can change it. */
function CiteKeyField({ paper, api, onChanged }: { paper: PaperRecord; api: PaperViewApi; onChanged: (p: PaperRecord) => void }) {
  const [text, setText] = useState(paper.citeKey ?? '');
  const [problem, setProblem] = useState('');
  useEffect(() => setText(paper.citeKey ?? ''), [paper.citeKey]);
  const commit = async () => {
    const key = text.trim();
    if (!api.setCiteKey || !key || key === paper.citeKey) return setText(paper.citeKey ?? '');
    try {
      onChanged(await api.setCiteKey(paper.id, key));
      setProblem('');
    } catch (err) {
      setProblem((err as Error).message);
    }
  };
  return (
    <p class="cite-key">
      <label>
        Cite key{' '}
        <input
          type="text"
          spellcheck={false}
          value={text}
          readOnly={!api.setCiteKey}
          aria-invalid={!!problem}
          onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
          onKeyDown={(e) => e.key === 'Enter' && void commit()}
          onBlur={() => void commit()}
        />
      </label>
      {problem && <span role="alert"> {problem}</span>}
    </p>
  );
}

function links(p: PaperRecord): Array<[string, string]> {
  const out: Array<[string, string | undefined]> = [
    ['Abstract page', p.links.abs],
    ['PDF', p.links.pdf],
    // Hugging Face has pages for new-style arXiv ids only (not hep-th/9901001).
    ['Hugging Face', p.links.hf ?? (p.ids.arxiv && /^\d{4}\.\d{4,5}$/.test(p.ids.arxiv) ? `https://huggingface.co/papers/${p.ids.arxiv}` : undefined)],
    ['OpenReview', p.ids.openreview ? `https://openreview.net/forum?id=${p.ids.openreview}` : undefined],
    ['DOI', p.ids.doi ? `https://doi.org/${p.ids.doi}` : undefined],
    ['Code', p.links.code],
    ['Project', p.links.project],
  ];
  return out.filter((l): l is [string, string] => !!l[1] && /^https?:\/\//.test(l[1]));
}

/** One paper: links, the full note, tags, related papers with reasons, copy as BibTeX or Markdown. */
export function PaperView({
  id,
  api,
  onBack,
  onRemoved,
  autoFocus = true,
  backLabel = '← Back',
}: {
  id: string;
  api: PaperViewApi;
  onBack: () => void;
  onRemoved?: (p: PaperRecord) => void;
  /** The popup puts the caret in the note; the library's pane leaves focus in the table. */
  autoFocus?: boolean;
  backLabel?: string;
}) {
  const [paper, setPaper] = useState<PaperRecord | null | undefined>();
  const [related, setRelated] = useState<RelatedPaper[]>();
  const [suggestions, setSuggestions] = useState<string[]>([]);
  const [status, setStatus] = useState('');

  useEffect(() => {
    void api.get(id).then((p) => {
      setPaper(p);
      if (p) void api.related(p).then(setRelated, () => setRelated([]));
    });
    void api.tags().then(setSuggestions, () => {});
  }, [id]);

  if (paper === undefined) return <p class="empty">Loading…</p>;
  if (paper === null) {
    return (
      <div class="paper-view">
        <button type="button" class="link" onClick={onBack}>
          {backLabel}
        </button>
        <p class="empty">This paper is no longer in your library.</p>
      </div>
    );
  }

  const copy = async (text: string, what: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setStatus(`Copied ${what}.`);
    } catch (err) {
      setStatus(`Could not copy: ${(err as Error).message}`);
    }
  };

  return (
    <article class="paper-view" aria-labelledby="paper-title">
      <button type="button" class="link" onClick={onBack}>
        {backLabel}
      </button>
      <h2 id="paper-title">
        <TitleText text={paper.title} />
      </h2>
      <p class="meta">{[paper.authors.join(', '), paper.container, paper.published].filter(Boolean).join(' · ')}</p>
      <CiteKeyField paper={paper} api={api} onChanged={setPaper} />
      <DetailsEditor paper={paper} api={api} onChanged={setPaper} />
      <nav class="links" aria-label="Links">
        {links(paper).map(([label, href]) => (
          <a key={label} href={href} target="_blank" rel="noreferrer noopener">
            {label}
          </a>
        ))}
      </nav>
      <StatusPicker
        status={paper.status}
        statusAt={paper.statusAt}
        onChange={(s) =>
          void api.setStatus(paper.id, s).then(
            (st) => setPaper({ ...paper, status: st.status, statusAt: st.statusAt }),
            (err) => setStatus((err as Error).message),
          )
        }
      />
      <NoteEditor note={paper.note} draftId={paper.id} rows={8} autoFocus={autoFocus} save={(text, base) => api.setNote(paper.id, text, base)} />
      <TagEditor
        tags={paper.tags}
        suggestions={suggestions}
        onChange={(tags) => {
          setPaper({ ...paper, tags });
          void api.setTags(paper.id, tags).catch((err) => setStatus((err as Error).message));
        }}
      />
      <div class="actions">
        <button type="button" onClick={() => void copy(toBibtex([paper]), 'BibTeX')}>
          Copy BibTeX
        </button>
        <button type="button" onClick={() => void copy(markdownLink(paper), 'Markdown link')}>
          Copy Markdown link
        </button>
        {/* Beside the buttons it answers, not beside "Remove". */}
        {status && <span role="status">{status}</span>}
      </div>
      <div class="actions remove">
        <button
          type="button"
          class="danger"
          onClick={async () => {
            await api.unsave(paper.id);
            onRemoved?.(paper);
            onBack();
          }}
        >
          Remove from library
        </button>
      </div>
      {paper.abstract && (
        <details>
          <summary>Abstract</summary>
          <p class="abstract">{paper.abstract}</p>
        </details>
      )}
      <section aria-label="Related papers">
        <h3>Related in your library</h3>
        {related === undefined ? (
          <p class="empty">Finding related papers…</p>
        ) : related.length ? (
          <RelatedList related={related} />
        ) : (
          <p class="empty">Nothing in your library is close to this paper yet.</p>
        )}
      </section>
    </article>
  );
}
