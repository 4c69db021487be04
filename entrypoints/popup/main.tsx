import { markRendered, timedSearch } from '../../components/popup/timings';
import { render } from 'preact';
import { applyTheme } from '../../lib/pages/apply-theme';
import { browser } from 'wxt/browser';
import { PopupApp } from '../../components/popup/PopupApp';
import { call } from '../../lib/rpc/client';
import { onLibraryChange, onNotice } from '../../lib/rpc/changes';
import { tabPapers } from '../../lib/rpc/page-papers';
import { recognize } from '../../lib/sites/registry';
import { readTabPapers, type Scripting } from '../../lib/popup/read-tab';
import type { PaperMeta } from '../../lib/core/types';
import './popup.css';

/** The tab the popup is about: the active one (or `?tab=<id>`, how tests open the popup for a page). */
async function targetTab() {
  const fromUrl = Number(new URLSearchParams(location.search).get('tab'));
  if (fromUrl) return browser.tabs.get(fromUrl);
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab;
}

async function pagePapers(): Promise<PaperMeta[] | null> {
  const tab = await targetTab().catch(() => undefined);
  if (tab?.id === undefined) return null;
  const answered = await tabPapers(tab.id);
  if (answered) return answered;
  if (!tab.url) return null;
  // No content script there (a site outside the supported list): read the page once, now that
  // the user opened the popup on it (activeTab), with the same readers.
  const read = await readTabPapers(browser.scripting as unknown as Scripting, tab.id, tab.url);
  if (read?.length) return read;
  // A PDF viewer or a page Gloss may not read: go by the URL alone.
  return recognize(document.implementation.createHTMLDocument(tab.title ?? ''), tab.url).map((e) => e.paper);
}

applyTheme(document);
// Wakes a stopped worker and has it get the search ready while the popup draws: by the first key
// the snapshot is read and the index loading. Only a message: it does not hold up the first paint.
void call('prepareSearch', {}).catch(() => {});

render(
  <PopupApp
    api={{
      pagePapers,
      lookup: (papers) => call('lookup', { papers }),
      save: (paper) => call('save', { paper }),
      setNoteOn: (paper, note, base) => call('setNote', { id: paper.id, note, paper, base }),
      setTagsOn: (paper, tags) => call('setTags', { id: paper.id, tags, paper }),
      search: (query, sort) => timedSearch(query, () => call('search', { query, sort, limit: 100 })),
      get: (id) => call('get', { id }),
      related: (paper) => call('relatedTo', { papers: [paper], k: 5 }).then((r) => r[0] ?? []),
      setNote: (id, note, base) => call('setNote', { id, note, base }),
      setTags: (id, tags) => call('setTags', { id, tags }),
      setCiteKey: (id, key) => call('setCiteKey', { id, key }),
      setMeta: (id, meta) => call('setMeta', { id, meta }),
      setStatus: (id, status) => call('setStatus', { id, status }),
      unsave: (id) => call('unsave', { id }),
      restore: (ids) => call('restore', { ids }),
      tags: () => call('tags', {}).then((t) => t.map((x) => x.tag)),
      openLibrary: () => void browser.tabs.create({ url: browser.runtime.getURL('/library.html') }),
      openOptions: () => void browser.runtime.openOptionsPage(),
      zotero: () => call('zoteroState', {}),
      onZoteroChange: (callback) => onNotice('zotero', callback),
    }}
    onLibraryChange={onLibraryChange}
  />,
  document.getElementById('app')!,
);
markRendered();
