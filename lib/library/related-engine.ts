/**
 * The related-papers index as the background keeps it: loaded lazily from the stored term and
 * topic vectors (no tokenizing on a cold start), updated on every write, and rebuilt for papers
 * whose vectors are missing or were made by another topic model (after a migration, an import
 * or an update of Gloss).
 */
import { browser } from 'wxt/browser';
import { toVectorRecord, type GlossDB, type VectorRecord } from '../db/schema';
import { RelatedIndex } from '../search/related';
import type { TermVector } from '../search/terms';
import { TOPIC_MODEL_FILE, TopicModel } from '../search/topic-model';
import type { PaperRecord } from '../types';
import { Lazy } from './lazy';

/** The topic model shipped with the extension (public/topic-model.bin). */
export async function fetchTopicModel(): Promise<TopicModel> {
  const response = await fetch(browser.runtime.getURL(`/${TOPIC_MODEL_FILE}`));
  if (!response.ok) throw new Error(`Could not read ${TOPIC_MODEL_FILE} (HTTP ${response.status}).`);
  return TopicModel.parse(await response.arrayBuffer());
}

/** What is stored beside a paper for "related". */
export interface PaperVectors {
  v: TermVector;
  topic?: { vector: Int8Array; model: number };
}

export class RelatedEngine {
  private readonly lazy = new Lazy(() => this.load());
  private modelLoad?: Promise<TopicModel | undefined>;
  private loadedModel?: TopicModel;

  constructor(
    private readonly db: GlossDB,
    private readonly loadModel: () => Promise<TopicModel> = fetchTopicModel,
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
    const [model, vectors, ids] = await Promise.all([this.model(), this.db.vectors.toArray(), this.db.papers.toCollection().primaryKeys()]);
    const index = new RelatedIndex({}, model);
    const live = new Set(ids as string[]);
    // A record this version cannot read (damaged, or from an unknown version) is rebuilt below.
    const readable = vectors.filter((v) => live.has(v.id) && Array.isArray(v.terms) && Array.isArray(v.counts) && v.terms.length === v.counts.length);
    const current = (r: VectorRecord) => !!model && r.model === model.id && r.topic instanceof Int8Array && r.topic.length === model.dims;
    index.load(readable.map((v) => (current(v) ? v : { ...v, topic: undefined })));
    const missing = (ids as string[]).filter((id) => !index.has(id));
    const stale = model ? readable.filter((v) => !current(v)).map((v) => v.id) : [];
    if (!missing.length && !stale.length) return index;
    const papers = new Map(
      (await this.db.papers.bulkGet([...missing, ...stale])).filter((p): p is PaperRecord => !!p).map((p) => [p.id, p]),
    );
    const rebuilt = missing.flatMap((id) => {
      const p = papers.get(id);
      return p ? [{ id, ...this.vectorsFor(p, index) }] : [];
    });
    rebuilt.forEach(({ id, v, topic }) => index.set(id, v, topic?.vector));
    const topics = stale.flatMap((id) => {
      const vector = papers.has(id) ? index.topicFor(papers.get(id)!) : undefined;
      return vector && model ? [{ key: id, changes: { topic: vector, model: model.id } }] : [];
    });
    topics.forEach(({ key, changes }) => index.setTopic(key, changes.topic));
    // Only the topic fields are written for stale records: a note saved meanwhile keeps its terms.
    await Promise.all([
      this.db.vectors.bulkPut(rebuilt.map(({ id, v, topic }) => toVectorRecord(id, v, topic))),
      this.db.vectors.bulkUpdate(topics),
    ]);
    return index;
  }

  /** The vectors to store for a paper; uses the loaded statistics and model when there are some. */
  vectorsFor(rec: PaperRecord, index = this.lazy.current ?? new RelatedIndex({}, this.loadedModel)): PaperVectors {
    const vector = index.topicFor(rec);
    const model = index.model;
    return { v: index.vectorFor(rec), ...(vector && model && { topic: { vector, model: model.id } }) };
  }

  /** Keeps a loaded index in step with a write that has committed. */
  applied(change: { set?: Array<{ id: string } & PaperVectors>; removed?: string[] }) {
    this.lazy.update((index) => {
      change.set?.forEach((s) => index.set(s.id, s.v, s.topic?.model === index.model?.id ? s.topic?.vector : undefined));
      change.removed?.forEach((id) => index.remove(id));
    });
  }

  reset() {
    this.lazy.reset();
  }
}
