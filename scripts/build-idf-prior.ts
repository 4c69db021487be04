/**
 * Writes lib/search/idf-prior.json: document frequencies of terms in ~10k real arXiv ML
 * abstracts. "Related" needs to know which words are distinctive before the user's library is
 * large enough to say (three saved papers tell nothing about how common "model" is).
 *   npx tsx scripts/build-idf-prior.ts ../shared/fixtures/corpus/arxiv-ml-2026.jsonl.gz
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { tokenize } from '../lib/search/tokenize';

const file = process.argv[2] ?? join(import.meta.dirname, '../tests/fixtures/corpus/arxiv-ml-2026.jsonl.gz');
const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n').filter(Boolean);
const df = new Map<string, number>();
for (const line of lines) {
  const p = JSON.parse(line) as { title: string; abstract: string };
  for (const t of new Set(tokenize(`${p.title} ${p.abstract}`))) df.set(t, (df.get(t) ?? 0) + 1);
}
// Terms seen in fewer than 3 documents get the unseen-term default: they are rare either way.
const kept = [...df].filter(([, n]) => n >= 3).sort((a, b) => b[1] - a[1]);
writeFileSync(join(import.meta.dirname, '../lib/search/idf-prior.json'), JSON.stringify({ documents: lines.length, df: Object.fromEntries(kept) }));
console.log(`${lines.length} documents, ${kept.length} terms kept of ${df.size}`);
