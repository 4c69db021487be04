/**
 * When each step of the background's cold search path happened (epoch ms, first time only), so
 * bench/cold-search.ts can break a cold first search down without a trace. Kept in the service
 * worker's own global, which no page or content script can reach; it holds times, never text.
 */
export type SearchStep =
  /** The search engine was constructed: the worker's script has run up to the library. */
  | 'engine'
  /** The first search (or warm-up) asked for the index. */
  | 'asked'
  /** The search snapshot was read out of IndexedDB. */
  | 'snapshotRead'
  /** The snapshot was unpacked into what the scan and the index need. */
  | 'unpacked'
  /** The first search with words was answered (scan or index). */
  | 'firstAnswer'
  /** The stored index's JSON was read. */
  | 'indexRead'
  /** The index is ready (loaded or built): answers are ranked by it from here on. */
  | 'indexed';

const steps: Partial<Record<SearchStep, number>> & { origin?: number } = {};

export function markSearch(step: SearchStep) {
  if (steps[step] !== undefined) return;
  steps.origin ??= performance.timeOrigin;
  steps[step] = performance.timeOrigin + performance.now();
}

(globalThis as { glossSearchTimings?: typeof steps }).glossSearchTimings = steps;
