/** Metadata a person corrects in the library: stored through the store, exported, refused when malformed. */
import { describe, expect, test } from 'vitest';
import { toBibtex } from '../../lib/export/bibtex';
import { normalizeTitle } from '../../lib/core/ids';
import { LibraryService } from '../../lib/library/service';
import { handleRequest } from '../../lib/rpc/server';
import { EXT, backgroundFor, freshDb, paper, senders } from './helpers';

describe('setMeta', () => {
  test('corrects title, authors, venue and date; an empty value clears; the export follows', async () => {
    const lib = new LibraryService(freshDb());
    const p = paper({ arxiv: '2401.00001' }, { title: 'arXiv:2401.00001', authors: ['A. Lovelace'] });
    await lib.save({ paper: p, note: 'kept' });
    const stored = await lib.setMeta({
      id: p.id,
      meta: {
        title: 'Sparse Attention, Revisited',
        authors: ['Ada Lovelace', 'Alan Turing', ' '],
        itemType: 'inproceedings',
        container: 'Proceedings of ICML',
        pages: '1–12',
        published: '2024-07',
      },
    });
    expect(stored).toMatchObject({
      title: 'Sparse Attention, Revisited',
      titleKey: normalizeTitle('Sparse Attention, Revisited'),
      authors: ['Ada Lovelace', 'Alan Turing'],
      container: 'Proceedings of ICML',
      note: 'kept',
      version: 2,
    });
    expect(stored.mtimes!.container).toBeDefined();
    expect(toBibtex([stored])).toMatch(/@inproceedings\{[^]*booktitle = \{Proceedings of \{ICML\}\}/);
    const cleared = await lib.setMeta({ id: p.id, meta: { container: '', pages: '', title: '  ' } });
    expect(cleared.container).toBeUndefined();
    expect(cleared.pages).toBeUndefined();
    expect(cleared.title).toBe('Sparse Attention, Revisited');
    await expect(lib.setMeta({ id: 'arxiv:2401.09999', meta: { title: 'x' } })).rejects.toThrow(/No saved paper/);
  });

  test('the contract refuses a malformed date or type, and a content script may not call it', async () => {
    const lib = new LibraryService(freshDb());
    const p = paper({ arxiv: '2401.00002' });
    await lib.save({ paper: p });
    const { handlers } = backgroundFor(lib);
    const ask = (sender: object, meta: object) => handleRequest(handlers, { gloss: 1, method: 'setMeta', args: { id: p.id, meta } }, sender, EXT);
    expect(await ask(senders.popup, { published: 'May 2024' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await ask(senders.popup, { itemType: 'blog' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await ask(senders.contentScript(), { title: 'Renamed by a page' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await lib.get({ id: p.id }))!.title).toBe(p.title);
    expect(await ask(senders.popup, { volume: '12' })).toMatchObject({ ok: true, value: { volume: '12' } });
  });
});
