/**
 * The related index at 10,000 and 50,000 papers in one run, in Node (the library of
 * bench/lib/scale.ts: the corpus replicated, for speed only):
 * - its snapshot loaded into an empty index, alone and beside a heap full of small objects (the
 *   papers' vectors as [term, count] pairs, as bench/scale.ts keeps them): what a full heap does
 *   to a load that allocates per paper;
 * - related for a 31-entry page (the HF daily page's size), warm;
 * - the engine's cold start over fake-indexeddb (lib/library/related-engine.ts): with the
 *   snapshot current, right after a note was written (the snapshot patched with the journal's
 *   papers), and the same with the journal gone (every vector read, as before the journal).
 * `--against <dir>`: load and query with that checkout's lib/search/related.ts too, same run
 * (e.g. the commit before, `git archive <commit> | tar -x -C <dir>`, with node_modules linked).
 * fake-indexeddb is several times slower than a browser's IndexedDB: read its figures as ratios.
 *   npx tsx bench/related-scale.ts [--against dir] [sizes…]     (default: 10000 50000)
 */
import 'fake-indexeddb/auto';
import { deserialize, serialize } from 'node:v8';
import { resolve } from 'node:path';
import { JOURNAL_KEY, bumpVectorStamp } from '../lib/db/derived';
import { GlossDB, toVectorRecord } from '../lib/db/schema';
import { RelatedEngine } from '../lib/library/related-engine';
import { LibraryService } from '../lib/library/service';
import { RelatedIndex, type RelatedSnapshot } from '../lib/search/related';
import type { TopicModel } from '../lib/search/topic-model';
import { loadTopicModel } from '../scripts/lib/load-topic-model';
import { asRecords } from '../tests/corpus';
import { loadCorpus, withNotes, type CorpusPaper } from './lib/corpus';
import { median, time } from './lib/metrics';
import { scaleDraw } from './scale';

type IndexClass = new (tuning: object, model?: TopicModel) => Pick<RelatedIndex, 'loadSnapshot' | 'related' | 'calibrate'>;

export interface RelatedScaleFigures {
  size: number;
  /** Snapshot load, median; `ballast`: beside the vectors as pairs. By implementation ('gloss', or 'against'). */
  snapshotLoadMs: Record<string, number>;
  snapshotLoadBallastMs: Record<string, number>;
  /** Related for a 31-entry page, warm, median. */
  pageMs: Record<string, number>;
  typedArrayMb: number;
  /** Engine cold start to a loaded index, median of 3 (fake-indexeddb). */
  coldSnapshotMs: number;
  coldAfterNoteMs: number;
  coldAfterNoteNoJournalMs: number;
}

async function coldStart(db: GlossDB, model: TopicModel, runs = 3): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const engine = new RelatedEngine(db, async () => model, 3_600_000);
    const start = performance.now();
    await engine.ready();
    times.push(performance.now() - start);
    engine.reset(); // its pending snapshot write too: each run starts from the same database
  }
  return median(times);
}

export async function measureRelatedScale(library: CorpusPaper[], page: CorpusPaper[], impls: Record<string, IndexClass>): Promise<RelatedScaleFigures> {
  const model = loadTopicModel();
  const papers = withNotes(library);
  // Vectors as saving computes them, one paper at a time; the builder is let go after.
  const { snapshot } = (() => {
    const builder = new RelatedIndex({}, model);
    for (const p of papers) builder.set(p.id, builder.vectorFor(p), builder.topicFor(p));
    return { snapshot: serialize(builder.snapshot()) };
  })();
  // Made again when needed rather than kept: held, they are the ballast.
  const vectorsOf = () => {
    const snap = deserialize(snapshot) as RelatedSnapshot;
    return snap.ids.map((id, i) => {
      const [from, to] = [snap.offsets[i], snap.offsets[i + 1]];
      const terms = Array.from(snap.docTerms.subarray(from, to), (t) => snap.terms[t]);
      return { id, vector: terms.map((t, j): [string, number] => [t, snap.docCounts[from + j]]), topic: snap.topics.slice(i * snap.dims, (i + 1) * snap.dims) };
    });
  };

  const loads = (ballast?: unknown[]) => {
    const out: Record<string, number[]> = {};
    for (let i = 0; i < 5; i++)
      for (const [name, Index] of Object.entries(impls)) {
        const s = deserialize(snapshot);
        (out[name] ??= []).push(time(() => new Index({}, model).loadSnapshot(s))[1]);
      }
    return { times: Object.fromEntries(Object.entries(out).map(([k, v]) => [k, median(v)])), held: ballast?.length ?? 0 };
  };
  // The vectors are held as pairs only during the second measure.
  const { times: snapshotLoadMs } = loads();
  const { times: snapshotLoadBallastMs } = loads(vectorsOf().map((v) => v.vector));

  const indexes = Object.entries(impls).map(([name, Index]) => {
    const index = new Index({}, model);
    index.loadSnapshot(deserialize(snapshot));
    index.calibrate();
    return [name, index] as const;
  });
  // What a cold worker holds: an index loaded from the snapshot (the builder's differ).
  const loaded = new RelatedIndex({}, model);
  loaded.loadSnapshot(deserialize(snapshot));
  const typedArrayMb = loaded.typedArrayBytes() / 2 ** 20;
  const pageTimes: Record<string, number[]> = {};
  for (let i = 0; i < 9; i++) for (const [name, index] of indexes) (pageTimes[name] ??= []).push(time(() => page.map((q) => index.related(q, { k: 3 })))[1]);
  const pageMs = Object.fromEntries(Object.entries(pageTimes).map(([k, v]) => [k, median(v)]));

  // The database as a worker finds it: papers, their vectors, the stamp; the snapshot stored.
  const db = new GlossDB(`bench-related-scale-${library.length}-${Date.now()}`);
  const records = asRecords(papers);
  const vectors = vectorsOf();
  for (let i = 0; i < records.length; i += 5_000) {
    await db.transaction('rw', db.papers, db.vectors, db.derived, async () => {
      await db.papers.bulkPut(records.slice(i, i + 5_000));
      await db.vectors.bulkPut(vectors.slice(i, i + 5_000).map((v) => ({ ...toVectorRecord(`arxiv:${v.id}`, v.vector), topic: v.topic, model: model.id })));
      await bumpVectorStamp(db);
    });
  }
  const first = new RelatedEngine(db, async () => model, 3_600_000);
  await first.ready();
  if (!(await first.writeSnapshot())) throw new Error('The snapshot was not stored.');
  first.reset();
  const coldSnapshotMs = await coldStart(db, model);
  // A note written through the library (the store's transaction keeps the journal), no snapshot since.
  const lib = new LibraryService(db, { topicModel: async () => model });
  await lib.setNote({ id: records[1].id, note: 'baseline for our KV-cache work' });
  lib.related.reset();
  const coldAfterNoteMs = await coldStart(db, model);
  await db.derived.delete(JOURNAL_KEY);
  const coldAfterNoteNoJournalMs = await coldStart(db, model);
  db.close();
  await GlossDB.delete(db.name);
  return { size: library.length, snapshotLoadMs, snapshotLoadBallastMs, pageMs, typedArrayMb, coldSnapshotMs, coldAfterNoteMs, coldAfterNoteNoJournalMs };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--against');
  const impls: Record<string, IndexClass> = { gloss: RelatedIndex };
  if (at >= 0) {
    const dir = resolve(args.splice(at, 2)[1]);
    impls.against = (await import(`${dir}/lib/search/related.ts`)).RelatedIndex as IndexClass;
  }
  const all = loadCorpus();
  const sizes = args.map(Number);
  for (const size of sizes.length ? sizes : [10_000, 50_000]) {
    const { library, page } = scaleDraw(all, size);
    console.log(JSON.stringify(await measureRelatedScale(library, page, impls)));
  }
}
