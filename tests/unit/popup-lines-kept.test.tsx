/**
 * The popup's Library view keeps its count line (a live region: what it says is read out) the
 * same element when an error line appears above it. Both are <p>: unkeyed, the error took the
 * count line's DOM and a new count line was built.
 */
import { parseHTML } from 'linkedom';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { PopupApp, type PopupApi } from '../../components/popup/PopupApp';

let root: HTMLElement;

beforeEach(() => {
  const { document, window } = parseHTML('<!doctype html><html><body><div id="r"></div></body></html>');
  vi.stubGlobal('document', document);
  vi.stubGlobal('window', window);
  root = document.getElementById('r') as unknown as HTMLElement;
});
afterEach(() => {
  render(null, root);
  vi.unstubAllGlobals();
});

test('a failed search keeps the count line and the search field', async () => {
  const api = {
    pagePapers: async () => [],
    search: async (query: string) => {
      if (query) throw new Error('The search index could not be read.');
      return { total: 0, hits: [] };
    },
  } as unknown as PopupApi;
  await act(async () => {
    render(h(PopupApp, { api, onLibraryChange: () => () => {} }), root);
  });
  await act(async () => {
    root.querySelector('#tab-library')!.dispatchEvent(new window.Event('click', { bubbles: true }));
  });
  await act(() => new Promise((resolve) => setTimeout(resolve, 5)));
  const count = root.querySelector('p.count');
  const field = root.querySelector('input[type=search]') as HTMLInputElement;
  expect(count?.textContent).toBe('0 papers');
  field.value = 'transformers';
  await act(async () => void field.dispatchEvent(new window.Event('input')));
  await act(() => new Promise((resolve) => setTimeout(resolve, 5)));
  expect(root.querySelector('p.error')?.textContent).toBe('The search index could not be read.');
  expect(root.querySelector('p.count')).toBe(count);
  expect(root.querySelector('input[type=search]')).toBe(field);
});
