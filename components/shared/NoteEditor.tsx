import { useEffect, useRef, useState } from 'preact/hooks';
import { draftStore, type DraftStore } from '../../lib/pages/drafts';
import { Markdown } from './Markdown';
import { useAutosave } from './useAutosave';

interface Props {
  note: string;
  /** Stores the text; `base` is the stored note it was written over (see useAutosave). */
  save: (text: string, base: string) => Promise<unknown>;
  /** Escape (or the close button) calls this after the note is flushed. */
  onClose?: () => void;
  autoFocus?: boolean;
  rows?: number;
  /** Accessible name of the text field. */
  label?: string;
  /** The paper's id: unsaved text is kept as a draft under it until it is stored. */
  draftId?: string;
  /** Where drafts are kept (the panel keeps them through its own, narrower contract). */
  drafts?: DraftStore;
}

/** A note field that saves as you type; shows where the save stands and lets a failed one be retried. */
export function NoteEditor({ note, save, onClose, autoFocus, rows = 4, label = 'Note', draftId, drafts = draftStore }: Props) {
  const { draft, onInput, flush, status, error } = useAutosave(note, save, {
    draft: draftId ? { store: drafts, id: draftId } : undefined,
  });
  const field = useRef<HTMLTextAreaElement>(null);
  const [preview, setPreview] = useState(false);

  useEffect(() => {
    if (!autoFocus || !field.current) return;
    field.current.focus();
    const end = field.current.value.length;
    field.current.setSelectionRange(end, end);
  }, [autoFocus]);

  // Closing the panel ends its session in the background: a save sent after that is refused
  // and the note lost, so the close waits for the save of what was just typed.
  const close = () => void flush().then(() => onClose?.());

  return (
    <div class="note-editor">
      {/* Keyed: unkeyed, the preview <div> took the status line's DOM (the nearest unused <div>) and
          the line was built again, so the Preview button just pressed lost the focus. */}
      {preview ? (
        <div key="preview" class="note-preview" aria-label={`${label} (preview)`} role="region">
          {draft.trim() ? <Markdown text={draft} /> : <p class="hint">Nothing written yet.</p>}
        </div>
      ) : (
        <textarea
          key="text"
          ref={field}
          aria-label={label}
          rows={rows}
          value={draft}
          placeholder="Your note (Markdown). Saved as you type."
          onInput={(e) => onInput((e.currentTarget as HTMLTextAreaElement).value)}
          onBlur={() => void flush()}
          onKeyDown={(e) => {
            e.stopPropagation(); // the host page's shortcuts must not see keys typed in a note
            if (e.key === 'Escape' && onClose) {
              e.preventDefault();
              close();
            }
          }}
        />
      )}
      <div key="status" class="note-status" role="status">
        <button
          type="button"
          class="link preview-toggle"
          aria-pressed={preview}
          onClick={() => {
            // First in the row, so the status text changing as the blur saves does not move it
            // from under the pointer. Leaving the editor stores what was typed.
            if (!preview) void flush();
            setPreview(!preview);
          }}
        >
          Preview
        </button>
        {status === 'saving' && 'Saving…'}
        {status === 'saved' && 'Saved'}
        {status === 'conflict' && <span class="error">Also changed in another window: both versions are kept above. Edit them into one.</span>}
        {status === 'error' && (
          <>
            <span class="error">Not saved: {error}</span>{' '}
            <button type="button" class="link" onClick={() => void flush()}>
              Retry
            </button>
          </>
        )}
        {onClose && (
          <button type="button" class="link close" onClick={close}>
            Done
          </button>
        )}
      </div>
    </div>
  );
}
