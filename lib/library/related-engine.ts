/**
 * The related-papers index as the background keeps it: loaded lazily, updated on every write,
 * and stored whole as a snapshot so the next cold start reads one record instead of every
 * paper's vectors (bench/README.md). The vectors table stays the truth: a snapshot is used only
 * while the vectors stamp (lib/db/derived.ts) says no vector was written since it was taken, or
 * patched with the vectors of the papers the journal lists as written since.
 * Papers whose vectors are missing or were made by another topic model (after a migration, an
 * import or an update of Gloss) are rebuilt from the papers when the index loads.
 */
import { browser } from 'wxt/browser';
import { SNAPSHOT_KEY, bumpVectorStamp, readSnapshot, vectorStamp, writeSnapshot } from '../db/derived';
import { toVectorRecord, type GlossDB, type RelatedSnapshotRecord, type VectorRecord } from '../db/schema';
import { RelatedIndex } from '../search/related';
import { patchSnapshot } from '../search/related-patch';
import type { TermVector } from '../search/terms';
import { TOPIC_MODEL_FILE, TopicModel } from '../search/topic-model';
import type { PaperRecord } from '../core/types';
import { Lazy } from './lazy';
import type { PaperStore } from './store';

/** The topic model shipped with the extension (public/topic-model.bin). */
export async function fetchTopicModel(): Promise<TopicModel> {
  const response = await fetch(browser.runtime.getURL(`/${TOPIC_MODEL_FILE}`));
  if (!response.ok) throw new Error(`Could not read ${TOPIC_MODEL_FILE} (HTTP ${response.status}).`);
  return TopicModel.parse(await response.arrayBuffer());
}

/** A stored vector this version can read (not damaged, not from an unknown version). */
const readable = (v: VectorRecord) => Array.isArray(v.terms) && Array.isArray(v.counts) && v.terms.length === v.counts.length;

/** Its topic vector was made by `model`. */
const current = (v: VectorRecord, model: TopicModel) => v.model === model.id && v.topic instanceof Int8Array && v.topic.length === model.dims;

/** What is stored beside a paper for "related". */
export interface PaperVectors {
  v: TermVector;
  topic?: { vector: Int8Array; model: number };
}

/**
 * How long after the last change a loaded index is snapshotted. Writes come in bursts (a
 * note typed, several papers saved); the worker may be stopped before, which only means the
 * next cold start takes the slower path once.
 */
export const SNAPSHOT_DELAY_MS = 3_000;

export class RelatedEngine {
  private readonly lazy = new Lazy(() => this.load());
  private modelLoad?: Promise<TopicModel | undefined>;
  private loadedModel?: TopicModel;
  /**
   * The vectors stamp the loaded index reflects; undefined when unknown (a change arrived out
   * of order), and then no snapshot is written until the next load.
   */
  private indexStamp?: number;
  private snapshotTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly db: GlossDB,
    private readonly loadModel: () => Promise<TopicModel> = fetchTopicModel,
    private readonly snapshotDelayMs = SNAPSHOT_DELAY_MS,
  ) {}

  /**
   * The topic model, fetched once. Without it "related" still works on terms alone, so a
   * failure is logged, not thrown; writes wait for it so that they can store topic vectors.
   */
  model(): Promise<TopicModel | undefined> {
    this.modelLoad ??= this.loadModel().then(
      (m) => (this.loadedModel = m),
      (err) => {
        console.warn('Gloss: related papers use terms only; the topic model did not load.', err);
        return undefined;
      },
    );
    return this.modelLoad;
  }

  /** The index, loading it on first use; concurrent callers share one load. */
  ready(): Promise<RelatedIndex> {
    return this.lazy.ready();
  }

  get loaded() {
    return this.lazy.current !== undefined;
  }

  private async load(): Promise<RelatedIndex> {
    const [model, stored] = await Promise.all([this.model(), this.readSnapshot()]);
    const { snapshot, stamp, set, removed } = stored;
    const index = new RelatedIndex({}, model);
    if (snapshot && snapshot.model === (model?.id ?? 0)) {
      // A paper written since the snapshot whose vector cannot be used as it is (missing,
      // damaged, another model's topic) is rebuilt by the slower path, which repairs it.
      const usable = (r: VectorRecord) => readable(r) && (!model || current(r, model));
      if (set && set.every(usable)) {
        try {
          index.loadSnapshot(set.length || removed.length ? patchSnapshot(snapshot, set, removed) : snapshot);
          this.indexStamp = stamp;
          // What the journal covered is stored whole again, so the journal stays short.
          if (set.length || removed.length) this.scheduleSnapshot();
          return index;
        } catch (err) {
          console.warn('Gloss: the related snapshot could not be read; loading from the vectors.', err);
          return this.loadVectors(new RelatedIndex({}, model), model);
        }
      }
    }
    return this.loadVectors(index, model);
  }

  /**
   * The stored snapshot with the vectors of the papers written since it was taken (lib/db/derived.ts),
   * read together: `set` undefined when there is no snapshot to use.
   */
  private readSnapshot(): Promise<{ snapshot?: RelatedSnapshotRecord; stamp: number; set?: VectorRecord[]; removed: string[] }> {
    const { db } = this;
    return db.transaction('r', db.derived, db.vectors, db.papers, async () => {
      const { snapshot, stamp, changed = [] } = await readSnapshot(db);
      if (!snapshot) return { stamp, removed: [] };
      if (!changed.length) return { snapshot, stamp, set: [], removed: [] };
      const [vectors, live] = await Promise.all([db.vectors.bulkGet(changed), db.papers.where(':id').anyOf(changed).primaryKeys()]);
      const alive = new Set(live as string[]);
      const set: VectorRecord[] = [];
      for (let i = 0; i < changed.length; i++) {
        if (!alive.has(changed[i])) continue;
        // A saved paper without a vector: the slower path rebuilds it.
        if (!vectors[i]) return { stamp, removed: [] };
        set.push(vectors[i]!);
      }
      return { snapshot, stamp, set, removed: changed.filter((id) => !alive.has(id)) };
    });
  }

  /** The slower path: every stored vector, read together with the stamp they amount to. */
  private async loadVectors(index: RelatedIndex, model: TopicModel | undefined): Promise<RelatedIndex> {
    const { db } = this;
    const [vectors, ids, stamp] = await db.transaction('r', db.papers, db.vectors, db.derived, () =>
      Promise.all([db.vectors.toArray(), db.papers.toCollection().primaryKeys() as Promise<string[]>, vectorStamp(db)]),
    );
    const live = new Set(ids);
    // A record this version cannot read (damaged, or from an unknown version) is rebuilt below.
    const usable = vectors.filter((v) => live.has(v.id) && readable(v));
    index.load(usable.map((v) => (model && current(v, model) ? v : { ...v, topic: undefined })));
    const missing = ids.filter((id) => !index.has(id));
    const stale = model ? usable.filter((v) => !current(v, model)).map((v) => v.id) : [];
    if (!missing.length && !stale.length) {
      this.indexStamp = stamp;
      this.scheduleSnapshot();
      return index;
    }
    const papers = new Map((await db.papers.bulkGet([...missing, ...stale])).filter((p): p is PaperRecord => !!p).map((p) => [p.id, p]));
    const rebuilt = missing.flatMap((id) => {
      const p = papers.get(id);
      return p ? [{ id, ...this.vectorsFor(p, index) }] : [];
    });
    rebuilt.forEach(({ id, v, topic }) => index.set(id, v, topic?.vector));
    const byId = new Map(usable.map((v) => [v.id, v]));
    const topics = stale.flatMap((id) => {
      const vector = papers.has(id) ? index.topicFor(papers.get(id)!) : undefined;
      return vector && model ? [{ ...byId.get(id)!, topic: vector, model: model.id }] : [];
    });
    topics.forEach((r) => index.setTopic(r.id, r.topic));
    const after = await db.transaction('rw', db.vectors, db.derived, async () => {
      await db.vectors.bulkPut(rebuilt.map(({ id, v, topic }) => toVectorRecord(id, v, topic)));
      // Whole records go back only if no vector was written since they were read (a note saved
      // meanwhile keeps its terms); else just the topic fields, which is several times slower.
      if ((await vectorStamp(db)) === stamp) await db.vectors.bulkPut(topics);
      else await db.vectors.bulkUpdate(topics.map(({ id, topic, model }) => ({ key: id, changes: { topic, model } })));
      return bumpVectorStamp(db, [...rebuilt.map((r) => r.id), ...topics.map((r) => r.id)]);
    });
    // The index is at the new stamp only if no other write came between the read and this one.
    this.indexStamp = after === stamp + 1 ? after : undefined;
    this.scheduleSnapshot();
    return index;
  }

  /** Stores the loaded index as a snapshot once changes have settled. */
  private scheduleSnapshot() {
    clearTimeout(this.snapshotTimer);
    this.snapshotTimer = setTimeout(() => void this.writeSnapshot(), this.snapshotDelayMs);
  }

  /** Writes the snapshot now, if the loaded index is known to match a stamp (tests call it directly). */
  async writeSnapshot(): Promise<boolean> {
    clearTimeout(this.snapshotTimer);
    const index = this.lazy.current;
    const stamp = this.indexStamp;
    if (!index || stamp === undefined || !this.db.isOpen()) return false;
    // Made between the pages' requests; a change meanwhile drops it and schedules the next.
    const snapshot = await index.snapshotSliced(() => new Promise((resolve) => setTimeout(resolve, 0)));
    if (!snapshot || this.lazy.current !== index || this.indexStamp !== stamp || !this.db.isOpen()) return false;
    const record = { key: SNAPSHOT_KEY, stamp, model: index.model?.id ?? 0, ...snapshot };
    try {
      await writeSnapshot(this.db, record);
      return true;
    } catch (err) {
      // Only speed is lost (a full disk, say): the next cold start reads the vectors.
      console.warn('Gloss: could not store the related snapshot.', err);
      return false;
    }
  }

  /** The vectors to store for a paper; uses the loaded statistics and model when there are some. */
  vectorsFor(rec: PaperRecord, index = this.lazy.current ?? new RelatedIndex({}, this.loadedModel)): PaperVectors {
    const vector = index.topicFor(rec);
    const model = index.model;
    return { v: index.vectorFor(rec), ...(vector && model && { topic: { vector, model: model.id } }) };
  }

  /**
   * Keeps a loaded index in step with a write that has committed, and its stamp: the write
   * that made the vectors stamp `stamp`. Changes arrive in commit order; one that skips a
   * stamp leaves the index's stamp unknown (no snapshot until the next load).
   */
  applied(change: { set?: Array<{ id: string } & PaperVectors>; removed?: string[]; stamp?: number }) {
    this.lazy.update((index) => {
      const set = (change.set ?? []).map((s) => ({ id: s.id, vector: s.v, topic: s.topic?.model === index.model?.id ? s.topic?.vector : undefined }));
      index.update(set, change.removed);
      if (this.indexStamp === undefined || change.stamp === undefined) this.indexStamp = undefined;
      else if (change.stamp === this.indexStamp + 1) this.indexStamp = change.stamp;
      else if (change.stamp > this.indexStamp) this.indexStamp = undefined;
      this.scheduleSnapshot();
    });
  }

  /** Follows the store's committed changes. */
  follow(store: Pick<PaperStore, 'subscribe'>) {
    return store.subscribe((commit) => {
      if (commit.reset) return this.reset();
      const set = commit.changes.flatMap((c) => (c.record && c.vectors ? [{ id: c.id, ...c.vectors }] : []));
      const removed = commit.changes.flatMap((c) => (c.record ? [] : [c.id]));
      // A write that left the vectors alone (a citation key) changes nothing here.
      if (set.length || removed.length) this.applied({ set, removed, stamp: commit.stamp });
    });
  }

  reset() {
    clearTimeout(this.snapshotTimer);
    this.indexStamp = undefined;
    this.lazy.reset();
  }
}
