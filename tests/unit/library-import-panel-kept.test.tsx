/**
 * The library page's import panel keeps what it is doing while the list around it changes shape
 * (loading → empty → table). CI once lost a file picked while the list was still loading: the
 * empty state took over the panel's DOM and the panel started again, idle.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { expect, test } from 'vitest';
import { LibraryApp, type LibraryApi } from '../../components/library/LibraryApp';
import type { RemoteLibrary } from '../../lib/pages/remote';
import type { PaperRecord } from '../../lib/core/types';
import { paper } from './helpers';
import { renderRoot, tick } from './render-root';

const page = renderRoot();

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
  render(h(LibraryApp, { library, api, onLibraryChange: (cb: () => void) => (listeners.push(cb), () => {}) }), page.root);
  await tick();
  const panel = page.root.querySelector('.import-panel');
  const input = panel?.querySelector('input[type="file"]');
  expect(panel).toBeTruthy();
  for (const [i, papers] of answers.entries()) {
    current = papers;
    if (i === 0) first.resolve(papers);
    else await act(() => listeners.forEach((cb) => cb()));
    await tick();
    await tick();
    expect(page.root.textContent).toContain(papers.length ? '1 paper' : 'Your library is empty');
    expect(page.root.querySelector('.import-panel')).toBe(panel);
    expect(page.root.querySelector('.import-panel input[type="file"]')).toBe(input);
  }
});
