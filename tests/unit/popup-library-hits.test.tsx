/**
 * The popup's Library view draws a new answer's first screen of hits in its first commit and
 * the rest a task later: drawing all 100 held a cold popup's first results ~400 ms.
 */
import { parseHTML } from 'linkedom';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { PopupApp, type PopupApi } from '../../components/popup/PopupApp';
import type { PaperRecord } from '../../lib/core/types';

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

const paper = (i: number): PaperRecord =>
  ({
    id: `arxiv:2401.${String(i).padStart(5, '0')}`,
    ids: {},
    title: `Paper number ${i}`,
    authors: ['Ada Lovelace'],
    links: {},
    source: 'test',
    aliases: [],
    titleKey: `paper number ${i}`,
    note: '',
    tags: [],
    savedAt: i,
    updatedAt: i,
  }) as PaperRecord;

test('a 100-hit answer shows its first 20 at once and all 100 a task later', async () => {
  const hits = Array.from({ length: 100 }, (_, i) => ({ paper: paper(i), terms: [] }));
  let answer!: (r: { total: number; hits: typeof hits }) => void;
  const api = {
    pagePapers: async () => [],
    search: () => new Promise((resolve) => (answer = resolve)),
  } as unknown as PopupApi;
  await act(async () => {
    render(h(PopupApp, { api, onLibraryChange: () => () => {} }), root);
  });
  await act(async () => {
    root.querySelector('#tab-library')!.dispatchEvent(new window.Event('click', { bubbles: true }));
  });
  const items = () => root.querySelectorAll('ul.papers > li').length;
  await act(async () => answer({ total: 100, hits }));
  expect(root.querySelector('[role=status]')?.textContent).toBe('100 papers');
  expect(items()).toBe(20);
  await act(() => new Promise((resolve) => setTimeout(resolve, 5)));
  expect(items()).toBe(100);
});
