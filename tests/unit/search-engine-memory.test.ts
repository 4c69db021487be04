/**
 * What the search engine keeps while a cold worker builds its index without a stored snapshot
 * (after an import): the paper records it read are let go as soon as they are turned into the
 * snapshot's columns, not held for the minutes a 50k build takes (bench/worker-memory.ts: the
 * worker's heap was ~250 MB during the build against ~100 MB after it).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, test } from 'vitest';
import type { PaperRecord } from '../../lib/core/types';
import { readSearchSnapshot } from '../../lib/library/search-snapshot';
import { SearchEngine } from '../../lib/library/search-engine';
import { LibraryService } from '../../lib/library/service';
import { RelatedEngine } from '../../lib/library/related-engine';
import { asRecords, loadCorpus } from '../corpus';
import { freshDb } from './helpers';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

test('the paper records read for a build are let go while the index is still being built', async () => {
  const db = freshDb();
  const items = asRecords(loadCorpus().slice(0, 2000)).map((paper, i) => ({ paper, where: `line ${i + 1}` }));
  await new LibraryService(db).importItems({ items });
  expect((await readSearchSnapshot(db)).snapshot).toBeUndefined();

  const read: Array<WeakRef<PaperRecord>> = [];
  // Not vi.spyOn: a mock keeps every result it returned.
  const toArray = db.papers.toArray.bind(db.papers);
  db.papers.toArray = (async () => {
    const records = await toArray();
    records.forEach((r) => read.push(new WeakRef(r)));
    return records;
  }) as typeof db.papers.toArray;
  const related = new RelatedEngine(db);
  const engine = new SearchEngine(db, (p) => related.vectorsFor(p).v.map(([t]) => t));
  const index = await engine.ready();
  expect(read.length).toBe(2000);
  // A scan answers meanwhile, from what the engine kept of the records.
  expect(index.search('diffusion', { limit: 5 }).provisional).toBe(true);

  await tick(); // WeakRef targets are kept until the current job ends
  gc();
  expect(index.indexed).toBe(false);
  expect(read.filter((r) => r.deref()).length).toBe(0);

  // The snapshot made of them is stored, and the index answers as it would have.
  await engine.indexed();
  expect((await readSearchSnapshot(db)).snapshot?.ids.length).toBe(2000);
  const { total, provisional } = await engine.search('diffusion', { limit: 5 });
  expect(provisional).toBeUndefined();
  expect(total).toBeGreaterThan(10);
});
