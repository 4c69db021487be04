/** The Zotero service reads its connection once, connected or not (every page lookup asks it). */
import { expect, test, vi } from 'vitest';
import { ZoteroService } from '../../lib/background/zotero';
import { ZoteroDB, ZoteroStore } from '../../lib/zotero/store';
import { LibraryService } from '../../lib/library/service';
import { freshDb, paper } from './helpers';

test('not connected: the stored connection is read once, not on every lookup', async () => {
  const db = freshDb();
  const zotero = new ZoteroService(db, new LibraryService(db), { create: () => {}, clear: () => {} } as never, () => {}, {
    store: new ZoteroStore(new ZoteroDB(`gloss-zotero-${db.name}`)),
  });
  const reads = vi.spyOn(db.kv, 'get');
  for (let i = 0; i < 3; i++) expect(await zotero.inZotero([paper({ arxiv: '2401.00001' })])).toEqual(new Map());
  expect(reads).toHaveBeenCalledTimes(1);
});
