/**
 * Zotero at 10,000 items, in Node against the local stand-in of the Web API (tests/zotero-standin)
 * with the mirror on fake-indexeddb: the first pull of the whole library with its progress
 * reports, and the mirror lookup a listing's rows make ("in Zotero"), beside the library lookup
 * of the same rows in the same run. Browsers' IndexedDB is faster than fake-indexeddb for the
 * mirror's reads; the e2e test (tests/e2e/zotero.test.ts) covers the same path in Chromium.
 * Alone: `npx tsx bench/zotero.ts [items]`.
 */
import 'fake-indexeddb/auto';
import { GlossDB } from '../lib/db/schema';
import { LibraryService } from '../lib/library/service';
import { SyncLocal } from '../lib/library/sync-local';
import { createZoteroSync } from '../lib/zotero';
import { identityKeys } from '../lib/zotero/map';
import { ZoteroDB, ZoteroStore } from '../lib/zotero/store';
import { ZoteroStandin } from '../tests/zotero-standin/server';
import { median } from './lib/metrics';

const KEY = 'BenchKeyBenchKeyBenchKey';

export interface ZoteroFigures {
  items: number;
  pullMs: number;
  progressReports: number;
  /** A 31-row page: mirror lookup ("in Zotero"), and the library lookup beside it, medians. */
  mirrorLookupMs: number;
  libraryLookupMs: number;
}

export async function measureZotero(n = 10_000): Promise<ZoteroFigures> {
  const s = new ZoteroStandin();
  s.addKey(KEY, { userID: 7, username: 'bench', access: { user: { library: true, notes: true, write: true } } });
  await s.start();
  const items = Array.from({ length: n }, (_, i) => ({
    itemType: 'preprint',
    title: `Preprint ${i} on sparse attention, routing and long-context evaluation`,
    archiveID: `arXiv:2401.${String(i).padStart(5, '0')}`,
    url: `https://arxiv.org/abs/2401.${String(i).padStart(5, '0')}`,
    creators: [{ creatorType: 'author', firstName: 'Ada', lastName: `Author${i}` }],
  }));
  for (let i = 0; i < n; i += 2_500) s.seed('/users/7', items.slice(i, i + 2_500));
  const db = new GlossDB(`gloss-bench-zotero-${Date.now()}`);
  const lib = new LibraryService(db);
  const store = new ZoteroStore(new ZoteroDB(`gloss-bench-zotero-mirror-${Date.now()}`));
  const sync = createZoteroSync({ apiKey: KEY, library: { type: 'user', id: 7 }, local: new SyncLocal(db, lib.store), store, baseUrl: s.baseUrl });
  let reports = 0;
  const t0 = performance.now();
  await sync.syncOnce({ onProgress: () => void reports++ });
  const pullMs = performance.now() - t0;

  // A listing page of 31 rows, a third of them in Zotero.
  const papers = Array.from({ length: 31 }, (_, j) => {
    const i = j % 3 ? n + j : j * 97;
    const arxiv = `2401.${String(i).padStart(5, '0')}`;
    return {
      id: `arxiv:${arxiv}`,
      ids: { arxiv },
      title: `Preprint ${i} on sparse attention, routing and long-context evaluation`,
      authors: [],
      links: {},
      source: 'bench',
    };
  });
  const mirror: number[] = [];
  const library: number[] = [];
  for (let r = 0; r < 15; r++) {
    let t = performance.now();
    await store.lookupMany(papers.map((p) => ({ id: p.id, identity: identityKeys(p.ids, p.title, p.id) })));
    mirror.push(performance.now() - t);
    t = performance.now();
    await lib.lookup({ papers });
    library.push(performance.now() - t);
  }
  await s.stop();
  db.close();
  return { items: n, pullMs, progressReports: reports, mirrorLookupMs: median(mirror), libraryLookupMs: median(library) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  measureZotero(Number(process.argv[2] ?? 10_000)).then(
    (f) => console.log(JSON.stringify(f, null, 1)),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
