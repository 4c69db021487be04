import { expect, test } from 'vitest';
import { Lazy } from '../../lib/library/lazy';

test('one load for concurrent callers; a reset during a load is not undone by it', async () => {
  let loads = 0;
  let release!: () => void;
  const lazy = new Lazy(() => {
    loads++;
    return new Promise<number>((resolve) => (release = () => resolve(loads)));
  });
  const a = lazy.ready();
  const b = lazy.ready();
  lazy.reset();
  release();
  expect([await a, await b]).toEqual([1, 1]);
  // The reset came after the load started: its result is not kept.
  expect(lazy.current).toBeUndefined();
  const c = lazy.ready();
  release();
  expect(await c).toBe(2);
  expect(lazy.current).toBe(2);
});

test('a change reported during a load is applied when it finishes; before any load, or after a reset, it is not', async () => {
  let release!: () => void;
  const lazy = new Lazy(() => new Promise<string[]>((resolve) => (release = () => resolve(['loaded']))));
  lazy.update((v) => v.push('before any load'));
  const first = lazy.ready();
  lazy.update((v) => v.push('during the load'));
  release();
  expect(await first).toEqual(['loaded', 'during the load']);
  lazy.update((v) => v.push('after'));
  expect(lazy.current).toEqual(['loaded', 'during the load', 'after']);

  lazy.reset();
  const second = lazy.ready();
  lazy.update((v) => v.push('dropped by the reset'));
  lazy.reset();
  release();
  expect(await second).toEqual(['loaded']);
});
