/**
 * Where an import's time goes, stage by stage, in Node with fake-indexeddb (slower than
 * Chromium's IndexedDB, so compare the stages with each other, not with the browser): reading
 * and validating a Gloss backup, the structured clone a message makes, the contract's checks of
 * the staged chunks, the merge and replace previews into an empty library, the write, the first
 * search after it (the index catching up once), and a merge preview into the full library.
 * The figures that pointed at the batched lookups (bench/README.md, issue 18).
 *   npx tsx bench/import-stages.ts [papers]   (default 10000)
 */
import 'fake-indexeddb/auto';
import { GlossDB } from '../lib/db/schema';
import { toBackup } from '../lib/export/backup';
import { parseImport } from '../lib/import';
import { readBackup } from '../lib/import/backup';
import { parseJson } from '../lib/import/json';
import { validateItems } from '../lib/import/validate';
import { LibraryService } from '../lib/library/service';
import { MAX_IMPORT_CHUNK, adminValidators } from '../lib/rpc/protocol';
import { loadTopicModel } from '../scripts/lib/load-topic-model';
import { asRecords } from '../tests/corpus';
import { loadCorpus, withNotes } from './lib/corpus';
import { replicate } from './lib/scale';

export async function measureImportStages(n = 10_000): Promise<Record<string, number>> {
  const text = toBackup(asRecords(withNotes(replicate(loadCorpus(), n))));
  const out: Record<string, number> = { papers: n, fileMb: text.length / 1024 / 1024 };
  const timed = async <T>(name: string, run: () => T | Promise<T>): Promise<T> => {
    const start = performance.now();
    const value = await run();
    out[`${name}Ms`] = Math.round(performance.now() - start);
    return value;
  };
  const data = await timed('jsonParse', () => parseJson(text.trim()));
  const read = await timed('readBackup', () => readBackup(data));
  await timed('validate', () => validateItems(read));
  const parsed = await timed('parseImport', () => parseImport(text));
  const items = await timed('structuredClone', () => structuredClone(parsed.items));
  await timed('contractChecks', () => {
    for (let i = 0; i < items.length; i += MAX_IMPORT_CHUNK) adminValidators.importStage({ items: items.slice(i, i + MAX_IMPORT_CHUNK) }, 'args');
  });
  const model = loadTopicModel();
  const lib = new LibraryService(new GlossDB(`gloss-bench-import-${Date.now()}`), { topicModel: async () => model });
  await lib.related.model();
  await timed('previewMergeEmpty', () => lib.importItems({ items, mode: 'merge', dryRun: true }));
  await timed('previewReplace', () => lib.importItems({ items, mode: 'replace', dryRun: true }));
  await timed('write', () => lib.importItems({ items, mode: 'merge' }));
  await timed('firstSearchAfter', () => lib.search({ query: 'attention' }));
  await timed('previewMergeFull', () => lib.importItems({ items, mode: 'merge', dryRun: true }));
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  measureImportStages(Number(process.argv[2] ?? 10_000)).then(
    (figures) => {
      console.log(JSON.stringify(figures));
      // The library's idle timers (snapshots, the search index's store) would hold the process a while.
      process.exit(0);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
