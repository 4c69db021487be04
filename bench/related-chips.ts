/**
 * Related chips on a listing: how many of the real HF daily page's 31 rows get one at 100,
 * 2,000 and ~10,000 saved papers, with the fixed floor (MIN_SCORE, before issue 17) and with
 * the floor calibrated on the library's own scores (chipsOnly); and on the held-out split, how
 * many queries get a chip and how often its best paper shares the query's arXiv category
 * (precision of the shown chips). `npx tsx bench/related-chips.ts`
 */
import { readFileSync } from 'node:fs';
import { HF_DAILY } from '../tests/e2e/harness';
import { documentFromHtml } from '../scripts/lib/parse-html';
import { recognize } from '../lib/sites/registry';
import { loadCorpus, withNotes } from './lib/corpus';
import { buildIndex, splitCorpus } from './related-quality';

const pct = (a: number, b: number) => (b ? `${((100 * a) / b).toFixed(0)}%` : '–');

/** The chip table as Markdown lines (bench/run.ts puts it in RESULTS.md). */
export function measureChips(all = loadCorpus()): string[] {
  const rows = recognize(documentFromHtml(readFileSync(HF_DAILY, 'utf8')), 'https://huggingface.co/papers').map((e) => e.paper);
  const out: string[] = [];
  const log = (line: string) => out.push(line);
  log(
    `Related chips on the real HF daily page (${rows.length} rows), libraries drawn from the corpus (${all.length} papers); held-out: 400 corpus papers not in the library, a chip is right when its best paper shares the query's primary arXiv category.`,
  );
  log('');
  log(
    '| library | HF rows with a chip, fixed floor | HF rows with a chip, calibrated | chip threshold (strong) | held-out queries with a chip, fixed → calibrated | precision of shown chips, fixed → calibrated |',
  );
  log('| --- | --- | --- | --- | --- | --- |');
  for (const size of [100, 2000, Math.min(10_000, all.length - 400)]) {
    const { library, queries } = splitCorpus(all, size, 400);
    const index = buildIndex(library);
    const category = new Map(library.map((p) => [p.id, p.primary_category]));
    const cal = index.calibrate();
    // A row's own paper may be in the library (the corpus is arXiv ML of the same months): never its own chip, as in the extension.
    const self = (p: (typeof rows)[number]) => [p.id, p.ids.arxiv ?? ''];
    const fixed = rows.filter((p) => index.related(p, { k: 3, exclude: self(p) }).length > 0).length;
    const calibrated = rows.filter((p) => index.related(p, { k: 3, chipsOnly: true, exclude: self(p) }).length > 0).length;
    const inLibrary = rows.filter((p) => category.has(p.ids.arxiv ?? '')).length;
    const held = (chipsOnly: boolean) => {
      let shown = 0;
      let right = 0;
      for (const q of queries) {
        const [best] = index.related(q, { k: 3, chipsOnly, exclude: [q.id] });
        if (!best) continue;
        shown++;
        if (category.get(best.id) === q.primary_category) right++;
      }
      return { shown, right };
    };
    const f = held(false);
    const c = held(true);
    log(
      `| ${size.toLocaleString('en')} (${inLibrary} of the rows saved) | ${fixed} of ${rows.length} | ${calibrated} of ${rows.length} | ${cal.chip.toFixed(3)} (${cal.strong.toFixed(3)}) | ${f.shown} → ${c.shown} of ${queries.length} | ${pct(f.right, f.shown)} → ${pct(c.right, c.shown)} |`,
    );
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(measureChips().join('\n'));
void withNotes;
