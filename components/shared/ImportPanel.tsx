import { useState } from 'preact/hooks';
import { sentence } from '../../lib/core/text';
import { FORMAT_LABELS, ImportError, MAX_IMPORT_BYTES, type ParsedImport } from '../../lib/import/types';
import { parseImportInWorker } from '../../lib/import/in-worker';
import type { RemoteLibrary } from '../../lib/pages/remote';
import type { ImportSummary } from '../../lib/library/service';

type Stage =
  | { kind: 'idle' }
  | { kind: 'reading'; name: string; percent: number }
  | { kind: 'preview'; name: string; parsed: ParsedImport; merge: ImportSummary; replace: ImportSummary; confirming?: boolean }
  | { kind: 'writing' }
  | { kind: 'done'; summary: ImportSummary }
  | { kind: 'error'; message: string };

function readFile(file: File, onProgress: (percent: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (e) => e.lengthComputable && onProgress(Math.round((e.loaded / e.total) * 100));
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsText(file);
  });
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Pick a file, see what it would change, then import it (all or nothing). */
export function ImportPanel({ library }: { library: Pick<RemoteLibrary, 'importItems'> }) {
  const [stage, setStage] = useState<Stage>({ kind: 'idle' });
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
      setStage({ kind: 'reading', name: file.name, percent: 0 });
      const text = await readFile(file, (percent) => setStage({ kind: 'reading', name: file.name, percent }));
      // In a worker: a file that takes long to read (or never finishes) leaves the page usable.
      const parsed = await parseImportInWorker(text);
      const [merge, replace] = await Promise.all([
        library.importItems({ items: parsed.items, mode: 'merge', dryRun: true }),
        library.importItems({ items: parsed.items, mode: 'replace', dryRun: true }),
      ]);
      setStage({ kind: 'preview', name: file.name, parsed, merge, replace });
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
    const { parsed } = stage;
    setStage({ kind: 'writing' });
    try {
      settle({ kind: 'done', summary: await library.importItems({ items: parsed.items, mode }) });
    } catch (err) {
      settle({ kind: 'error', message: `Import failed and nothing was changed: ${(err as Error).message}` });
    }
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
      {stage.kind === 'reading' && (
        <p role="status">
          Reading {stage.name}… {stage.percent}%
        </p>
      )}
      {stage.kind === 'preview' && (
        <div class="preview-box" role="group" aria-label="Import preview">
          <p>
            <strong>{stage.name}</strong>: {FORMAT_LABELS[stage.parsed.format]}, {plural(stage.parsed.items.length, 'paper')}.
          </p>
          {!!stage.parsed.skipped?.length && (
            <div class="skipped" role="group" aria-label="Entries that cannot be imported">
              <p>
                {stage.parsed.skipped.length === 1 ? '1 entry' : `${stage.parsed.skipped.length} entries`} cannot be imported and will be left out; importing
                brings in the other {plural(stage.parsed.items.length, 'paper')}:
              </p>
              <ul>
                {stage.parsed.skipped.slice(0, 50).map((s, i) => (
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
                ? stage.parsed.skipped?.length
                  ? `Import ${plural(stage.parsed.items.length, 'paper')}, leave out ${stage.parsed.skipped.length}`
                  : 'Import'
                : 'Replace library…'}
            </button>
          )}{' '}
          <button type="button" onClick={() => settle({ kind: 'idle' })}>
            Cancel
          </button>
        </div>
      )}
      {stage.kind === 'writing' && <p role="status">Importing…</p>}
      {stage.kind === 'done' && (
        <p role="status">
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
