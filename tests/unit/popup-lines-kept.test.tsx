/**
 * The popup's Library view keeps its count line (a live region: what it says is read out) the
 * same element when an error line appears above it. Both are <p>: unkeyed, the error took the
 * count line's DOM and a new count line was built.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { expect, test } from 'vitest';
import { PopupApp, type PopupApi } from '../../components/popup/PopupApp';
import { renderRoot } from './render-root';

const page = renderRoot();

test('a failed search keeps the count line and the search field', async () => {
  const api = {
    pagePapers: async () => [],
    search: async (query: string) => {
      if (query) throw new Error('The search index could not be read.');
      return { total: 0, hits: [] };
    },
  } as unknown as PopupApi;
  await act(async () => {
    render(h(PopupApp, { api, onLibraryChange: () => () => {} }), page.root);
  });
  await act(async () => {
    page.root.querySelector('#tab-library')!.dispatchEvent(new window.Event('click', { bubbles: true }));
  });
  await act(() => new Promise((resolve) => setTimeout(resolve, 5)));
  const count = page.root.querySelector('p.count');
  const field = page.root.querySelector('input[type=search]') as HTMLInputElement;
  expect(count?.textContent).toBe('0 papers');
  field.value = 'transformers';
  await act(async () => void field.dispatchEvent(new window.Event('input')));
  await act(() => new Promise((resolve) => setTimeout(resolve, 5)));
  expect(page.root.querySelector('p.error')?.textContent).toBe('The search index could not be read.');
  expect(page.root.querySelector('p.count')).toBe(count);
  expect(page.root.querySelector('input[type=search]')).toBe(field);
});
