/** A backup carries papers, not one database's bookkeeping (versions, modification times). */
import { expect, test } from 'vitest';
import { toBackup } from '../../lib/export/backup';
import { parseBackupText } from '../../lib/import/backup';
import { LibraryService } from '../../lib/library/service';
import { freshDb, paper } from './helpers';

test('records read straight from the store (with version and mtimes) back up and restore', async () => {
  const lib = new LibraryService(freshDb());
  await lib.save({ paper: paper({ arxiv: '2401.00001' }), note: 'n' });
  const stored = (await lib.list({})).papers;
  expect(stored[0].mtimes).toBeDefined();
  const text = toBackup(stored);
  expect(text).not.toContain('mtimes');
  expect(parseBackupText(text)).toMatchObject([{ paper: { id: 'arxiv:2401.00001' }, note: 'n' }]);
  // An older export that did carry them still reads.
  const old = JSON.stringify({ format: 'gloss-backup', version: 1, papers: stored });
  expect(parseBackupText(old)).toHaveLength(1);
});
