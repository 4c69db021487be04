/** Scheduled local backups: an hourly check takes a snapshot when one is due. */
import { browser } from 'wxt/browser';
import type { Backups } from '../library/backups';
import type { Settings } from '../settings/settings';

export const BACKUP_ALARM = 'gloss-backup';
const DAY = 24 * 60 * 60 * 1000;
export const BACKUP_PERIOD_MS = { daily: DAY, weekly: 7 * DAY } as const;

export async function scheduleBackups(settings: Settings) {
  if (settings.backupEvery === 'off') {
    await browser.alarms.clear(BACKUP_ALARM);
    return;
  }
  // Checking hourly (not once a period) survives the browser being closed at the due time.
  // The alarm outlives the worker: create it once, not at every restart.
  if (!(await browser.alarms.get(BACKUP_ALARM))) await browser.alarms.create(BACKUP_ALARM, { periodInMinutes: 60, delayInMinutes: 1 });
}

export async function runScheduledBackup(backups: Backups, settings: Settings) {
  if (settings.backupEvery === 'off') return;
  if (!(await backups.due(BACKUP_PERIOD_MS[settings.backupEvery]))) return;
  const info = await backups.snapshot('scheduled');
  if (!settings.backupDownload || !(await browser.permissions.contains({ permissions: ['downloads'] }))) return;
  const text = await backups.text(info.id);
  if (!text) return;
  // A service worker has no object URLs; a data URL carries the file.
  const url = `data:application/json;base64,${btoa(unescape(encodeURIComponent(text)))}`;
  await browser.downloads.download({
    url,
    filename: `Gloss backups/gloss-backup-${new Date(info.at).toISOString().slice(0, 10)}.json`,
    conflictAction: 'uniquify',
    saveAs: false,
  });
}
