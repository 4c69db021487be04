/**
 * When the popup loaded, rendered and heard back from each search (epoch ms), read by
 * bench/cold-search.ts beside the worker's own steps (lib/library/search-timings.ts). An extension
 * page's global: no web page can read it.
 */
export interface PopupTimings {
  origin: number;
  /** The popup's script started running. */
  script: number;
  /** Its first render() returned. */
  rendered?: number;
  searches: Array<{ query: string; sent: number; answered?: number; provisional?: boolean }>;
}

const now = () => performance.timeOrigin + performance.now();

export const popupTimings: PopupTimings = { origin: performance.timeOrigin, script: now(), searches: [] };
(globalThis as { glossPopupTimings?: PopupTimings }).glossPopupTimings = popupTimings;

export function markRendered() {
  popupTimings.rendered ??= now();
}

/** Wraps a search call, noting when it was sent and answered. */
export function timedSearch<R extends { provisional?: boolean }>(query: string, run: () => Promise<R>): Promise<R> {
  const entry: PopupTimings['searches'][number] = { query, sent: now() };
  if (popupTimings.searches.length < 50) popupTimings.searches.push(entry);
  return run().then((r) => ((entry.answered = now()), (entry.provisional = !!r.provisional), r));
}
