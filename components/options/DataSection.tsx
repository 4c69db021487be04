import { useEffect, useState } from 'preact/hooks';
import type { RemoteLibrary } from '../../lib/pages/remote';
import { ExportPanel } from '../shared/ExportPanel';
import { ImportPanel } from '../shared/ImportPanel';

interface Props {
  library: RemoteLibrary;
  clearSeen(): Promise<{ cleared: number }>;
  deleteAll(): Promise<{ deleted: number }>;
}

/** Options: export, import, forget what Gloss has seen, delete everything (confirmed by count). */
export function DataSection({ library, clearSeen, deleteAll }: Props) {
  const [count, setCount] = useState<number>();
  const [confirming, setConfirming] = useState(false);
  const [status, setStatus] = useState('');

  const refresh = () => void library.count().then(setCount);
  useEffect(refresh, []);

  return (
    <>
      <section aria-labelledby="data-h">
        <h2 id="data-h">Your data</h2>
        <p class="hint">Everything stays in this browser. Export it to move it to Zotero, LaTeX or your notes app, or to keep a copy.</p>
        <ExportPanel papers={() => library.all()} />
        <ImportPanel library={library} />
      </section>
      <section aria-labelledby="forget-h">
        <h2 id="forget-h">Forget</h2>
        <p>
          <button
            type="button"
            onClick={async () => {
              const { cleared } = await clearSeen();
              setStatus(`Forgot ${cleared} ${cleared === 1 ? 'paper' : 'papers'} Gloss had shown you. Saved papers are untouched.`);
            }}
          >
            Clear reading memory
          </button>
        </p>
        {!confirming ? (
          <button type="button" class="danger" disabled={!count} onClick={() => setConfirming(true)}>
            Delete everything…
          </button>
        ) : (
          <div role="alertdialog" aria-label="Confirm deleting the library" class="preview-box">
            <p>
              Delete all {count} saved {count === 1 ? 'paper' : 'papers'} with their notes and tags? This cannot be undone; export a backup first if you may
              want them back.
            </p>
            <button
              type="button"
              class="danger"
              onClick={async () => {
                const { deleted } = await deleteAll();
                setConfirming(false);
                setStatus(`Deleted ${deleted} ${deleted === 1 ? 'paper' : 'papers'}.`);
                refresh();
              }}
            >
              Delete {count} {count === 1 ? 'paper' : 'papers'}
            </button>{' '}
            <button type="button" onClick={() => setConfirming(false)}>
              Cancel
            </button>
          </div>
        )}
        {status && <p role="status">{status}</p>}
      </section>
    </>
  );
}
