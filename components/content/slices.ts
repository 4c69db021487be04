/**
 * Work on the page's main thread in slices: every long task there is the page's frame late
 * (issue 18's bar: none over 50 ms caused by Gloss). Reading a 2,000-row listing in one go was a
 * single task of ~160–270 ms (bench/listing.ts); queued here, it runs a few milliseconds at a
 * time, in tasks of its own, and the page renders and answers input between them.
 */

/** Milliseconds of work per task: well under the 50 ms of a long task, with room for the page's own. */
export const SLICE_MS = 8;

/**
 * Runs `run` in a task of its own. A MessageChannel's message is a task without the 4 ms that
 * browsers add to nested timers (a 2,000-row listing is ~20 slices); the channel is ours, in the
 * content script's world: the page can neither see nor post to it.
 */
function taskRunner(): (run: () => void) => void {
  if (typeof MessageChannel !== 'function') return (run) => void setTimeout(run, 0);
  const channel = new MessageChannel();
  const waiting: Array<() => void> = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return (run) => {
    waiting.push(run);
    channel.port2.postMessage(null);
  };
}

export interface Sliced<T> {
  /** Queues items (once each; an item queued again keeps its place). */
  add(items: Iterable<T>): void;
  /** Works through the queue now, for at most one slice; the rest follows in later tasks. */
  runNow(): void;
  /** Moves these items, where they are still waiting, to the front of the queue (in this order). */
  first(items: Iterable<T>): void;
  /** Takes an item out of the queue, if it is still waiting. */
  delete(item: T): void;
  readonly size: number;
  clear(): void;
}

/**
 * A queue worked through `budget` ms per task, in the order items were added. `idle` is called
 * each time the queue runs empty.
 */
export function sliced<T>(
  each: (item: T) => void,
  options: {
    budget?: number;
    /** At most this many items per slice: for work whose cost is mostly the page's layout after it, not `each`. */
    limit?: number;
    idle?: () => void;
    now?: () => number;
  } = {},
): Sliced<T> {
  const budget = options.budget ?? SLICE_MS;
  const limit = options.limit ?? Infinity;
  const now = options.now ?? (() => performance.now());
  let queue = new Set<T>();
  const nextTask = taskRunner();
  let scheduled = false;
  let generation = 0;

  const slice = () => {
    if (!queue.size) return;
    const start = now();
    let done = 0;
    // The front item each time: `each` may reorder the queue (first) or add to it.
    while (queue.size) {
      const item = queue.values().next().value as T;
      queue.delete(item);
      each(item);
      if (++done >= limit || now() - start >= budget) break;
    }
    if (queue.size) schedule();
    else options.idle?.();
  };
  function schedule() {
    if (scheduled) return;
    scheduled = true;
    const mine = generation;
    nextTask(() => {
      if (mine !== generation) return;
      scheduled = false;
      slice();
    });
  }
  return {
    add(items) {
      for (const item of items) queue.add(item);
      if (queue.size) schedule();
    },
    runNow() {
      if (queue.size) slice();
    },
    first(items) {
      const front = new Set<T>();
      for (const item of items) if (queue.has(item)) front.add(item);
      if (!front.size) return;
      for (const item of queue) front.add(item);
      queue = front;
    },
    delete(item) {
      queue.delete(item);
    },
    get size() {
      return queue.size;
    },
    clear() {
      queue.clear();
      generation++;
      scheduled = false;
    },
  };
}
