import { afterAll, beforeAll, expect, test } from 'vitest';
import { identityKeys } from '../../lib/zotero/map';
import type { SyncProgress } from '../../lib/zotero/sync';
import type { ZoteroStandin } from '../zotero-standin/server';
import { PREFIX, machine, startStandin } from './zotero-helpers';

const N = 10_000;
let s: ZoteroStandin;

beforeAll(async () => {
  s = await startStandin();
  s.seed(PREFIX, [], [{ key: 'COLL2345', name: 'Reading group' }]);
  const items = Array.from({ length: N }, (_, i) =>
    i % 2
      ? {
          itemType: 'journalArticle',
          title: `Journal Study Number ${i} On Something Long Enough`,
          DOI: `10.5555/study.${i}`,
          creators: [{ creatorType: 'author', firstName: 'A', lastName: `Author${i}` }],
          collections: i % 10 === 1 ? ['COLL2345'] : [],
        }
      : {
          itemType: 'preprint',
          title: `Preprint Number ${i} About Transformers And More`,
          archiveID: `arXiv:2401.${String(i).padStart(5, '0')}`,
          url: `https://arxiv.org/abs/2401.${String(i).padStart(5, '0')}v2`,
        },
  );
  // Written in several versions, as a library grows.
  for (let i = 0; i < N; i += 2_500) s.seed(PREFIX, items.slice(i, i + 2_500));
});

afterAll(async () => {
  await s.stop();
});

test(`first pull of a ${N}-item library, with progress; then rows find their items`, async () => {
  const m = machine(s);
  const progress: SyncProgress[] = [];
  const t0 = performance.now();
  await m.sync.syncOnce({ onProgress: (p) => progress.push(p) });
  const ms = performance.now() - t0;
  console.log(`zotero first pull: ${N} items in ${Math.round(ms)} ms (${progress.length} progress reports)`);

  const pulls = progress.filter((p) => p.phase === 'pull');
  // Items are read 50 keys at a time (Zotero's limit for itemKey); one report per batch.
  expect(pulls.map((p) => p.done)).toEqual(Array.from({ length: N / 50 + 1 }, (_, i) => i * 50));
  expect(pulls.every((p) => p.total === N)).toBe(true);
  expect(await m.store.count()).toBe(N);
  // None of these are Gloss items: nothing is saved locally, nothing is written to Zotero.
  expect(m.local.saved()).toHaveLength(0);
  expect(s.log.filter((l) => l.method !== 'GET')).toHaveLength(0);

  // A listing of 200 rows asks once; by arXiv id (any version), DOI or title.
  const rows = Array.from({ length: 200 }, (_, j) => {
    const i = j * 37;
    const id = i % 2 ? `doi:10.5555/study.${i}` : `arxiv:2401.${String(i).padStart(5, '0')}`;
    return { id, identity: i % 4 === 0 ? identityKeys({}, `Preprint Number ${i} About Transformers And More`) : [id] };
  });
  rows.push({ id: 'arxiv:9999.99999', identity: ['arxiv:9999.99999'] });
  const t1 = performance.now();
  const hits = await m.sync.mirror.lookupMany(rows);
  console.log(`zotero mirror lookup: ${rows.length} rows in ${Math.round(performance.now() - t1)} ms`);
  expect(hits.size).toBe(200);
  expect(hits.has('arxiv:9999.99999')).toBe(false);
  expect(hits.get('doi:10.5555/study.37')).toMatchObject({ title: 'Journal Study Number 37 On Something Long Enough' });
  const inColl = [...hits.values()].find((h) => h.collections.length);
  expect(inColl?.collections[0]).toEqual({ key: 'COLL2345', name: 'Reading group' });

  // The next sync asks only for what changed since.
  s.editItem(PREFIX, [...s.items(PREFIX)][5].key, { title: 'Changed Title In Zotero For This One' });
  const mark = s.log.length;
  await m.sync.syncOnce();
  const itemGets = s.log.slice(mark).filter((l) => l.path === `${PREFIX}/items`);
  expect(itemGets.map((l) => l.query.format ?? `itemKey=${l.query.itemKey}`)).toEqual(['versions', `itemKey=${[...s.items(PREFIX)][5].key}`]);
  expect(await m.sync.mirror.lookup(identityKeys({}, 'Changed Title In Zotero For This One'))).toBeDefined();
});
