/**
 * Elements a person is using (the note being typed, the button just pressed) stay the same DOM
 * elements while what is shown beside them changes. Preact matches an unkeyed child to any unused
 * old sibling of the same element type, so a branch that changes element type next to a sibling
 * of that type can take the sibling's DOM, and the sibling is then built again: focus, a pressed
 * button and the text in a field go with it (the library page lost its import panel this way).
 */
import { parseHTML } from 'linkedom';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { NoteEditor } from '../../components/shared/NoteEditor';
import { PanelApp } from '../../components/panel/PanelApp';
import type { PanelView } from '../../lib/rpc/protocol';
import type { EntryState } from '../../lib/core/types';
import { paper } from './helpers';

let root: HTMLElement;
/** Elements put in again while already in the document: a browser takes focus away from them. */
let moved: Node[];
let restoreInsert: () => void;
beforeEach(() => {
  const { document, window } = parseHTML('<!doctype html><html><body><div id="root"></div></body></html>');
  vi.stubGlobal('document', document);
  vi.stubGlobal('window', window);
  vi.stubGlobal('addEventListener', () => {});
  vi.stubGlobal('removeEventListener', () => {});
  root = document.getElementById('root') as unknown as HTMLElement;
  moved = [];
  let proto = Object.getPrototypeOf(root);
  while (!Object.prototype.hasOwnProperty.call(proto, 'insertBefore')) proto = Object.getPrototypeOf(proto);
  const insertBefore = proto.insertBefore;
  proto.insertBefore = function (this: Node, node: Node, ref: Node | null) {
    if (node.isConnected) moved.push(node);
    return insertBefore.call(this, node, ref);
  };
  restoreInsert = () => (proto.insertBefore = insertBefore);
});
afterEach(() => {
  render(null, root);
  restoreInsert();
  vi.unstubAllGlobals();
});

const tick = () => act(() => new Promise<void>((r) => setTimeout(r, 10)));
const click = (el: Element | null) => act(() => void el!.dispatchEvent(new (window as any).Event('click')));
const typeInto = async (area: HTMLTextAreaElement, text: string) => {
  area.value = text;
  await act(() => void area.dispatchEvent(new (window as any).Event('input')));
};
/** Whether `el` or an element around it (below `root`) was moved. */
const wasMoved = (el: Element) => moved.some((m) => m.contains(el));

test('the note editor keeps its Preview button and status line when the preview opens and closes', async () => {
  await act(() => render(h(NoteEditor, { note: 'some **note**', save: async () => ({}) }), root));
  await tick();
  const button = root.querySelector('.preview-toggle');
  const status = root.querySelector('.note-status');
  expect(button).toBeTruthy();
  await click(button);
  expect(root.querySelector('.note-preview')).toBeTruthy();
  // The button just pressed (it has the focus) is the one still there.
  expect(root.querySelector('.preview-toggle')).toBe(button);
  expect(root.querySelector('.note-status')).toBe(status);
  await click(button);
  expect(root.querySelector('textarea')).toBeTruthy();
  expect(root.querySelector('.preview-toggle')).toBe(button);
  expect(root.querySelector('.note-status')).toBe(status);
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
      root,
    ),
  );
  await tick();
  const area = root.querySelector('textarea') as HTMLTextAreaElement;
  expect(area).toBeTruthy();
  await typeInto(area, 'stored, and a sentence being typ');
  moved = [];
  if (change === 'zotero') {
    next = view({ zotero });
    await act(() => listeners.forEach((cb) => cb()));
    await tick();
    expect(root.querySelector('.zotero-row')).toBeTruthy();
  } else if (change === 'error') {
    await click(root.querySelector('.status-row button'));
    await tick();
    expect(root.querySelector('.body > p.error')).toBeTruthy();
  } else if (change === 'did') {
    await click(root.querySelector('.status-row button'));
    await tick();
    expect(root.querySelector('.undo')).toBeTruthy();
  } else {
    await act(() => related.resolve([]));
    await tick();
    expect(root.textContent).toContain('Nothing in your library is close');
  }
  expect(root.querySelector('textarea')).toBe(area);
  expect(area.value).toBe('stored, and a sentence being typ');
  expect(wasMoved(area)).toBe(false);
});
