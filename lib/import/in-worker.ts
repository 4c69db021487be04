/** The page's side of the import worker (./worker.ts): one worker per file, stopped on a time budget. */
import { ImportError, type ParsedImport } from './types';
import type { ParseReply } from './worker-protocol';
import ImportWorker from './worker?worker';

/** The part of a Worker used here, so tests can stand in for one. */
export interface ParseWorker {
  onmessage: ((e: MessageEvent<ParseReply>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
  postMessage(file: string | Blob): void;
  terminate(): void;
}

// `?worker`, not `new Worker(new URL('./worker.ts', import.meta.url))`: WXT defines
// import.meta.url as self.location.href, which hides that form from Vite, and the page then asked
// for a ./worker.ts that the build never emitted.
const spawnWorker = (): ParseWorker => new ImportWorker() as unknown as ParseWorker;

/**
 * How long a file may take to read. The BibTeX parser is slow on its own: a 3.5 MB export of
 * 2,000 papers with abstracts took 60 s on a busy two-core machine, so a flat 10 s would refuse
 * real libraries. 10 s plus 30 s per MB lets those through and still stops a file whose size
 * does not explain the time (the budget is what catches anything the @string check misses).
 */
export const parseBudgetMs = (chars: number) => Math.round(10_000 + (30_000 * chars) / (1024 * 1024));

/** `file`: the File as chosen (the worker reads it), or text. */
export function parseImportInWorker(
  file: string | Blob,
  { spawn = spawnWorker, budgetMs = parseBudgetMs(typeof file === 'string' ? file.length : file.size) }: { spawn?: () => ParseWorker; budgetMs?: number } = {},
): Promise<ParsedImport> {
  return new Promise((resolve, reject) => {
    const worker = spawn();
    const finish = (settle: () => void) => {
      clearTimeout(timer);
      worker.onmessage = worker.onerror = null;
      worker.terminate();
      settle();
    };
    const timer = setTimeout(() => {
      const kind = typeof file !== 'string' ? '' : /^\uFEFF?\s*[[{]/.test(file) ? 'JSON ' : 'BibTeX ';
      finish(() => reject(new ImportError(`This ${kind}file took too long to read (stopped after ${Number((budgetMs / 1000).toFixed(1))} s)`)));
    }, budgetMs);
    worker.onmessage = ({ data }) =>
      finish(() => {
        if (data.ok) resolve(data.parsed);
        else reject(data.importError ? new ImportError(data.message, data.where) : new Error(data.message));
      });
    worker.onerror = (e) => finish(() => reject(new Error(`the import reader stopped (${e.message || 'no reason given'})`)));
    worker.postMessage(file);
  });
}
