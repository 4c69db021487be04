import { useEffect, useRef, useState } from 'preact/hooks';
import type { DraftStore } from '../../lib/pages/drafts';

export type SaveStatus = 'idle' | 'saving' | 'saved' | 'error' | 'conflict';

/** What a save may answer: the stored note, and whether another window's text was kept beside this one. */
interface Stored {
  note?: unknown;
  conflict?: unknown;
}

/**
 * Text that saves itself: a short pause after typing, and on flush (closing the editor,
 * leaving the page). Saves run one after another so the last text typed is the one stored.
 * While an edit is pending, changes arriving from elsewhere do not overwrite what the user types.
 */
export function useAutosave(
  value: string,
  /** `base` is the stored text this one was written over: the background keeps both on a race. */
  save: (text: string, base: string) => Promise<unknown>,
  { delay = 400, draft: kept }: { delay?: number; draft?: { store: DraftStore; id: string } } = {},
) {
  const [draft, setDraft] = useState(value);
  const [status, setStatus] = useState<SaveStatus>('idle');
  const [error, setError] = useState('');
  const pending = useRef<string | null>(null);
  const busy = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const chain = useRef<Promise<void>>(Promise.resolve());
  const saveRef = useRef(save);
  saveRef.current = save;
  /** The stored note the text being typed builds on. */
  const base = useRef(value);

  useEffect(() => {
    if (pending.current === null && busy.current === 0) {
      setDraft(value);
      base.current = value;
    }
  }, [value]);

  const flush = (): Promise<void> => {
    clearTimeout(timer.current);
    const text = pending.current;
    if (text === null) return chain.current;
    pending.current = null;
    busy.current++;
    setStatus('saving');
    chain.current = chain.current.then(async () => {
      try {
        const stored = (await saveRef.current(text, base.current)) as Stored | undefined;
        base.current = typeof stored?.note === 'string' ? stored.note : text;
        if (stored?.conflict === true && typeof stored.note === 'string') {
          // Both texts are stored; show them so the person can make one of them.
          if (pending.current === null) setDraft(stored.note);
          setStatus('conflict');
        } else if (pending.current === null) {
          setStatus('saved');
          void kept?.store.clear(kept.id);
        }
        setError('');
      } catch (err) {
        // Keep the text so the next flush (or Retry) sends it again.
        if (pending.current === null) pending.current = text;
        setStatus('error');
        setError((err as Error).message || String(err));
      } finally {
        busy.current--;
      }
    });
    return chain.current;
  };

  const onInput = (text: string) => {
    setDraft(text);
    pending.current = text;
    void kept?.store.put(kept.id, { text, base: base.current, at: Date.now() }).catch(() => {});
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void flush(), delay);
  };

  // A draft left by an editor that closed before saving: show it and save it now.
  useEffect(() => {
    if (!kept) return;
    void kept.store.get(kept.id).then((d) => {
      if (!d || d.text === value || d.base !== value || pending.current !== null) return;
      onInput(d.text);
      void flush();
    });
  }, []);

  // The tab closing or going to the background may be the last chance to store the note.
  useEffect(() => {
    const leave = () => void flush();
    const hidden = () => document.visibilityState === 'hidden' && flush();
    addEventListener('pagehide', leave);
    document.addEventListener('visibilitychange', hidden);
    return () => {
      removeEventListener('pagehide', leave);
      document.removeEventListener('visibilitychange', hidden);
      void flush();
    };
  }, []);

  return { draft, onInput, flush, status, error };
}
