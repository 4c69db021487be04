import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { GlossDB } from '../lib/db/schema';
import { LibraryService } from '../lib/library/service';
import { CHANGE_KEY, type ChangeNotice } from '../lib/rpc/protocol';
import { handleRequest } from '../lib/rpc/server';
import { onLibraryChange } from '../lib/rpc/changes';
import { syncLinksEverywhere, type OptInApi } from '../lib/settings/links-optin';
import { getSettings, onSettingsChange } from '../lib/settings/settings';
import { Backups } from '../lib/library/backups';
import { BACKUP_ALARM, runScheduledBackup, scheduleBackups } from '../lib/background/backup-schedule';
import { MENU_ID, SAVE_COMMAND, installLinkMenu, saveLink, savePageCommand } from '../lib/background/shortcuts';

export default defineBackground(() => {
  const db = new GlossDB();
  const notify = (ids: string[]) => {
    const notice: ChangeNotice = { at: Date.now(), ids, source: 'background' };
    void browser.storage.local.set({ [CHANGE_KEY]: notice });
  };
  // Settings are read once and kept current: every page lookup consults them.
  let settings = getSettings();
  onSettingsChange((s) => (settings = Promise.resolve(s)));
  const library = new LibraryService(db, {
    onChange: notify,
    seenMemory: () => settings.then((s) => s.seenMemory),
  });

  // sendResponse + `return true` rather than a returned promise: it works in every browser.
  browser.runtime.onMessage.addListener((message, sender, sendResponse) => {
    void handleRequest(library, message, sender, browser.runtime.id).then(sendResponse);
    return true;
  });

  browser.commands.onCommand.addListener((command) => {
    if (command === SAVE_COMMAND) void savePageCommand(library);
  });
  browser.runtime.onInstalled.addListener(installLinkMenu);
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === MENU_ID) void saveLink(library, info as Parameters<typeof saveLink>[1], tab);
  });

  const backups = new Backups(db, library);
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === BACKUP_ALARM) void settings.then((s) => runScheduledBackup(backups, s));
  });
  void settings.then(scheduleBackups);
  onSettingsChange(scheduleBackups);

  // An extension page wrote through its own service (an import): reload the indexes lazily.
  onLibraryChange((notice) => notice.source === 'page' && library.resetIndexes());

  // The user may have revoked the all-sites permission from the browser's own UI.
  void settings.then((s) => syncLinksEverywhere(browser as unknown as OptInApi, s.linksEverywhere));
});
