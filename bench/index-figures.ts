/**
 * The related index at a library size: rebuilding it from the papers (tokenizing everything),
 * loading it from the stored term and topic vectors and from its snapshot (what a cold service
 * worker does), the stored sizes, and parsing the topic model.
 */
import { readFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { toVectorRecord, type VectorRecord } from '../lib/db/schema';
import { RelatedIndex } from '../lib/search/related';
import { TopicModel } from '../lib/search/topic-model';
import { TOPIC_MODEL_PATH } from '../scripts/lib/load-topic-model';
import type { CorpusPaper } from './lib/corpus';
import { median, time } from './lib/metrics';
import { buildIndex } from './related-quality';

export interface IndexFigures {
  size: number;
  rebuildMs: number;
  loadMs: number;
  storedBytes: number;
  topicBytes: number;
  modelParseMs: number;
  /** The whole index as one record (what a cold worker reads while no vector changed since). */
  snapshotLoadMs: number;
  snapshotBytes: number;
  /** Typed arrays the index loaded from its snapshot holds: outside the worker's JS heap figure. */
  typedArrayBytes: number;
}

export function measureIndex(library: CorpusPaper[], runs = 3): IndexFigures {
  const file = readFileSync(TOPIC_MODEL_PATH);
  const bytes = () => file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength);
  const parses: number[] = [];
  for (let i = 0; i < 5; i++) parses.push(time(() => TopicModel.parse(bytes()))[1]);
  const model = TopicModel.parse(bytes());
  const rebuilds: number[] = [];
  let records: VectorRecord[] = [];
  for (let i = 0; i < runs; i++) {
    const [index, ms] = time(() => buildIndex(library, model));
    rebuilds.push(ms);
    records = library.map((p) => {
      const vector = index.topicFor(p);
      return toVectorRecord(p.id, index.vectorFor(p), vector && { vector, model: model.id });
    });
  }
  // As the worker stores them (lib/db/schema.ts); V8's serializer stands in for IndexedDB's
  // structured clone (Chromium's IndexedDB uses it).
  const stored = serialize(records);
  const loads: number[] = [];
  for (let i = 0; i < runs; i++) {
    loads.push(time(() => new RelatedIndex({}, model).load(deserialize(stored) as VectorRecord[]))[1]);
  }
  const topicBytes = records.reduce((n, r) => n + (r.topic?.byteLength ?? 0), 0);
  const loaded = new RelatedIndex({}, model);
  loaded.load(deserialize(stored) as VectorRecord[]);
  const snapshot = serialize(loaded.snapshot());
  const snapshotLoads: number[] = [];
  for (let i = 0; i < runs; i++) snapshotLoads.push(time(() => new RelatedIndex({}, model).loadSnapshot(deserialize(snapshot)))[1]);
  const fromSnapshot = new RelatedIndex({}, model);
  fromSnapshot.loadSnapshot(deserialize(snapshot));
  for (const p of library.slice(0, 31)) fromSnapshot.related(p, { k: 3 });
  return {
    size: library.length,
    rebuildMs: median(rebuilds),
    loadMs: median(loads),
    storedBytes: stored.length,
    topicBytes,
    modelParseMs: median(parses),
    snapshotLoadMs: median(snapshotLoads),
    snapshotBytes: snapshot.length,
    typedArrayBytes: fromSnapshot.typedArrayBytes(),
  };
}
