/**
 * The content script's sliced queue (components/content/slices.ts): work runs in tasks of its
 * own, each within its time budget or item limit, and a cleared queue runs nothing more.
 */
import { expect, test } from 'vitest';
import { sliced } from '../../components/content/slices';

/** A clock the test moves: each item "costs" what `each` adds. */
function clock() {
  let t = 0;
  return { now: () => t, spend: (ms: number) => (t += ms) };
}

const nextTasks = (n: number) => new Promise<void>((resolve) => setTimeout(resolve, n));

test('each slice stops at its budget; the rest follows in later tasks, in order, then idle', async () => {
  const c = clock();
  // Items grouped by the task they ran in: a microtask closes the group when the task ends.
  const tasks: number[][] = [];
  let open = false;
  let idle = 0;
  const q = sliced<number>(
    (n) => {
      if (!open) {
        open = true;
        tasks.push([]);
        queueMicrotask(() => (open = false));
      }
      tasks.at(-1)!.push(n);
      c.spend(3);
    },
    { budget: 8, now: c.now, idle: () => idle++ },
  );
  q.add([1, 2, 3, 4, 5, 6, 7]);
  // Nothing runs in the task that queued the work.
  expect(tasks).toEqual([]);
  await nextTasks(20);
  // 3 ms an item, 8 ms a slice: the third item crosses the budget and ends its slice.
  expect(tasks).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  expect(idle).toBe(1);
  expect(q.size).toBe(0);
});

test('a limit caps the items of a slice; runNow runs one slice at once; delete and clear drop waiting items', async () => {
  const done: string[] = [];
  const q = sliced<string>((s) => done.push(s), { limit: 2 });
  q.add(['a', 'b', 'c', 'd', 'e']);
  q.runNow();
  expect(done).toEqual(['a', 'b']);
  q.delete('c');
  await nextTasks(20);
  expect(done).toEqual(['a', 'b', 'd', 'e']);
  q.add(['f', 'g']);
  q.clear();
  await nextTasks(20);
  expect(done).toEqual(['a', 'b', 'd', 'e']);
  // Negative control: the same items without clear() do run.
  q.add(['f', 'g']);
  await nextTasks(20);
  expect(done).toEqual(['a', 'b', 'd', 'e', 'f', 'g']);
});

test('first moves waiting items to the front, even from inside a slice; items not waiting are left alone', async () => {
  const done: number[] = [];
  const q = sliced<number>(
    (n) => {
      done.push(n);
      // What reading a row near the viewport does: other rows came near meanwhile.
      if (n === 1) q.first([9, 8, 42]);
    },
    { limit: 2 },
  );
  q.add([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  q.runNow();
  expect(done).toEqual([1, 9]);
  await nextTasks(20);
  expect(done).toEqual([1, 9, 8, 2, 3, 4, 5, 6, 7]);
  expect(q.size).toBe(0);
  // Negative control: without first, page order.
  const plain: number[] = [];
  const p = sliced<number>((n) => plain.push(n));
  p.add([1, 2, 3]);
  p.first([]);
  await nextTasks(20);
  expect(plain).toEqual([1, 2, 3]);
});
