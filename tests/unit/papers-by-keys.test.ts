import { expect, test } from 'vitest';
import { papersByKeys } from '../../lib/db/papers-by-keys';
import { LibraryService } from '../../lib/library/service';
import { freshDb, paper } from './helpers';

test('papers by any of their aliases or title keys: each once, unknown keys ignored, also inside a write', async () => {
  const db = freshDb();
  const lib = new LibraryService(db);
  await lib.save({ paper: paper({ arxiv: '2401.00001', doi: '10.1/x' }, { title: 'Attention Is All You Need' }) });
  await lib.save({ paper: paper({ arxiv: '2401.00002' }, { title: 'Another Paper' }) });

  expect(await papersByKeys(db, 'aliases', [])).toEqual([]);
  const both = await papersByKeys(db, 'aliases', ['arxiv:2401.00001', 'doi:10.1/x', 'arxiv:2401.00002', 'arxiv:9999.99999', 'arxiv:2401.00001']);
  expect(both.map((p) => p.id).sort()).toEqual(['arxiv:2401.00001', 'arxiv:2401.00002']);
  expect((await papersByKeys(db, 'titleKey', ['attention is all you need', 'nothing'])).map((p) => p.id)).toEqual(['arxiv:2401.00001']);

  const inside = await db.transaction('rw', db.papers, db.vectors, () => papersByKeys(db, 'aliases', ['doi:10.1/x']));
  expect(inside.map((p) => p.id)).toEqual(['arxiv:2401.00001']);
});
