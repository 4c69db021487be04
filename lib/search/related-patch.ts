/**
 * A related snapshot (RelatedIndex.snapshot) brought up to date with the vectors written since it
 * was taken, as columns: a cold start after a save reads the stored snapshot and those few
 * vectors instead of every paper's (lib/library/related-engine.ts). The result holds the same
 * papers with the same vectors as a snapshot of an index loaded from every stored vector, so an
 * index loaded from it computes the same statistics and norms.
 */
import { checkSnapshot, type RelatedSnapshot, type StoredVectors } from './related';

/**
 * `set`: papers added or rewritten since (their stored vectors); `removed`: papers gone since.
 * Kept papers stay in their order, the set ones follow. Throws on a damaged snapshot, which
 * must not be trusted.
 */
export function patchSnapshot(snap: RelatedSnapshot, set: StoredVectors[], removed: Iterable<string>): RelatedSnapshot {
  checkSnapshot(snap);
  const drop = new Set(removed);
  for (const v of set) {
    if (v.terms.length !== v.counts.length) throw new Error(`The stored vector of ${v.id} is damaged.`);
    drop.add(v.id);
  }
  const { dims } = snap;
  const kept: number[] = [];
  let length = 0;
  for (let i = 0; i < snap.ids.length; i++) {
    if (drop.has(snap.ids[i])) continue;
    kept.push(i);
    length += snap.offsets[i + 1] - snap.offsets[i];
  }
  for (const v of set) length += v.terms.length;
  const n = kept.length + set.length;
  const ids = new Array<string>(n);
  const offsets = new Int32Array(n + 1);
  const docTerms = new Int32Array(length);
  const docCounts = new Float32Array(length);
  const topics = new Int8Array(n * dims);
  // Kept papers are copied in runs of neighbours: usually the whole snapshot in a few copies.
  let at = 0;
  for (let k = 0; k < kept.length;) {
    let end = k + 1;
    while (end < kept.length && kept[end] === kept[end - 1] + 1) end++;
    const [first, last] = [kept[k], kept[end - 1]];
    const [from, to] = [snap.offsets[first], snap.offsets[last + 1]];
    docTerms.set(snap.docTerms.subarray(from, to), at);
    docCounts.set(snap.docCounts.subarray(from, to), at);
    if (dims) topics.set(snap.topics.subarray(first * dims, (last + 1) * dims), k * dims);
    for (let j = k; j < end; j++) {
      ids[j] = snap.ids[kept[j]];
      offsets[j + 1] = at + snap.offsets[kept[j] + 1] - from;
    }
    at += to - from;
    k = end;
  }
  const terms = [...snap.terms];
  let termIds: Map<string, number> | undefined;
  set.forEach((v, j) => {
    const slot = kept.length + j;
    termIds ??= new Map(terms.map((t, i) => [t, i]));
    for (let i = 0; i < v.terms.length; i++) {
      let id = termIds.get(v.terms[i]);
      if (id === undefined) {
        id = terms.length;
        termIds.set(v.terms[i], id);
        terms.push(v.terms[i]);
      }
      docTerms[at + i] = id;
      docCounts[at + i] = v.counts[i];
    }
    at += v.terms.length;
    offsets[slot + 1] = at;
    ids[slot] = v.id;
    // A topic of another length (another model, or none) is stored as "no topic": zeros.
    if (dims && v.topic?.length === dims) topics.set(v.topic, slot * dims);
  });
  return { ids, terms, offsets, docTerms, docCounts, dims, topics };
}
