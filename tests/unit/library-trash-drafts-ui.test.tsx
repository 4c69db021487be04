/**
 * The library page's trash view and unsaved-notes banner, against a real library service (what
 * the page reaches through the background).
 */
import { parseHTML } from 'linkedom';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { DraftsBanner, type DraftsApi } from '../../components/library/DraftsBanner';
import { TrashView, type TrashApi } from '../../components/library/TrashView';
import { LibraryService } from '../../lib/library/service';
import { freshDb, paper } from './helpers';

let root: HTMLElement;
let lib: LibraryService;

beforeEach(() => {
  const { document, window } = parseHTML('<!doctype html><html><body><div id="root"></div></body></html>');
  vi.stubGlobal('document', document);
  vi.stubGlobal('window', window);
  root = document.getElementById('root') as unknown as HTMLElement;
  lib = new LibraryService(freshDb());
});
afterEach(() => {
  render(null, root);
  vi.unstubAllGlobals();
});

/** Lets effects, answers (IndexedDB) and re-renders run until `done` holds. */
async function settle(done: () => boolean = () => true) {
  for (let i = 0; i < 100; i++) {
    await act(() => new Promise<void>((r) => setTimeout(r, 20)));
    if (done()) return;
  }
  throw new Error(`never settled; the page shows: ${root.textContent}`);
}
const shows = (text: string) => () => !!root.textContent?.includes(text);
const list = () => root.querySelector('ul')?.textContent ?? '';
const button = (name: string) => {
  const b = [...root.querySelectorAll('button')].find((el) => el.textContent?.trim() === name);
  if (!b) throw new Error(`no button ${name} in: ${root.textContent}`);
  return b as HTMLButtonElement;
};
const click = async (name: string, done?: () => boolean) => {
  await act(() => button(name).click());
  await settle(done);
};

const noChanges = () => () => {};

describe('trash view', () => {
  const api: () => TrashApi = () => ({
    trash: () => lib.trash(),
    restore: (ids) => lib.restore({ ids }),
    purgeTrash: (ids) => lib.purgeTrash({ ids }),
  });

  test('lists removed papers with the promise of 30 days; restores one, deletes another forever after confirming', async () => {
    const a = paper({ arxiv: '2401.00001' }, { title: 'Paper to restore' });
    const b = paper({ arxiv: '2401.00002' }, { title: 'Paper to forget' });
    await lib.save({ paper: a, note: 'my note' });
    await lib.save({ paper: b });
    await lib.bulk({ ids: [a.id, b.id], action: 'delete' });

    render(h(TrashView, { api: api(), onLibraryChange: noChanges }), root);
    await settle(shows('Paper to restore'));
    expect(root.textContent).toContain('Removed papers are kept for 30 days');
    expect(root.textContent).toContain('removed ');
    expect(root.textContent).toContain('my note');

    await act(() => (root.querySelector('[aria-label="Restore: Paper to restore"]') as HTMLButtonElement).click());
    await settle(() => !list().includes('Paper to restore'));
    expect((await lib.get({ id: a.id }))!.note).toBe('my note');
    expect(root.querySelector('[role="status"]')!.textContent).toContain('Restored “Paper to restore”');

    await click('Delete forever…', () => !!root.querySelector('[role="alertdialog"]'));
    // Nothing is deleted before the confirmation (linkedom has no focus, so where focus goes is not tested here).
    expect(await lib.trash()).toHaveLength(1);
    await click('Cancel', () => !root.querySelector('[role="alertdialog"]'));
    expect(await lib.trash()).toHaveLength(1);
    await click('Delete forever…', () => !!root.querySelector('[role="alertdialog"]'));
    await click('Delete forever', shows('The trash is empty.'));
    expect(await lib.trash()).toHaveLength(0);
    expect(await lib.get({ id: b.id })).toBeNull();
    expect(root.textContent).toContain('The trash is empty.');
  });
});

describe('unsaved notes banner', () => {
  const api: () => DraftsApi = () => ({
    drafts: () => lib.drafts(),
    setNote: (id, note, base) => lib.setNote({ id, note, base }),
    clearDraft: (id) => lib.clearDraft({ id }),
  });

  test('says how many notes are not saved; saves one on its paper, discards another after asking', async () => {
    const a = paper({ arxiv: '2401.00001' }, { title: 'First paper' });
    const b = paper({ arxiv: '2401.00002' }, { title: 'Second paper' });
    await lib.save({ paper: a, note: 'start' });
    await lib.save({ paper: b });
    await lib.putDraft({ id: a.id, text: 'start and the rest', base: 'start' });
    await lib.putDraft({ id: b.id, text: 'throwaway', base: '' });

    render(h(DraftsBanner, { api: api(), onLibraryChange: noChanges }), root);
    await settle(shows('2 notes not saved yet'));

    await act(() => (root.querySelector('[aria-label="Save note: First paper"]') as HTMLButtonElement).click());
    await settle(shows('1 note not saved yet'));
    expect((await lib.get({ id: a.id }))!.note).toBe('start and the rest');

    await act(() => (root.querySelector('[aria-label="Discard: Second paper"]') as HTMLButtonElement).click());
    await settle(() => !!root.querySelector('[role="alertdialog"]'));
    expect(await lib.getDraft({ id: b.id })).not.toBeNull();
    await click('Discard', () => !root.textContent?.includes('not saved yet'));
    expect(await lib.getDraft({ id: b.id })).toBeNull();
    expect(root.textContent).not.toContain('not saved yet');
  });

  test('a draft older than a note written elsewhere is saved beside it, not over it', async () => {
    const a = paper({ arxiv: '2401.00001' }, { title: 'First paper' });
    await lib.save({ paper: a, note: 'start' });
    await lib.putDraft({ id: a.id, text: 'draft text', base: 'start' });
    await lib.setNote({ id: a.id, note: 'written in another window' });

    render(h(DraftsBanner, { api: api(), onLibraryChange: noChanges }), root);
    await settle(shows('1 note not saved yet'));
    await click('Save note', shows('both versions are kept'));
    const note = (await lib.get({ id: a.id }))!.note;
    expect(note.startsWith('written in another window')).toBe(true);
    expect(note.endsWith('draft text')).toBe(true);
    expect(root.textContent).toContain('both versions are kept');
  });
});
