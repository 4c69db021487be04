import { describe, expect, test } from 'vitest';
import { TabPapers } from '../../lib/background/tab-papers';
import { noticesFor } from '../../lib/background/notices';
import type { Commit, PaperChange } from '../../lib/library/store';
import type { PaperRecord } from '../../lib/core/types';
import { validPapers } from '../../lib/rpc/page-papers';
import { SettingsStore } from '../../lib/settings/store';
import { freshDb, paper } from './helpers';

describe('settings in the database', () => {
  test('older settings and drafts move out of storage.local, and every Gloss key there is removed', async () => {
    const db = freshDb();
    const local: Record<string, unknown> = {
      'gloss:settings': { theme: 'dark', seenMemory: false, disabledSites: ['arxiv'] },
      'gloss:draft:arxiv:2401.00001': { text: 'half a note', base: '', at: 5 },
      'gloss:changed': { at: 1, ids: [] },
      'other-extension-key': 1,
    };
    const storage = {
      get: async () => ({ ...local }),
      remove: async (keys: string[]) => keys.forEach((k) => delete local[k]),
    };
    const store = new SettingsStore(db);
    await store.migrateFrom(storage);
    expect(await store.get()).toMatchObject({ theme: 'dark', seenMemory: false, disabledSites: ['arxiv'] });
    expect(await new SettingsStore(db).get()).toMatchObject({ theme: 'dark' });
    expect(await db.drafts.get('arxiv:2401.00001')).toMatchObject({ text: 'half a note', base: '' });
    expect(Object.keys(local)).toEqual(['other-extension-key']);
  });

  test('a corrupt stored value falls back to the defaults field by field', async () => {
    const db = freshDb();
    await db.kv.put({ key: 'settings', value: { theme: 'purple', seenMemory: 'yes', backupEvery: 'daily' } });
    expect(await new SettingsStore(db).get()).toMatchObject({ theme: 'auto', seenMemory: true, backupEvery: 'daily' });
  });

  test('listeners hear each update', async () => {
    const store = new SettingsStore(freshDb());
    const heard: string[] = [];
    store.onChange((s) => heard.push(s.theme));
    await store.update({ theme: 'light' });
    expect(heard).toEqual(['light']);
  });
});

describe('change notices per tab', () => {
  const change = (id: string, record: Partial<PaperRecord> | null, aliases: string[] = [id]): PaperChange => ({
    id,
    version: 2,
    fields: ['note'],
    record: record && ({ id, note: '', tags: [], ...record } as PaperRecord),
    aliases,
  });
  const commit = (...changes: PaperChange[]): Commit => ({ changes, origin: 'local' });

  test('a tab hears the new states of its own rows only; an unknown tab is told to ask again', () => {
    const tabs = new TabPapers();
    tabs.shown(1, [{ row: 'arxiv:1' }, { row: 'arxiv:2' }]);
    tabs.shown(2, [{ row: 'arxiv:3' }]);
    expect(tabs.noticeFor(1, commit(change('arxiv:2', { note: 'secret', tags: ['t'] }), change('arxiv:9', {})))).toEqual([
      { id: 'arxiv:2', saved: true, note: true, tags: true },
    ]);
    expect(tabs.noticeFor(2, commit(change('arxiv:2', {})))).toBeUndefined();
    expect(tabs.noticeFor(3, commit(change('arxiv:2', {})))).toBeNull();
    expect(tabs.noticeFor(1, { changes: [], reset: true })).toBeNull();
    tabs.forget(1);
    expect(tabs.noticeFor(1, commit(change('arxiv:1', {})))).toBeNull();
  });

  test('a row is told under its own id, whichever id or alias the record has', () => {
    const tabs = new TabPapers();
    // A published version found by its preprint's title, and a DOI row of an arXiv record.
    tabs.shown(1, [
      { row: 'doi:10.1/pub', record: 'arxiv:2401.00001' },
      { row: 'doi:10.48550/arxiv.2401.00002', record: 'arxiv:2401.00002' },
    ]);
    const notice = tabs.noticeFor(
      1,
      commit(change('arxiv:2401.00001', null), change('arxiv:2401.00002', { note: 'n' }, ['arxiv:2401.00002', 'doi:10.48550/arxiv.2401.00002'])),
    );
    expect(notice).toEqual([
      { id: 'doi:10.1/pub', saved: false, note: false, tags: false },
      { id: 'doi:10.48550/arxiv.2401.00002', saved: true, note: true, tags: false },
    ]);
  });

  test('notices: pages hear the changed ids, tabs their rows or only that something changed', () => {
    const tabs = new TabPapers();
    tabs.shown(1, [{ row: 'arxiv:1' }]);
    tabs.shown(2, [{ row: 'arxiv:2' }]);
    const { pages, tabs: perTab } = noticesFor(commit(change('arxiv:1', {})), tabs, [1, 2]);
    expect(pages).toEqual({ gloss: 'changed', ids: ['arxiv:1'] });
    expect(perTab).toEqual([
      [1, { gloss: 'states', states: [{ id: 'arxiv:1', saved: true, note: false, tags: false }] }],
      [2, { gloss: 'related' }],
    ]);
    expect(noticesFor({ changes: [], reset: true, origin: 'local' }, tabs, [1]).pages).toEqual({ gloss: 'changed', ids: null });
  });
});

describe("a tab's answer about its papers", () => {
  test('passes the same checks as any message: malformed papers are dropped', () => {
    const good = paper({ arxiv: '2401.00001' });
    const answer = { papers: [good, { ...good, id: 'arxiv:9999.99999' }, { ...good, links: { abs: 'javascript:alert(1)' } }, 'x', null] };
    expect(validPapers(answer)).toEqual([good]);
    expect(validPapers({ papers: 'nope' })).toEqual([]);
    expect(validPapers(undefined)).toEqual([]);
  });
});

describe('change notices per tab, bounded', () => {
  test('a page showing more papers than the bound costs no more memory: its tab is told to ask again', async () => {
    const { MAX_IDS_PER_TAB } = await import('../../lib/background/tab-papers');
    const tabs = new TabPapers();
    tabs.shown(
      1,
      Array.from({ length: MAX_IDS_PER_TAB + 1 }, (_, i) => ({ row: `arxiv:${i}` })),
    );
    expect(tabs.noticeFor(1, { changes: [{ id: 'arxiv:5', version: 1, fields: [], record: null, aliases: ['arxiv:5'] }] })).toBeNull();
  });
});
