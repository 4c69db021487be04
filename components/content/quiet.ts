/**
 * Changes of the page made when it is not being scrolled. On a 2,000-row listing any change of
 * the page's DOM costs the frame that renders it its style, layout and paint over the page
 * (bench/listing-block.ts: ~55–60 ms for one host as for a hundred), and during a fast scroll
 * every such frame was a long task (bench/listing.ts: 44 of main's 64 per visit were frames in
 * which Gloss had just mounted a block). A change waits until the scroll has paused, then runs
 * in a task just after the next frame, so it is the only change of ours in the frame that
 * renders it; a scroll that never pauses still gets its changes every `maxWaitMs`, all at once.
 * Not requestIdleCallback: while a long listing's rows are read (8 ms tasks back to back) there
 * is no idle time, and the first marks waited for its timeout (bench/listing.ts: drawn 318 ms
 * after the start against 193 ms answered).
 */

/** No scroll event for this long: the scroll stopped (a scroll in progress fires one per frame). */
export const QUIET_MS = 120;
/** The longest a change waits while the page keeps scrolling (rows come near ~2 screens ahead). */
export const MAX_WAIT_MS = 1000;

export interface Quiet {
  /** Asks for `run` once the page is quiet (once however often it is asked before it runs). */
  request(): void;
  /** The page scrolled now (the listener calls it; tests may too). */
  scrolled(): void;
  stop(): void;
}

interface Clock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  /** Runs `run` in a task after the next frame is rendered; returns a function that cancels it. */
  afterFrame(run: () => void): () => void;
}

/**
 * After the next animation frame, in a task of its own (a hidden tab renders no frames: then
 * after `HIDDEN_MS`, whichever comes first, so its marks are there when it is shown).
 */
const HIDDEN_MS = 200;
const browserClock = (view: Window | null | undefined): Clock => ({
  now: () => performance.now(),
  setTimeout: (run, ms) => setTimeout(run, ms),
  clearTimeout: (id) => clearTimeout(id as ReturnType<typeof setTimeout>),
  afterFrame(run) {
    let done = false;
    const once = () => {
      if (done) return;
      done = true;
      clearTimeout(fallback);
      if (frame !== undefined) view?.cancelAnimationFrame(frame);
      run();
    };
    const frames = !!view && typeof view.requestAnimationFrame === 'function';
    // Without frames at all (a document without a window), a task of its own.
    const fallback = setTimeout(once, frames ? HIDDEN_MS : 0);
    const frame = frames ? view.requestAnimationFrame(() => setTimeout(once, 0)) : undefined;
    return () => {
      done = true;
      clearTimeout(fallback);
      if (frame !== undefined) view?.cancelAnimationFrame(frame);
    };
  },
});

/**
 * `run` once the page has not scrolled for `quietMs`, or `maxWaitMs` after the first request
 * that is still waiting (then `run(true)`: the page is still scrolling, and the caller may
 * choose to change only what the user is evidently reading, and ask again for the rest).
 * Listens to scrolls of the document and of any element in it (capture: scroll events do not
 * bubble), passively.
 */
export function whenQuiet(
  view: Window | null | undefined,
  run: (scrolling: boolean) => void,
  options: { quietMs?: number; maxWaitMs?: number; clock?: Clock } = {},
): Quiet {
  const quietMs = options.quietMs ?? QUIET_MS;
  const maxWaitMs = options.maxWaitMs ?? MAX_WAIT_MS;
  const clock = options.clock ?? browserClock(view);
  let lastScroll = -Infinity;
  /** When the oldest waiting request was made; undefined when none waits. */
  let since: number | undefined;
  let timer: unknown;
  let cancelFrame: (() => void) | undefined;
  let stopped = false;

  const fire = () => {
    cancelFrame = undefined;
    if (stopped || since === undefined) return;
    // Scrolled again while waiting for the frame: wait for the next pause, unless waited too long.
    if (clock.now() - lastScroll < quietMs && clock.now() - since < maxWaitMs) return check();
    since = undefined;
    run(clock.now() - lastScroll < quietMs);
  };
  function check() {
    timer = undefined;
    if (stopped || since === undefined || cancelFrame) return;
    const t = clock.now();
    const quietIn = lastScroll + quietMs - t;
    const forcedIn = since + maxWaitMs - t;
    if (quietIn > 0 && forcedIn > 0) {
      timer = clock.setTimeout(check, Math.min(quietIn, forcedIn));
      return;
    }
    // Not now: the frame being built renders first (with whatever else changed), the change gets the next.
    cancelFrame = clock.afterFrame(fire);
  }
  const onScroll = () => {
    lastScroll = clock.now();
  };
  view?.addEventListener('scroll', onScroll, { capture: true, passive: true });

  return {
    request() {
      if (stopped) return;
      since ??= clock.now();
      if (timer === undefined && !cancelFrame) check();
    },
    scrolled: onScroll,
    stop() {
      stopped = true;
      view?.removeEventListener('scroll', onScroll, { capture: true });
      if (timer !== undefined) clock.clearTimeout(timer);
      cancelFrame?.();
    },
  };
}
