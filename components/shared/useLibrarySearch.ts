/**
 * Library search as the user types, shared by the popup and the library page: only the answer
 * to the latest query is shown, and a provisional answer (the worker was still building its
 * index, lib/search/library-search.ts) is asked again shortly, so the ranked one replaces it
 * without another keystroke.
 */
import { useLayoutEffect, useState } from 'preact/hooks';

const AGAIN_MS = 300;

export function useLibrarySearch<R extends { provisional?: boolean }>(run: () => Promise<R> | undefined, deps: unknown[]): { result?: R; error: string } {
  const [state, setState] = useState<{ result?: R; error: string }>({ error: '' });
  const [again, setAgain] = useState(0);

  // A layout effect: the query leaves as the keystroke's render commits, not after the next paint
  // (a plain effect waited ~200 ms for it in a cold popup, bench/README.md "Cold first search").
  useLayoutEffect(() => {
    const pending = run();
    if (!pending) {
      setState({ error: '' });
      return;
    }
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    pending.then(
      (result) => {
        if (!live) return;
        setState({ result, error: '' });
        if (result.provisional) timer = setTimeout(() => setAgain((n) => n + 1), AGAIN_MS);
      },
      (err) => live && setState((s) => ({ ...s, error: (err as Error).message })),
    );
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [...deps, again]);

  return state;
}
