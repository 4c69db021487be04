/**
 * Two windows editing one note: each editor sends the stored text it builds on; the second write
 * keeps both texts and its editor shows them (against a real library service).
 */
import { parseHTML } from 'linkedom';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import { NoteEditor } from '../../components/shared/NoteEditor';
import { LibraryService } from '../../lib/library/service';
import { freshDb, paper } from './helpers';

let roots: HTMLElement[];
let lib: LibraryService;
const p = paper({ arxiv: '2401.00001' });

beforeEach(async () => {
  const { document, window } = parseHTML('<!doctype html><html><body><div id="a"></div><div id="b"></div></body></html>');
  vi.stubGlobal('document', document);
  vi.stubGlobal('window', window);
  vi.stubGlobal('addEventListener', () => {});
  vi.stubGlobal('removeEventListener', () => {});
  roots = ['a', 'b'].map((id) => document.getElementById(id) as unknown as HTMLElement);
  lib = new LibraryService(freshDb());
  await lib.save({ paper: p, note: 'the start' });
});
afterEach(() => {
  roots.forEach((r) => render(null, r));
  vi.unstubAllGlobals();
});

const tick = () => act(() => new Promise<void>((r) => setTimeout(r, 30)));
const typeInto = async (root: HTMLElement, text: string) => {
  const area = root.querySelector('textarea')!;
  area.value = text;
  await act(() => void area.dispatchEvent(new (window as any).Event('input')));
};

test('the later of two editors from the same note keeps both texts and shows the conflict', async () => {
  const save = (text: string, base: string) => lib.setNote({ id: p.id, note: text, base });
  for (const r of roots) render(h(NoteEditor, { note: 'the start', save }), r);
  await typeInto(roots[0], 'the start, edited in window A');
  for (let i = 0; i < 30 && (await lib.get({ id: p.id }))?.note !== 'the start, edited in window A'; i++) await tick();
  await typeInto(roots[1], 'the start, edited in window B');
  for (let i = 0; i < 30 && !roots[1].textContent?.includes('another window'); i++) await tick();
  const stored = (await lib.get({ id: p.id }))!.note;
  expect(stored).toContain('edited in window A');
  expect(stored).toContain('edited in window B');
  expect(roots[1].textContent).toContain('Also changed in another window');
  expect(roots[1].querySelector('textarea')!.value).toBe(stored);
});

test('one editor saving twice is no conflict', async () => {
  const save = (text: string, base: string) => lib.setNote({ id: p.id, note: text, base });
  render(h(NoteEditor, { note: 'the start', save }), roots[0]);
  await typeInto(roots[0], 'first');
  for (let i = 0; i < 30 && (await lib.get({ id: p.id }))?.note !== 'first'; i++) await tick();
  await typeInto(roots[0], 'second');
  for (let i = 0; i < 30 && (await lib.get({ id: p.id }))?.note !== 'second'; i++) await tick();
  expect((await lib.get({ id: p.id }))!.note).toBe('second');
  expect(roots[0].textContent).not.toContain('another window');
});
