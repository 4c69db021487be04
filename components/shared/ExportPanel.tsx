import { useState } from 'preact/hooks';
import { EXPORT_FORMATS, exportFileName, type ExportFormat } from '../../lib/export';
import type { PaperRecord } from '../../lib/core/types';
import { downloadText } from '../../lib/pages/download';

interface Props {
  /** The papers to export, read when the user asks (the whole library or a selection). */
  papers: () => Promise<PaperRecord[]>;
  label?: string;
}

/** A format picker and an Export button that downloads the file. */
export function ExportPanel({ papers, label = 'Export library' }: Props) {
  const [format, setFormat] = useState<ExportFormat>('bibtex');
  const [status, setStatus] = useState('');
  const run = async () => {
    setStatus('');
    try {
      const list = await papers();
      if (!list.length) {
        setStatus('Nothing to export yet.');
        return;
      }
      const f = EXPORT_FORMATS[format];
      downloadText(document, exportFileName(format), f.write(list), f.mime);
      setStatus(`Exported ${list.length} ${list.length === 1 ? 'paper' : 'papers'} as ${f.label}.`);
    } catch (err) {
      setStatus(`Export failed: ${(err as Error).message}`);
    }
  };
  return (
    <div class="export-panel">
      <label>
        Format{' '}
        <select value={format} onChange={(e) => setFormat((e.currentTarget as HTMLSelectElement).value as ExportFormat)}>
          {Object.entries(EXPORT_FORMATS).map(([key, f]) => (
            <option key={key} value={key}>
              {f.label}
            </option>
          ))}
        </select>
      </label>{' '}
      <button type="button" onClick={() => void run()}>
        {label}
      </button>
      {status && <span role="status"> {status}</span>}
    </div>
  );
}
