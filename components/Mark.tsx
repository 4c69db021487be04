import { useRef, useState } from 'preact/hooks';
import { preview } from '../lib/text';
import type { EntryState, PaperMeta } from '../lib/types';
import { NoteEditor } from './NoteEditor';
import { TagEditor } from './TagEditor';

export interface MarkActions {
  toggleSave(paper: PaperMeta, saved: boolean): Promise<void>;
  setNote(paper: PaperMeta, note: string): Promise<unknown>;
  setTags(paper: PaperMeta, tags: string[]): Promise<unknown>;
}

interface Props {
  paper: PaperMeta;
  /** Undefined while the library has not answered yet. */
  state?: EntryState;
  /** Why the library could not answer, in words a person can act on. */
  error?: string;
  actions: MarkActions;
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

/** The inline mark on one paper: save toggle, note preview and editor, tags. */
export function Mark({ paper, state, error, actions }: Props) {
  const [open, setOpen] = useState(false);
  const noteButton = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState('');
  const saved = state?.saved ?? false;
  const note = state?.note ?? '';
  const tags = state?.tags ?? [];

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

  return (
    <div class={`gloss${saved ? ' is-saved' : ''}`} data-state={state ? (saved ? 'saved' : 'unsaved') : 'loading'}>
      <div class="row">
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
          aria-expanded={open}
          disabled={!state}
          onClick={() => setOpen(!open)}
        >
          {note ? 'Edit note' : 'Add note'}
        </button>
        {note && !open && (
          <span class="preview" title={note}>
            {preview(note)}
          </span>
        )}
        {!open && tags.map((t) => (
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
      {open && (
        <div class="panel">
          <NoteEditor
            note={note}
            autoFocus
            save={(text) => actions.setNote(paper, text)}
            onClose={() => {
              setOpen(false);
              requestAnimationFrame(() => noteButton.current?.focus());
            }}
          />
          <TagEditor tags={tags} onChange={(next) => void run(() => actions.setTags(paper, next))} />
        </div>
      )}
    </div>
  );
}
