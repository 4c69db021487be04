/**
 * Related papers from the command line, with the extension's own engine (lib/search/related.ts)
 * and topic model (public/topic-model.bin):
 *   npm run --silent related -- --library lib.jsonl --queries queries.jsonl --k 10 [--min-score 0.2]
 * Input: JSON lines (gzip allowed) with `id`, `title`, `abstract`, optional `authors`, `note`, `tags`.
 * Output: one line per query, `{"query": id, "results": [{"id": ..., "score": ..., "terms": [...]}]}`.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { MIN_SCORE, RelatedIndex } from '../lib/search/related';
import { loadTopicModel } from './lib/load-topic-model';

interface Line {
  id: string;
  title: string;
  abstract?: string;
  note?: string;
  tags?: string[];
}

function fail(message: string): never {
  process.stderr.write(`${message}\nusage: npm run --silent related -- --library <lib.jsonl> --queries <queries.jsonl> [--k 10] [--min-score ${MIN_SCORE}]\n`);
  process.exit(2);
}

function readLines(file: string): Line[] {
  let buf: Buffer;
  try {
    buf = readFileSync(file);
  } catch (err) {
    fail(`cannot read ${file}: ${(err as Error).message}`);
  }
  const text = file.endsWith('.gz') ? gunzipSync(buf).toString('utf8') : buf.toString('utf8');
  return text.split('\n').flatMap((line, i) => {
    if (!line.trim()) return [];
    let o: Line;
    try {
      o = JSON.parse(line);
    } catch {
      fail(`${file}:${i + 1}: not valid JSON`);
    }
    if (typeof o?.id !== 'string' || typeof o.title !== 'string') fail(`${file}:${i + 1}: needs string "id" and "title"`);
    return [o];
  });
}

const args = new Map<string, string>();
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const [key, inline] = argv[i].split('=', 2);
  if (!key.startsWith('--')) fail(`unexpected argument ${argv[i]}`);
  args.set(key.slice(2), inline ?? argv[++i]);
}
const library = args.get('library') ?? fail('missing --library');
const queries = args.get('queries') ?? fail('missing --queries');
const k = Number(args.get('k') ?? 10);
// Unset, the engine's own threshold applies (a stricter one when a query has no topic vector).
const minScore = args.has('min-score') ? Number(args.get('min-score')) : undefined;
if (!Number.isInteger(k) || k < 1) fail('--k must be a positive integer');
if (minScore !== undefined && !Number.isFinite(minScore)) fail('--min-score must be a number');

const index = new RelatedIndex({}, loadTopicModel());
for (const p of readLines(library)) index.set(p.id, index.vectorFor(p), index.topicFor(p));
const out: string[] = [];
for (const q of readLines(queries)) {
  const results = index.related(q, { k, exclude: [q.id], minScore }).map(({ id, score, terms }) => ({ id, score, terms }));
  out.push(JSON.stringify({ query: q.id, results }));
}
process.stdout.write(`${out.join('\n')}\n`);
