/**
 * The library page's import panel keeps what it is doing while the list around it changes shape
 * (loading → empty → table). CI once lost a file picked while the list was still loading: the
 * empty state took over the panel's DOM and the panel started again, idle.
 */
import { parseHTML } from 'linkedom';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { LibraryApp, type LibraryApi } from '../../components/library/LibraryApp';
import type { RemoteLibrary } from '../../lib/pages/remote';
import type { PaperRecord } from '../../lib/core/types';
import { paper } from './helpers';

let root: HTMLElement;
beforeEach(() => {
  const { document, window } = parseHTML('<!doctype html><html><body><div id="root"></div></body></html>');
  vi.stubGlobal('document', document);
  vi.stubGlobal('window', window);
  vi.stubGlobal('addEventListener', () => {});
  vi.stubGlobal('removeEventListener', () => {});
  root = document.getElementById('root') as unknown as HTMLElement;
});
afterEach(() => {
  render(null, root);
  vi.unstubAllGlobals();
});

const tick = () => act(() => new Promise<void>((r) => setTimeout(r, 10)));

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const api = {
  search: async () => ({ hits: [], total: 0 }),
  drafts: async () => [],
  trash: async () => [],
} as unknown as LibraryApi;

const saved = { ...paper({ arxiv: '2401.00001' }, { title: 'A saved paper' }), savedAt: 1, updatedAt: 1, tags: [], note: '' } as unknown as PaperRecord;

test.each([
  ['loading, empty, a table, empty again', [[], [saved], []]],
  ['loading, a table, empty', [[saved], []]],
])('the import panel stays the same element through %s', async (_, answers: PaperRecord[][]) => {
  // The first answer waits, as when the worker is still starting; later ones follow a change notice.
  const first = deferred<PaperRecord[]>();
  let current: PaperRecord[] | undefined;
  const library = { all: () => (current ? Promise.resolve(current) : first.promise) } as unknown as RemoteLibrary;
  const listeners: (() => void)[] = [];
  render(h(LibraryApp, { library, api, onLibraryChange: (cb: () => void) => (listeners.push(cb), () => {}) }), root);
  await tick();
  const panel = root.querySelector('.import-panel');
  const input = panel?.querySelector('input[type="file"]');
  expect(panel).toBeTruthy();
  for (const [i, papers] of answers.entries()) {
    current = papers;
    if (i === 0) first.resolve(papers);
    else await act(() => listeners.forEach((cb) => cb()));
    await tick();
    await tick();
    expect(root.textContent).toContain(papers.length ? '1 paper' : 'Your library is empty');
    expect(root.querySelector('.import-panel')).toBe(panel);
    expect(root.querySelector('.import-panel input[type="file"]')).toBe(input);
  }
});
