/**
 * The real arXiv corpus in tests/fixtures/corpus, for the tests and the benchmarks: raw records
 * and the same papers as library records (as if saved from arXiv).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { normalizeTitle } from '../lib/core/ids';
import type { PaperRecord } from '../lib/core/types';

export interface CorpusPaper {
  id: string;
  title: string;
  authors: string[];
  abstract: string;
  primary_category: string;
  published_at?: string;
  note?: string;
  tags?: string[];
}

export const CORPUS = join(import.meta.dirname, 'fixtures/corpus/arxiv-ml-2026.jsonl.gz');

export function loadCorpus(file = CORPUS): CorpusPaper[] {
  return gunzipSync(readFileSync(file))
    .toString('utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

export function asRecords(papers: CorpusPaper[]): PaperRecord[] {
  return papers.map((p, i) => ({
    id: `arxiv:${p.id}`,
    ids: { arxiv: p.id },
    title: p.title,
    authors: p.authors,
    abstract: p.abstract,
    published: p.published_at?.slice(0, 10),
    links: { abs: `https://arxiv.org/abs/${p.id}` },
    category: p.primary_category,
    source: 'corpus',
    aliases: [`arxiv:${p.id}`],
    titleKey: normalizeTitle(p.title),
    note: p.note ?? '',
    tags: p.tags ?? [],
    savedAt: 1_750_000_000_000 + i,
    updatedAt: 1_750_000_000_000 + i,
  }));
}
