import { useRef, useState } from 'preact/hooks';
import { preview } from '../lib/text';
import type { EntryState, PaperMeta, RelatedPaper } from '../lib/types';
import { NoteEditor } from './NoteEditor';
import { Popover } from './Popover';
import { RelatedList } from './RelatedList';
import { TagEditor } from './TagEditor';

export interface MarkActions {
  toggleSave(paper: PaperMeta, saved: boolean): Promise<void>;
  setNote(paper: PaperMeta, note: string): Promise<unknown>;
  setTags(paper: PaperMeta, tags: string[]): Promise<unknown>;
  toggleSelected(paper: PaperMeta, selected: boolean): void;
  wantTagSuggestions(): void;
}

/** What every mark on the page shares. */
export interface MarkContext {
  actions: MarkActions;
  tagSuggestions: string[];
  selecting: boolean;
  highlightRelated: boolean;
}

interface Props {
  paper: PaperMeta;
  /** Undefined while the library has not answered yet. */
  state?: EntryState;
  /** Undefined while related papers are being found. */
  related?: RelatedPaper[];
  selected: boolean;
  /** Why the library could not answer, in words a person can act on. */
  error?: string;
  ctx: MarkContext;
}

const StarIcon = ({ filled }: { filled: boolean }) => (
  <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
    <path
      d="M8 1.5l1.9 4 4.4.5-3.3 3 .9 4.4L8 11.2l-3.9 2.2.9-4.4-3.3-3 4.4-.5z"
      fill={filled ? 'currentColor' : 'none'}
      stroke="currentColor"
      stroke-width="1.3"
      stroke-linejoin="round"
    />
  </svg>
);

const day = (t: number) => new Date(t).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

/** The inline mark on one paper: save, note, tags, reading memory, related papers. */
export function Mark({ paper, state, related, selected, error, ctx }: Props) {
  const [panel, setPanel] = useState<'note' | 'related' | null>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState('');
  const noteButton = useRef<HTMLButtonElement>(null);
  const relatedButton = useRef<HTMLButtonElement>(null);
  const { actions } = ctx;
  const saved = state?.saved ?? false;
  const note = state?.note ?? '';
  const tags = state?.tags ?? [];
  const hasRelated = (related?.length ?? 0) > 0;

  const run = async (work: () => Promise<unknown>) => {
    setBusy(true);
    setActionError('');
    try {
      await work();
    } catch (err) {
      setActionError((err as Error).message);
    } finally {
      setBusy(false);
    }
  };

  const classes = ['gloss', saved && 'is-saved', state?.isNew && 'is-new', ctx.highlightRelated && hasRelated && 'is-highlighted'];
  return (
    <div class={classes.filter(Boolean).join(' ')} data-state={state ? (saved ? 'saved' : 'unsaved') : 'loading'}>
      <div class="row">
        {ctx.selecting && (
          <input
            type="checkbox"
            class="select"
            aria-label={`Select ${paper.title}`}
            checked={selected}
            onChange={(e) => actions.toggleSelected(paper, (e.currentTarget as HTMLInputElement).checked)}
          />
        )}
        <button
          type="button"
          class="btn save"
          aria-pressed={saved}
          disabled={!state || busy}
          title={saved ? 'Saved in Gloss. Click to remove it from your library.' : 'Save this paper to Gloss'}
          onClick={() => run(() => actions.toggleSave(paper, !saved))}
        >
          <StarIcon filled={saved} />
          {saved ? 'Saved' : 'Save'}
        </button>
        <button
          type="button"
          class="btn"
          ref={noteButton}
          aria-expanded={panel === 'note'}
          aria-haspopup="dialog"
          disabled={!state}
          onClick={() => {
            actions.wantTagSuggestions();
            setPanel(panel === 'note' ? null : 'note');
          }}
        >
          {note ? 'Edit note' : 'Add note'}
        </button>
        {hasRelated && (
          <button
            type="button"
            class="btn chip related"
            ref={relatedButton}
            aria-expanded={panel === 'related'}
            aria-haspopup="dialog"
            title={`Related to ${related!.length} ${related!.length === 1 ? 'paper' : 'papers'} in your library`}
            onClick={() => setPanel(panel === 'related' ? null : 'related')}
          >
            {related!.length} related
          </button>
        )}
        {state?.isNew && (
          <span class="badge new" title="Not on this listing when you last visited it">
            New
          </span>
        )}
        {state?.seen && !saved && (
          <span class="badge seen" title={`Shown to you before, first on ${day(state.seen.first)}`}>
            Seen
          </span>
        )}
        {note && (
          <span class="preview" title={note}>
            {preview(note)}
          </span>
        )}
        {tags.map((t) => (
          <span class="tag" key={t}>
            #{t}
          </span>
        ))}
        {(error || actionError) && (
          <span class="error" role="alert">
            {error || actionError}
          </span>
        )}
      </div>
      {panel === 'note' && (
        <Popover anchor={noteButton} label={`Note on ${paper.title}`} onClose={() => setPanel(null)}>
          <div class="panel-title">{paper.title}</div>
          <NoteEditor note={note} draftId={paper.id} autoFocus rows={6} save={(text) => actions.setNote(paper, text)} onClose={() => setPanel(null)} />
          <TagEditor tags={tags} suggestions={ctx.tagSuggestions} onChange={(next) => void run(() => actions.setTags(paper, next))} />
        </Popover>
      )}
      {panel === 'related' && hasRelated && (
        <Popover anchor={relatedButton} label={`Papers in your library related to ${paper.title}`} onClose={() => setPanel(null)} width={420}>
          <div class="panel-title">In your library, related to this paper</div>
          <RelatedList related={related!} />
        </Popover>
      )}
    </div>
  );
}
