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
