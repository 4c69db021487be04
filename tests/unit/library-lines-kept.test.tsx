/**
 * Lines of the library page stay the same elements when an error line appears beside them. All
 * are <p>: unkeyed, the error took the next line's DOM and that line was built again. The Undo
 * line's button, just pressed, lost the focus; the trash's status line (a live region kept in
 * the page so what it says is read out) was replaced by a new one.
 */
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { expect, test } from 'vitest';
import { LibraryApp, type LibraryApi } from '../../components/library/LibraryApp';
import { TrashView, type TrashApi } from '../../components/library/TrashView';
import type { TrashRecord } from '../../lib/db/schema';
import type { RemoteLibrary } from '../../lib/pages/remote';
import type { PaperRecord } from '../../lib/core/types';
import { paper } from './helpers';
import { renderRoot, tick } from './render-root';

const page = renderRoot();

const fire = (el: Element | null, type: string) => act(() => void el!.dispatchEvent(new (window as any).Event(type)));

const saved = { ...paper({ arxiv: '2401.00001' }, { title: 'A saved paper' }), savedAt: 1, updatedAt: 1, tags: [], note: '' } as unknown as PaperRecord;

test('a failed Undo keeps the Undo line and its button, and says why', async () => {
  let papers = [saved];
  const library = { all: async () => papers } as unknown as RemoteLibrary;
  const api = {
    search: async () => ({ hits: [], total: 0 }),
    drafts: async () => [],
    trash: async () => [],
    bulk: async () => ((papers = []), { changed: 1, removed: [saved] }),
    restore: async () => {
      throw new Error('The trash could not be read.');
    },
  } as unknown as LibraryApi;
  await act(() => render(h(LibraryApp, { library, api, onLibraryChange: () => () => {} }), page.root));
  await tick();
  const all = page.root.querySelector('input[aria-label="Select all shown"]') as HTMLInputElement;
  all.checked = true;
  await fire(all, 'change');
  await fire(
    [...page.root.querySelectorAll('.bulk button')].find((b) => b.textContent === 'Delete')!,
    'click',
  );
  await tick();
  const toast = page.root.querySelector('p.toast');
  const undo = toast?.querySelector('button');
  expect(undo?.textContent).toBe('Undo');
  await fire(undo!, 'click');
  await tick();
  expect(page.root.querySelector('p.error')?.textContent).toContain('The trash could not be read.');
  expect(page.root.querySelector('p.toast')).toBe(toast);
  expect(page.root.querySelector('p.toast button')).toBe(undo);
});

test('a failed restore in the trash keeps the status line', async () => {
  const removed = (n: number) => ({ ...saved, id: `arxiv:2401.0000${n}`, title: `Removed ${n}`, authors: [], removedAt: 1 }) as unknown as TrashRecord;
  let items = [removed(1), removed(2)];
  const api: TrashApi = {
    trash: async () => items,
    restore: async (ids) => {
      if (ids[0] === removed(2).id) throw new Error('The library could not be written.');
      items = items.filter((r) => !ids.includes(r.id));
      return { restored: ids.length };
    },
    purgeTrash: async () => ({ purged: 0 }),
  };
  await act(() => render(h(TrashView, { api, onLibraryChange: () => () => {} }), page.root));
  await tick();
  const restore = (n: number) => fire(page.root.querySelector(`button[aria-label="Restore: Removed ${n}"]`), 'click');
  await restore(1);
  await tick();
  const status = page.root.querySelector('.trash-status');
  expect(status?.textContent).toContain('Restored “Removed 1”');
  await restore(2);
  await tick();
  expect(page.root.querySelector('p.error')?.textContent).toContain('The library could not be written.');
  expect(page.root.querySelector('.trash-status')).toBe(status);
});
