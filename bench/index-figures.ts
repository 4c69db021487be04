/**
 * The related index at a library size: rebuilding it from the papers (tokenizing everything),
 * loading it from the stored vectors (what a cold service worker does), and the stored size.
 */
import { fromVectorRecord, toVectorRecord, type VectorRecord } from '../lib/db/schema';
import { RelatedIndex } from '../lib/search/related';
import type { TermVector } from '../lib/search/terms';
import type { CorpusPaper } from './lib/corpus';
import { median, time } from './lib/metrics';

export interface IndexFigures {
  size: number;
  rebuildMs: number;
  loadMs: number;
  storedBytes: number;
}

export function measureIndex(library: CorpusPaper[], runs = 3): IndexFigures {
  const rebuilds: number[] = [];
  let vectors: Array<[string, TermVector]> = [];
  for (let i = 0; i < runs; i++) {
    const [index, ms] = time(() => {
      const index = new RelatedIndex();
      for (const p of library) index.set(p.id, index.vectorFor(p));
      return index;
    });
    rebuilds.push(ms);
    vectors = library.map((p) => [p.id, index.vectorFor(p)]);
  }
  // As the worker stores them (lib/db/schema.ts); JSON stands in for IndexedDB's cloning.
  const stored = JSON.stringify(vectors.map(([id, v]) => toVectorRecord(id, v)));
  const loads: number[] = [];
  for (let i = 0; i < runs; i++) {
    loads.push(time(() => new RelatedIndex().load((JSON.parse(stored) as VectorRecord[]).map((r) => [r.id, fromVectorRecord(r)])))[1]);
  }
  return { size: library.length, rebuildMs: median(rebuilds), loadMs: median(loads), storedBytes: stored.length };
}
