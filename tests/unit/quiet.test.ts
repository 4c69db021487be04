/**
 * components/content/quiet.ts: changes of the page wait for the scroll to pause, run after
 * the next frame, and never wait longer than the most a scroll may hold them. A fake clock and fake idle
 * callbacks; the real listener is exercised through a stand-in window's scroll events.
 */
import { expect, test } from 'vitest';
import { whenQuiet } from '../../components/content/quiet';

/** A clock the test moves: timers and idle callbacks fire only when it says. */
function fakeClock() {
  let t = 0;
  let seq = 0;
  const timers = new Map<number, { at: number; run: () => void }>();
  const idles = new Map<number, () => void>();
  return {
    clock: {
      now: () => t,
      setTimeout: (run: () => void, ms: number) => (timers.set(++seq, { at: t + ms, run }), seq),
      clearTimeout: (id: unknown) => void timers.delete(id as number),
      afterFrame: (run: () => void) => {
        const id = ++seq;
        idles.set(id, run);
        return () => void idles.delete(id);
      },
    },
    /** Moves time on, firing due timers in order. */
    advance(ms: number) {
      const end = t + ms;
      for (;;) {
        const due = [...timers.entries()].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        t = due[1].at;
        due[1].run();
      }
      t = end;
    },
    /** A frame is rendered: what waited for it runs. */
    idle() {
      const all = [...idles.values()];
      idles.clear();
      all.forEach((run) => run());
    },
    pendingFrames: () => idles.size,
  };
}

test('no scroll: the change runs after the next frame, once however often it was asked', () => {
  const f = fakeClock();
  let runs = 0;
  const q = whenQuiet(undefined, () => runs++, { clock: f.clock, quietMs: 120, maxWaitMs: 1000 });
  q.request();
  q.request();
  expect(runs).toBe(0);
  expect(f.pendingFrames()).toBe(1);
  f.idle();
  expect(runs).toBe(1);
  // Asked again after it ran: runs again.
  q.request();
  f.idle();
  expect(runs).toBe(2);
});

test('while the page scrolls the change waits for a pause; a scroll that never pauses gets it after maxWaitMs', () => {
  const f = fakeClock();
  let runs = 0;
  const scrolling: boolean[] = [];
  const q = whenQuiet(undefined, (s) => (runs++, scrolling.push(s)), { clock: f.clock, quietMs: 120, maxWaitMs: 1000 });
  q.scrolled();
  q.request();
  f.advance(60);
  q.scrolled();
  f.advance(100);
  f.idle();
  expect(runs).toBe(0);
  // 120 ms after the last scroll: the next frame runs it.
  f.advance(30);
  f.idle();
  expect(runs).toBe(1);

  // A scroll event every 16 ms, never pausing: it runs once the first request waited 1 s, not before, told the page scrolls.
  q.request();
  let ran: number | undefined;
  for (let ms = 0; ms < 2000; ms += 16) {
    q.scrolled();
    f.advance(16);
    f.idle();
    if (runs === 2 && ran === undefined) ran = ms + 16;
  }
  expect(ran).toBeGreaterThanOrEqual(1000);
  expect(ran).toBeLessThan(1100);
  expect(runs).toBe(2);
  expect(scrolling).toEqual([false, true]);
});

test('a scroll between the pause and the frame puts the change back to waiting', () => {
  const f = fakeClock();
  let runs = 0;
  const q = whenQuiet(undefined, () => runs++, { clock: f.clock, quietMs: 120, maxWaitMs: 1000 });
  q.request();
  expect(f.pendingFrames()).toBe(1);
  q.scrolled();
  f.idle();
  expect(runs).toBe(0);
  f.advance(120);
  f.idle();
  expect(runs).toBe(1);
});

test('scroll events of the window (capture: any scroller) count; stop removes the listener and drops the waiting change', () => {
  const f = fakeClock();
  const target = new EventTarget();
  let runs = 0;
  const q = whenQuiet(target as unknown as Window, () => runs++, { clock: f.clock, quietMs: 120, maxWaitMs: 1000 });
  target.dispatchEvent(new Event('scroll'));
  q.request();
  f.idle();
  expect(runs).toBe(0);
  f.advance(120);
  f.idle();
  expect(runs).toBe(1);
  q.stop();
  q.request();
  target.dispatchEvent(new Event('scroll'));
  f.advance(2000);
  f.idle();
  expect(runs).toBe(1);
});
