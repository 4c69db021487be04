/**
 * Where an import's time goes in the browser, as User Timing measures (`gloss:import …`): seen in
 * DevTools' performance panel of the service worker, and read by bench/import-scale.ts. Nothing is
 * logged. The measures are cleared when an import starts, so a long-lived worker keeps one
 * import's worth (a few per part).
 */
const PREFIX = 'gloss:import ';

// Node before 16 and odd hosts lack User Timing: the import must not depend on it.
const perf = (): Performance | undefined => (typeof performance !== 'undefined' && typeof performance.measure === 'function' ? performance : undefined);

/** Runs `run`, recording how long its promise took under `gloss:import <name>`. */
export function timed<T, P extends PromiseLike<T>>(name: string, run: () => P): P {
  const p = perf();
  if (!p) return run();
  const start = p.now();
  const out = run();
  // Chained on the promise as it is (a Dexie promise inside a transaction stays one).
  void out.then(
    () => p.measure(PREFIX + name, { start, end: p.now() }),
    () => {},
  );
  return out;
}

export function clearImportTimings() {
  const p = perf();
  if (!p?.getEntriesByType) return;
  for (const name of new Set(p.getEntriesByType('measure').flatMap((m) => (m.name.startsWith(PREFIX) ? [m.name] : [])))) p.clearMeasures(name);
}
