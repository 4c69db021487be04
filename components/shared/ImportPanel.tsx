import { useEffect, useRef, useState } from 'preact/hooks';
import { sentence } from '../../lib/core/text';
import { FORMAT_LABELS, ImportError, MAX_IMPORT_BYTES, type ImportFormat, type SkippedEntry } from '../../lib/import/types';
import { parseImportInWorker } from '../../lib/import/in-worker';
import type { RemoteLibrary } from '../../lib/pages/remote';
import type { ImportProgress, ImportSummary } from '../../lib/library/service';

type Stage =
  | { kind: 'idle' }
  | { kind: 'reading'; name: string }
  | { kind: 'checking'; name: string; staged: number; total: number }
  | {
      kind: 'preview';
      name: string;
      /** The background holds the file's items under this token; the page keeps only counts. */
      token: string;
      format: ImportFormat;
      count: number;
      skipped?: SkippedEntry[];
      merge: ImportSummary;
      replace: ImportSummary;
      confirming?: boolean;
    }
  | { kind: 'writing'; written: number; total: number; stopping?: boolean }
  | { kind: 'done'; summary: ImportSummary | ImportProgress; stopped?: boolean }
  | { kind: 'error'; message: string };

const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

/**
 * Pick a file, see what it would change, then import it: written in parts, with progress and a
 * Stop that keeps the parts already written (each part is all or nothing).
 */
export function ImportPanel({
  library,
  onWriting,
}: {
  library: Pick<RemoteLibrary, 'stageImport' | 'previewImport' | 'stepImport' | 'cancelImport'>;
  /** Told when papers start and stop being written: the parts before the last are written without a change notice. */
  onWriting?: (writing: boolean) => void;
}) {
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
  const writing = stage.kind === 'writing';
  const wasWriting = useRef(false);
  useEffect(() => {
    if (writing === wasWriting.current) return;
    wasWriting.current = writing;
    onWriting?.(writing);
  }, [writing]);
  const stopRequested = useRef(false);
  const [mode, setMode] = useState<'merge' | 'replace'>('merge');
  // Replace is chosen for one file only: the next file starts from merge again.
  const settle = (next: Stage) => {
    setMode('merge');
    setStage(next);
  };

  const pick = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > MAX_IMPORT_BYTES) {
      setStage({
        kind: 'error',
        message: `${file.name} is too large (${Math.round(file.size / 1024 / 1024)} MB); Gloss imports files up to ${MAX_IMPORT_BYTES / 1024 / 1024} MB. Nothing was imported.`,
      });
      return;
    }
    try {
      setStage({ kind: 'reading', name: file.name });
      // In a worker, which reads the file itself: a file that takes long to read (or never
      // finishes) leaves the page usable, and the page never holds the file's text.
      const parsed = await parseImportInWorker(file);
      const total = parsed.items.length;
      setStage({ kind: 'checking', name: file.name, staged: 0, total });
      // Staged once: both previews and the import read the same staged items.
      const token = await library.stageImport(parsed.items, (staged) => setStage({ kind: 'checking', name: file.name, staged, total }));
      const [merge, replace] = await Promise.all([library.previewImport(token, 'merge'), library.previewImport(token, 'replace')]);
      setStage({ kind: 'preview', name: file.name, token, format: parsed.format, count: total, skipped: parsed.skipped, merge, replace });
    } catch (err) {
      const message = err instanceof ImportError ? err.message : `Could not read the file: ${(err as Error).message}`;
      setStage({ kind: 'error', message: `${file.name}: ${sentence(message)} Nothing was imported.` });
    }
  };

  const run = async () => {
    if (stage.kind !== 'preview') return;
    // Replacing removes papers: it asks once more, with the count, before anything is written.
    if (mode === 'replace' && stage.replace.removed > 0 && !stage.confirming) {
      setStage({ ...stage, confirming: true });
      return;
    }
    const { token, count } = stage;
    stopRequested.current = false;
    setStage({ kind: 'writing', written: 0, total: count });
    try {
      for (;;) {
        const step = await library.stepImport(token, mode);
        if (step.done) return settle({ kind: 'done', summary: step });
        if (stopRequested.current) {
          return settle({ kind: 'done', summary: (await library.cancelImport(token)) ?? step, stopped: true });
        }
        setStage({ kind: 'writing', written: step.written, total: step.total });
      }
    } catch (err) {
      // The background's message says what was written before the failure (each part is whole).
      settle({ kind: 'error', message: `Import failed: ${sentence((err as Error).message)}` });
    }
  };

  const dismiss = () => {
    // The staged items are released now rather than when they expire.
    if (stage.kind === 'preview') void library.cancelImport(stage.token).catch(() => {});
    settle({ kind: 'idle' });
  };

  return (
    <div class="import-panel">
      <label>
        Import a file (Gloss backup, BibTeX, CSL-JSON, RIS, PaperMemory){' '}
        <input
          type="file"
          accept=".json,.bib,.bibtex,.ris,.txt,application/json"
          onChange={(e) => {
            const input = e.currentTarget as HTMLInputElement;
            void pick(input.files?.[0]);
            // Choosing the same file again (after fixing it, or to re-import) must work too.
            input.value = '';
          }}
        />
      </label>
      {stage.kind === 'reading' && <p role="status">Reading {stage.name}…</p>}
      {stage.kind === 'preview' && (
        <div class="preview-box" role="group" aria-label="Import preview">
          <p>
            <strong>{stage.name}</strong>: {FORMAT_LABELS[stage.format]}, {plural(stage.count, 'paper')}.
          </p>
          {!!stage.skipped?.length && (
            <div class="skipped" role="group" aria-label="Entries that cannot be imported">
              <p>
                {stage.skipped.length === 1 ? '1 entry' : `${stage.skipped.length} entries`} cannot be imported and will be left out; importing brings in the
                other {plural(stage.count, 'paper')}:
              </p>
              <ul>
                {stage.skipped.slice(0, 50).map((s, i) => (
                  <li key={i}>
                    {s.where}: {s.message}
                  </li>
                ))}
              </ul>
            </div>
          )}
          {mode === 'merge' && !!stage.merge.changes?.length && (
            <details class="changes">
              <summary>What the {plural(stage.merge.updated, 'update')} change</summary>
              <ul aria-label="Changes per paper">
                {stage.merge.changes.map((c) => (
                  <li key={c.id}>
                    {c.title}: {c.fields.join(', ')}
                  </li>
                ))}
              </ul>
            </details>
          )}
          <label class="check">
            <input type="radio" name="mode" checked={mode === 'merge'} onChange={() => setMode('merge')} />
            Merge: {stage.merge.added} new, {stage.merge.updated} updated, {stage.merge.unchanged} unchanged
          </label>
          <label class="check">
            <input type="radio" name="mode" checked={mode === 'replace'} onChange={() => setMode('replace')} />
            Replace the library: {plural(stage.replace.removed, 'saved paper')} removed, {stage.replace.added} imported
          </label>
          {stage.confirming ? (
            <p role="alert" class="confirm">
              This removes all {plural(stage.replace.removed, 'saved paper')} from your library and keeps only the {plural(stage.replace.added, 'paper')} of
              this file. A local backup of your library is taken first (Options → Backups can restore it).{' '}
              <button type="button" class="danger" onClick={() => void run()}>
                Remove {stage.replace.removed} and replace
              </button>
            </p>
          ) : (
            <button type="button" class={mode === 'replace' ? 'danger' : ''} onClick={() => void run()}>
              {mode === 'merge'
                ? stage.skipped?.length
                  ? `Import ${plural(stage.count, 'paper')}, leave out ${stage.skipped.length}`
                  : 'Import'
                : 'Replace library…'}
            </button>
          )}{' '}
          <button type="button" onClick={dismiss}>
            Cancel
          </button>
        </div>
      )}
      {stage.kind === 'checking' && (
        <p role="status">
          Checking {stage.name}: {stage.staged.toLocaleString('en')} of {plural(stage.total, 'paper')}…
        </p>
      )}
      {stage.kind === 'writing' && (
        <p role="status">
          Importing… {stage.written.toLocaleString('en')} of {plural(stage.total, 'paper')} <progress max={stage.total} value={stage.written} />{' '}
          <button
            type="button"
            disabled={stage.stopping}
            onClick={() => {
              stopRequested.current = true;
              setStage({ ...stage, stopping: true });
            }}
          >
            {stage.stopping ? 'Stopping…' : 'Stop'}
          </button>
        </p>
      )}
      {stage.kind === 'done' && (
        <p role="status">
          {stage.stopped && 'written' in stage.summary
            ? `Stopped: ${stage.summary.written.toLocaleString('en')} of ${plural(stage.summary.total, 'paper')} imported, the rest not. `
            : ''}
          Imported: {stage.summary.added} new, {stage.summary.updated} updated, {stage.summary.unchanged} unchanged
          {stage.summary.removed ? `, ${stage.summary.removed} removed` : ''}.
          {stage.summary.backup && ` The ${plural(stage.summary.backup.count, 'paper')} you had are in a local backup (Options → Backups).`}
        </p>
      )}
      {stage.kind === 'error' && (
        <p class="error" role="alert">
          {stage.message}
        </p>
      )}
    </div>
  );
}
