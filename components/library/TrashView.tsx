import { useEffect, useRef, useState } from 'preact/hooks';
import type { TrashRecord } from '../../lib/db/schema';
import { TRASH_DAYS } from '../../lib/core/trash-days';
import { authorLine, preview } from '../../lib/core/text';

export interface TrashApi {
  trash(): Promise<TrashRecord[]>;
  restore(ids: string[]): Promise<{ restored: number }>;
  purgeTrash(ids: string[]): Promise<{ purged: number }>;
}

interface Props {
  api: TrashApi;
  onLibraryChange(callback: () => void): () => void;
}

const day = (t: number) => new Date(t).toLocaleDateString(undefined, { dateStyle: 'medium' });

/** Removed papers with their notes, restorable until the background purges them after TRASH_DAYS. */
export function TrashView({ api, onLibraryChange }: Props) {
  const [items, setItems] = useState<TrashRecord[]>();
  const [confirming, setConfirming] = useState<string>();
  const [status, setStatus] = useState('');
  const [error, setError] = useState('');
  // The row that had focus when its button removed it: focus goes to the row now in its place.
  const [focusAt, setFocusAt] = useState<number>();
  const list = useRef<HTMLUListElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  const load = () => void api.trash().then(setItems, (err) => setError((err as Error).message));
  useEffect(() => {
    load();
    return onLibraryChange(load);
  }, []);

  useEffect(() => {
    if (focusAt === undefined || !items) return;
    const rows = list.current?.querySelectorAll<HTMLElement>('li > .trash-actions button:first-child');
    const next = rows?.[Math.min(focusAt, rows.length - 1)];
    (next ?? heading.current)?.focus();
    setFocusAt(undefined);
  }, [items]);

  // The confirmation replaces the button that asked for it; focus follows it there.
  useEffect(() => {
    if (confirming) list.current?.querySelector<HTMLElement>('[role="alertdialog"] button.danger')?.focus();
  }, [confirming]);

  const act = async (index: number, run: () => Promise<string>) => {
    setError('');
    try {
      setStatus(await run());
    } catch (err) {
      setError((err as Error).message);
    }
    setConfirming(undefined);
    setFocusAt(index);
    load();
  };

  return (
    <section class="trash" aria-labelledby="trash-h">
      <h2 id="trash-h" ref={heading} tabIndex={-1}>
        Trash
      </h2>
      <p class="hint">Removed papers are kept for {TRASH_DAYS} days with their notes and tags, then deleted for good.</p>
      {/* Keyed: unkeyed, an error appearing took the status line's DOM (the next <p>) and a new
          status line was built, so the live region the page keeps for announcements was replaced. */}
      {error && (
        <p key="error" class="error" role="alert">
          {error}
        </p>
      )}
      <p key="status" role="status" class="trash-status">
        {status}
      </p>
      {items === undefined ? (
        <p class="hint">Loading…</p>
      ) : items.length === 0 ? (
        <p class="hint">The trash is empty.</p>
      ) : (
        <ul class="trash-list" ref={list} aria-label="Removed papers">
          {items.map((r, i) => (
            <li key={r.id} class="trash-item">
              <div class="trash-main">
                <span class="trash-title">{r.title}</span>
                <span class="meta">
                  {authorLine(r.authors)}
                  {r.authors.length ? ' · ' : ''}removed {day(r.removedAt)}
                  {r.tags.length > 0 && ' · '}
                  {r.tags.map((t) => (
                    <span class="tag" key={t}>
                      #{t}
                    </span>
                  ))}
                </span>
                {r.note.trim() && <span class="trash-note">{preview(r.note, 160)}</span>}
              </div>
              {confirming === r.id ? (
                <div
                  class="trash-actions"
                  role="alertdialog"
                  aria-label={`Delete ${r.title} forever`}
                  onKeyDown={(e) => {
                    if (e.key !== 'Escape') return;
                    setConfirming(undefined);
                    setFocusAt(i);
                    load();
                  }}
                >
                  <span>Delete forever{r.note.trim() ? ', note included' : ''}? This cannot be undone.</span>
                  <button
                    type="button"
                    class="danger"
                    onClick={() =>
                      void act(i, async () => {
                        await api.purgeTrash([r.id]);
                        return `Deleted “${preview(r.title, 60)}” forever.`;
                      })
                    }
                  >
                    Delete forever
                  </button>
                  <button
                    type="button"
                    onClick={() => {
                      setConfirming(undefined);
                      setFocusAt(i);
                      load();
                    }}
                  >
                    Cancel
                  </button>
                </div>
              ) : (
                <div class="trash-actions">
                  <button
                    type="button"
                    aria-label={`Restore: ${r.title}`}
                    onClick={() =>
                      void act(i, async () => {
                        const { restored } = await api.restore([r.id]);
                        return restored ? `Restored “${preview(r.title, 60)}”.` : 'That paper was no longer in the trash.';
                      })
                    }
                  >
                    Restore
                  </button>
                  <button type="button" class="danger" aria-label={`Delete forever: ${r.title}`} onClick={() => setConfirming(r.id)}>
                    Delete forever…
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
