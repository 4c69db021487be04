/** `npx tsx bench/search-run.ts [sizes…]`: only the search keystroke figures (run.ts runs everything). */
import { asRecords } from './lib/extension';
import { loadCorpus, withNotes } from './lib/corpus';
import { measureSearch } from './search';

const sizes = process.argv.slice(2).map(Number).filter(Boolean);
const all = loadCorpus();
for (const size of sizes.length ? sizes : [1000, 10_000]) {
  const s = measureSearch(asRecords(withNotes(all.slice(0, size))));
  console.log(
    `${s.size} papers, ${s.keystrokes} keystrokes: build ${s.buildMs.toFixed(0)} ms, keystroke median ${s.glossMs.toFixed(2)} ms (p95 ${s.glossP95.toFixed(2)}), linear scan ${s.scanMs.toFixed(2)} ms`,
  );
}
