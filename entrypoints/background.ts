import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { GlossDB } from '../lib/db/schema';
import { LibraryService } from '../lib/library/service';
import type { Notice } from '../lib/rpc/protocol';
import { handleRequest } from '../lib/rpc/server';
import { syncLinksEverywhere, type OptInApi } from '../lib/settings/links-optin';
import { SettingsStore } from '../lib/settings/store';
import { Backups } from '../lib/library/backups';
import { BACKUP_ALARM, runScheduledBackup, scheduleBackups } from '../lib/background/backup-schedule';
import { MENU_ID, SAVE_COMMAND, installLinkMenu, saveLink, savePageCommand } from '../lib/background/shortcuts';
import { makeHandlers } from '../lib/background/handlers';
import { Panels, memorySessionArea, type SessionArea } from '../lib/background/panels';
import { TabPapers } from '../lib/background/tab-papers';
import { announceCommits } from '../lib/background/notices';
import { ZOTERO_ALARM, ZoteroService } from '../lib/background/zotero';

export default defineBackground(() => {
  const db = new GlossDB();
  const settings = new SettingsStore(db);
  const tabs = new TabPapers();

  const tell = (tabId: number, notice: Notice) => browser.tabs.sendMessage(tabId, notice, { frameId: 0 }).catch(() => tabs.forget(tabId));
  const library = new LibraryService(db, { seenMemory: () => settings.get().then((s) => s.seenMemory) });
  announceCommits(library.store, tabs, {
    toPages: (notice) => void browser.runtime.sendMessage(notice).catch(() => {}),
    toTab: (tabId, notice) => void tell(tabId, notice),
    openTabs: () => browser.tabs.query({}).then((all) => all.flatMap((t) => (t.id === undefined ? [] : [t.id]))),
  });
  const zotero = new ZoteroService(db, library, browser.alarms, () => void browser.runtime.sendMessage({ gloss: 'zotero' } satisfies Notice).catch(() => {}), {
    // Rows may have come into (or gone from) Zotero: open listings ask again.
    onMirror: () => void browser.tabs.query({}).then((all) => all.forEach((t) => t.id !== undefined && void tell(t.id, { gloss: 'states', states: null }))),
  });
  const sessionArea = (browser.storage.session as unknown as SessionArea | undefined) ?? memorySessionArea();
  const panels = new Panels(
    library,
    sessionArea,
    async (tabId) => void (await tell(tabId, { gloss: 'panel-close' })),
    (paper) => zotero.describe(paper),
  );
  browser.tabs.onRemoved.addListener((tabId) => {
    tabs.forget(tabId);
    void panels.close(tabId);
  });

  const backups = new Backups(db, library);
  const handlers = makeHandlers({ library, settings, panels, tabs, backups, zotero });
  settings.onChange(() => {
    void browser.runtime.sendMessage({ gloss: 'settings' } satisfies Notice).catch(() => {});
    void browser.tabs.query({}).then((all) => all.forEach((t) => t.id !== undefined && void tell(t.id, { gloss: 'settings' })));
  });
  // Removed papers are kept 30 days (lib/library/service.ts TRASH_DAYS), then go for good.
  void library.purgeTrash({}).catch((err) => console.warn('[gloss] could not empty the trash', err));
  // Settings and drafts used to live in storage.local, where content scripts can read them.
  void settings.migrateFrom(browser.storage.local as never).catch((err) => console.warn('[gloss] could not move old settings', err));

  // sendResponse + `return true` rather than a returned promise: it works in every browser.
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    void handleRequest(handlers, message, sender, browser.runtime.id).then(sendResponse);
    return true;
  });

  browser.commands.onCommand.addListener((command) => {
    if (command === SAVE_COMMAND) void savePageCommand(library);
  });
  browser.runtime.onInstalled.addListener(installLinkMenu);
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === MENU_ID) void saveLink(library, info as Parameters<typeof saveLink>[1], tab);
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === BACKUP_ALARM) void settings.get().then((s) => runScheduledBackup(backups, s));
    // Also how a sync that a stopped worker left half done resumes.
    if (alarm.name === ZOTERO_ALARM) void zotero.syncNow().catch(() => {});
  });
  void zotero.resume().catch((err) => console.warn('[gloss] could not resume the Zotero sync', err));
  void settings.get().then(scheduleBackups);
  settings.onChange(scheduleBackups);

  // The user may have revoked the all-sites permission from the browser's own UI.
  void settings.get().then((s) => syncLinksEverywhere(browser as unknown as OptInApi, s.linksEverywhere));
});
