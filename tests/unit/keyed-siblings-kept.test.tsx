/**
 * Elements a person is using (the note being typed, the button just pressed) stay the same DOM
 * elements while what is shown beside them changes. Preact matches an unkeyed child to any unused
 * old sibling of the same element type, so a branch that changes element type next to a sibling
 * of that type can take the sibling's DOM, and the sibling is then built again: focus, a pressed
 * button and the text in a field go with it (the library page lost its import panel this way).
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { NoteEditor } from '../../components/shared/NoteEditor';
import { PanelApp } from '../../components/panel/PanelApp';
import type { PanelView } from '../../lib/rpc/protocol';
import type { EntryState } from '../../lib/core/types';
import { paper } from './helpers';
import { renderRoot, tick } from './render-root';

const page = renderRoot();
/** Elements put in again while already in the document: a browser takes focus away from them. */
let moved: Node[];
let restoreInsert: () => void;
beforeEach(() => {
  moved = [];
  let proto = Object.getPrototypeOf(page.root);
  while (!Object.prototype.hasOwnProperty.call(proto, 'insertBefore')) proto = Object.getPrototypeOf(proto);
  const insertBefore = proto.insertBefore;
  proto.insertBefore = function (this: Node, node: Node, ref: Node | null) {
    if (node.isConnected) moved.push(node);
    return insertBefore.call(this, node, ref);
  };
  restoreInsert = () => (proto.insertBefore = insertBefore);
});
afterEach(() => restoreInsert());

const click = (el: Element | null) => act(() => void el!.dispatchEvent(new (window as any).Event('click')));
const typeInto = async (area: HTMLTextAreaElement, text: string) => {
  area.value = text;
  await act(() => void area.dispatchEvent(new (window as any).Event('input')));
};
/** Whether `el` or an element around it (below `page.root`) was moved. */
const wasMoved = (el: Element) => moved.some((m) => m.contains(el));

test('the note editor keeps its Preview button and status line when the preview opens and closes', async () => {
  await act(() => render(h(NoteEditor, { note: 'some **note**', save: async () => ({}) }), page.root));
  await tick();
  const button = page.root.querySelector('.preview-toggle');
  const status = page.root.querySelector('.note-status');
  expect(button).toBeTruthy();
  await click(button);
  expect(page.root.querySelector('.note-preview')).toBeTruthy();
  // The button just pressed (it has the focus) is the one still there.
  expect(page.root.querySelector('.preview-toggle')).toBe(button);
  expect(page.root.querySelector('.note-status')).toBe(status);
  await click(button);
  expect(page.root.querySelector('textarea')).toBeTruthy();
  expect(page.root.querySelector('.preview-toggle')).toBe(button);
  expect(page.root.querySelector('.note-status')).toBe(status);
});

const p = paper({ arxiv: '2401.00001' }, { title: 'A paper' });
const entry = (over: Partial<EntryState> = {}): EntryState => ({ id: p.id, saved: true, note: 'stored', tags: [], ...over });
const view = (over: Partial<PanelView> = {}): PanelView => ({ paper: p, state: entry(), tagSuggestions: [], theme: 'light', ...over });

test.each([
  ['the Zotero row appears', 'zotero'],
  ['an error appears beside the Zotero row', 'error'],
  ['an undo line appears', 'did'],
  ['related papers arrive', 'related'],
])('the panel keeps the note being typed, in place, when %s', async (_, change) => {
  const related = { resolve: (_: unknown) => {} };
  let next = view();
  const listeners: (() => void)[] = [];
  const zotero = { collections: ['Reading'], select: 'zotero://select/items/X', web: 'https://www.zotero.org/x' };
  const api = vi.fn(async (method: string) => {
    if (method === 'panelState') return next;
    if (method === 'panelRelated') return new Promise((r) => (related.resolve = r));
    if (method === 'panelSave' && change === 'error') throw new Error('Gloss could not reach the page.');
    if (method === 'panelSave') return view({ did: 'saved', zotero: change === 'did' ? undefined : zotero });
    return entry();
  });
  // The error case starts with the Zotero row there: an error line is the second <p> among the siblings.
  if (change === 'error') next = view({ zotero });
  await act(() =>
    render(
      h(PanelApp, {
        token: () => 't',
        onTokenChange: () => () => {},
        api: api as never,
        onLibraryChange: (cb: () => void) => (listeners.push(cb), () => {}),
      }),
      page.root,
    ),
  );
  await tick();
  const area = page.root.querySelector('textarea') as HTMLTextAreaElement;
  expect(area).toBeTruthy();
  await typeInto(area, 'stored, and a sentence being typ');
  moved = [];
  if (change === 'zotero') {
    next = view({ zotero });
    await act(() => listeners.forEach((cb) => cb()));
    await tick();
    expect(page.root.querySelector('.zotero-row')).toBeTruthy();
  } else if (change === 'error') {
    await click(page.root.querySelector('.status-row button'));
    await tick();
    expect(page.root.querySelector('.body > p.error')).toBeTruthy();
  } else if (change === 'did') {
    await click(page.root.querySelector('.status-row button'));
    await tick();
    expect(page.root.querySelector('.undo')).toBeTruthy();
  } else {
    await act(() => related.resolve([]));
    await tick();
    expect(page.root.textContent).toContain('Nothing in your library is close');
  }
  expect(page.root.querySelector('textarea')).toBe(area);
  expect(area.value).toBe('stored, and a sentence being typ');
  expect(wasMoved(area)).toBe(false);
});
