import { useEffect, useState } from 'preact/hooks';
import type { BackupInfo } from '../../lib/library/backups';
import type { RemoteBackups } from '../../lib/pages/remote';
import type { Settings } from '../../lib/settings/settings';
import { downloadText } from '../../lib/pages/download';

interface Props {
  backups: RemoteBackups;
  settings: Settings;
  update(change: Partial<Settings>): Promise<Settings>;
  /** Asks for the optional downloads permission (from a click). */
  requestDownloads(): Promise<boolean>;
}

const when = (t: number) => new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const REASON = {
  scheduled: 'scheduled',
  manual: 'by hand',
  'before-restore': 'before a restore',
  'before-import': 'before an import replaced the library',
} as const;

/** Backups: schedule, take one now, restore one (after confirming), save one as a file. */
export function BackupSection({ backups, settings, update, requestDownloads }: Props) {
  const [list, setList] = useState<BackupInfo[]>();
  const [confirm, setConfirm] = useState<BackupInfo>();
  const [status, setStatus] = useState('');
  const refresh = () => void backups.list().then(setList, (err) => setStatus((err as Error).message));
  useEffect(refresh, []);

  return (
    <section aria-labelledby="backup-h">
      <h2 id="backup-h">Backups</h2>
      <p class="hint">Gloss keeps the last 7 snapshots of your library in this browser. Restore one if something goes wrong.</p>
      <label>
        Back up automatically{' '}
        <select
          value={settings.backupEvery}
          onChange={(e) => void update({ backupEvery: (e.currentTarget as HTMLSelectElement).value as Settings['backupEvery'] })}
        >
          <option value="daily">every day</option>
          <option value="weekly">every week</option>
          <option value="off">never</option>
        </select>
      </label>
      <label class="check">
        <input
          type="checkbox"
          checked={settings.backupDownload}
          onChange={async (e) => {
            const on = (e.currentTarget as HTMLInputElement).checked;
            if (on && !(await requestDownloads())) {
              setStatus('Gloss was not allowed to save files, so backups stay in the browser only.');
              return;
            }
            await update({ backupDownload: on });
          }}
        />
        Also save each scheduled backup as a file in the Downloads folder (“Gloss backups”)
      </label>
      <p>
        <button
          type="button"
          onClick={async () => {
            const info = await backups.snapshot();
            setStatus(`Backed up ${info.count} papers.`);
            refresh();
          }}
        >
          Back up now
        </button>
      </p>
      {list && list.length === 0 && <p class="hint">No backups yet.</p>}
      {list && list.length > 0 && (
        <ul class="backups" aria-label="Backups">
          {list.map((b) => (
            <li key={b.id}>
              {when(b.at)} · {b.count} papers · {REASON[b.reason]}{' '}
              <button type="button" onClick={() => setConfirm(b)}>
                Restore…
              </button>{' '}
              <button
                type="button"
                class="link"
                onClick={async () => {
                  try {
                    const text = await backups.text(b.id);
                    if (!text) return setStatus('That backup no longer exists.');
                    downloadText(document, `gloss-backup-${new Date(b.at).toISOString().slice(0, 10)}.json`, text, 'application/json');
                  } catch (err) {
                    setStatus(`Could not save the backup as a file: ${(err as Error).message}`);
                  }
                }}
              >
                Save as file
              </button>
            </li>
          ))}
        </ul>
      )}
      {confirm && (
        <div role="alertdialog" aria-label="Confirm restore" class="preview-box">
          <p>
            Replace your library with the backup of {when(confirm.at)} ({confirm.count} papers)? Gloss backs up the library as it is first, so you can come
            back.
          </p>
          <button
            type="button"
            class="danger"
            onClick={async () => {
              try {
                const r = await backups.restore(confirm.id);
                setStatus(`Restored ${r.added} papers.`);
              } catch (err) {
                setStatus(`Restore failed; nothing was changed: ${(err as Error).message}`);
              }
              setConfirm(undefined);
              refresh();
            }}
          >
            Restore {confirm.count} papers
          </button>{' '}
          <button type="button" onClick={() => setConfirm(undefined)}>
            Cancel
          </button>
        </div>
      )}
      {status && <p role="status">{status}</p>}
    </section>
  );
}
