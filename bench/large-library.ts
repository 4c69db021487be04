/**
 * The HF daily page and the popup against a 50,000-paper library in headless Chromium with the
 * built extension (bench/annotate.ts, bench/popup-search.ts): the import through the library
 * page (one ~100 MB JSON backup, read by the worker in parts), warm marks + related, cold first
 * marks and related filled, the popup's cold first search,
 * and the worker's heap with both indexes. The library is the real corpus replicated with new ids
 * and perturbed titles (bench/lib/scale.ts), for speed only. The baseline is the same page with
 * the real 10k corpus, measured in the same run.
 *   npx tsx bench/large-library.ts [size]   (default 50000; needs `npx wxt build`; ~15 min on 2 busy cores)
 */
import { measureAnnotation } from './annotate';
import { loadCorpus, withNotes } from './lib/corpus';
import { replicate } from './lib/scale';

export async function measureLargeLibrary(size = 50_000, runs = 5) {
  const all = loadCorpus();
  const base = await measureAnnotation(withNotes(all.slice(0, 10_000)), runs);
  // One file, as a person restoring a backup would (~100 MB at 50k; the limit is MAX_IMPORT_BYTES).
  const large = await measureAnnotation(withNotes(replicate(all, size)), runs, { popup: true });
  return { base, large };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  measureLargeLibrary(Number(process.argv[2] ?? 50_000)).then(
    ({ base, large }) => console.log(JSON.stringify({ base, large: { ...large, panel: undefined } }, null, 1)),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
