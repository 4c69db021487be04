/**
 * The popup's and library page's search hook: a provisional answer (the worker still building
 * its index) is asked again without another keystroke, and an old answer never replaces a newer one.
 */
import { parseHTML } from 'linkedom';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { useLibrarySearch } from '../../components/shared/useLibrarySearch';

type Answer = { total: number; provisional?: boolean };

let root: HTMLElement;
beforeEach(() => {
  const { document } = parseHTML('<!doctype html><html><body><div id="root"></div></body></html>');
  vi.stubGlobal('document', document);
  root = document.getElementById('root') as unknown as HTMLElement;
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/** Lets effects, answers and re-renders run, and `ms` of real time pass. */
const settle = (ms = 0) => act(() => new Promise<void>((r) => setTimeout(r, ms)));

function Probe({ query, search }: { query: string; search: (q: string) => Promise<Answer> }) {
  const { result } = useLibrarySearch(() => search(query), [query]);
  return h('p', null, result ? `${query}: ${result.total}` : 'none');
}

test('a provisional answer is replaced by asking again, without a keystroke', async () => {
  const answers: Answer[] = [{ total: 0, provisional: true }, { total: 0, provisional: true }, { total: 7 }];
  const search = vi.fn(async () => answers.shift()!);
  await act(async () => render(h(Probe, { query: 'difusion model', search }), root));
  await settle();
  expect(root.textContent).toBe('difusion model: 0');
  for (let waited = 0; root.textContent !== 'difusion model: 7' && waited < 3000; waited += 100) await settle(100);
  expect(root.textContent).toBe('difusion model: 7');
  await settle(700);
  // A final answer is not asked again.
  expect(search).toHaveBeenCalledTimes(3);
});

test('a slow answer to an older query never replaces the newer one', async () => {
  let release!: (a: Answer) => void;
  const search = vi.fn((q: string) => (q === 'slow' ? new Promise<Answer>((r) => (release = r)) : Promise.resolve({ total: 2 })));
  await act(async () => render(h(Probe, { query: 'slow', search }), root));
  await settle();
  await act(async () => render(h(Probe, { query: 'fast', search }), root));
  await settle();
  expect(root.textContent).toBe('fast: 2');
  release({ total: 99 });
  await settle();
  expect(root.textContent).toBe('fast: 2');
});
