import { describe, expect, test } from 'vitest';
import { TabPapers } from '../../lib/background/tab-papers';
import { validPapers } from '../../lib/background/page-paper';
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
  test('a tab hears only about the papers it shows; an unknown tab is told to ask again', () => {
    const tabs = new TabPapers();
    tabs.shown(1, ['arxiv:1', 'arxiv:2']);
    tabs.shown(2, ['arxiv:3']);
    expect(tabs.noticeFor(1, ['arxiv:2', 'arxiv:9'])).toEqual(['arxiv:2']);
    expect(tabs.noticeFor(2, ['arxiv:2'])).toBeUndefined();
    expect(tabs.noticeFor(3, ['arxiv:2'])).toBeNull();
    expect(tabs.noticeFor(1, [])).toBeNull();
    tabs.forget(1);
    expect(tabs.noticeFor(1, ['arxiv:1'])).toBeNull();
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
    tabs.shown(1, Array.from({ length: MAX_IDS_PER_TAB + 1 }, (_, i) => `arxiv:${i}`));
    expect(tabs.noticeFor(1, ['arxiv:5'])).toBeNull();
  });
});
