import { useEffect, useRef, useState } from 'preact/hooks';
import type { DraftRecord } from '../../lib/db/schema';
import { GlossError } from '../../lib/core/errors';
import { preview } from '../../lib/core/text';
import type { EntryState } from '../../lib/core/types';

export type DraftInfo = DraftRecord & { title: string };

export interface DraftsApi {
  drafts(): Promise<DraftInfo[]>;
  setNote(id: string, note: string, base: string): Promise<EntryState>;
  clearDraft(id: string): Promise<{ cleared: boolean }>;
}

interface Props {
  api: DraftsApi;
  onLibraryChange(callback: () => void): () => void;
}

/**
 * Notes typed but never stored (the editor closed mid-sentence, the worker stopped): each can
 * be saved on its paper or discarded. Saving sends the text the draft started from, so a note
 * changed elsewhere since is kept beside it rather than overwritten.
 */
export function DraftsBanner({ api, onLibraryChange }: Props) {
  const [drafts, setDrafts] = useState<DraftInfo[]>([]);
  const [discarding, setDiscarding] = useState<string>();
  const [status, setStatus] = useState('');
  const box = useRef<HTMLElement>(null);
  const lastDiscarding = useRef<string>();

  // The question replaces the button that asked it, and the button comes back after: focus follows.
  useEffect(() => {
    const root = box.current;
    if (discarding) root?.querySelector<HTMLElement>('[role="alertdialog"] button.danger')?.focus();
    else if (lastDiscarding.current) {
      const row = [...(root?.querySelectorAll<HTMLElement>('[data-draft]') ?? [])].find((el) => el.dataset.draft === lastDiscarding.current);
      row?.querySelector<HTMLElement>('.draft-discard')?.focus();
    }
    lastDiscarding.current = discarding;
  }, [discarding]);

  const load = () => void api.drafts().then(setDrafts, (err) => setStatus((err as Error).message));
  useEffect(() => {
    load();
    const off = onLibraryChange(load);
    // Drafts are written by editors in other tabs without a library change: look again on return.
    window.addEventListener('focus', load);
    return () => {
      off();
      window.removeEventListener('focus', load);
    };
  }, []);

  const run = async (work: () => Promise<string>) => {
    try {
      setStatus(await work());
    } catch (err) {
      setStatus((err as Error).message);
    }
    setDiscarding(undefined);
    load();
  };

  const save = (d: DraftInfo) =>
    run(async () => {
      try {
        const state = await api.setNote(d.id, d.text, d.base);
        return state.conflict ? 'Saved. The note had also changed elsewhere; both versions are kept in it.' : 'Note saved.';
      } catch (err) {
        if (err instanceof GlossError && err.code === 'not-found')
          throw new Error('That paper is not in your library any more (restore it from the trash first), so the note cannot be saved on it.', { cause: err });
        throw err;
      }
    });

  if (!drafts.length && !status) return null;
  const name = (d: DraftInfo) => d.title || d.id;
  return (
    <section class="drafts-banner" aria-label="Notes not saved yet" ref={box}>
      {drafts.length > 0 && (
        <>
          <h2>
            {drafts.length} {drafts.length === 1 ? 'note' : 'notes'} not saved yet
          </h2>
          <ul class="drafts-list">
            {drafts.map((d) => (
              <li key={d.id} class="draft-item" data-draft={d.id}>
                <div class="draft-main">
                  <span class="draft-title">{name(d)}</span>
                  <span class="draft-text">{preview(d.text, 200) || '(empty note)'}</span>
                </div>
                {discarding === d.id ? (
                  <div
                    class="draft-actions"
                    role="alertdialog"
                    aria-label={`Discard the note on ${name(d)}`}
                    onKeyDown={(e) => e.key === 'Escape' && setDiscarding(undefined)}
                  >
                    <span>Discard this text?</span>
                    <button
                      type="button"
                      class="danger"
                      onClick={() =>
                        void run(async () => {
                          await api.clearDraft(d.id);
                          return 'Draft discarded.';
                        })
                      }
                    >
                      Discard
                    </button>
                    <button type="button" onClick={() => setDiscarding(undefined)}>
                      Keep
                    </button>
                  </div>
                ) : (
                  <div class="draft-actions">
                    <button type="button" aria-label={`Save note: ${name(d)}`} onClick={() => void save(d)}>
                      Save note
                    </button>
                    <button type="button" class="draft-discard" aria-label={`Discard: ${name(d)}`} onClick={() => setDiscarding(d.id)}>
                      Discard
                    </button>
                  </div>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
      <p role="status" class="drafts-status">
        {status}
      </p>
    </section>
  );
}
