/**
 * User settings. The background keeps them in its database (lib/settings/store.ts): not in
 * storage.local, which content scripts, and so a compromised page renderer, can read and write.
 * Extension pages read and change them through the background; the background tells every open
 * page when they change. Stored values are checked on read: a corrupt entry falls back to the
 * defaults field by field instead of breaking the extension.
 */
import { call } from '../rpc/client';
import { onNotice } from '../rpc/changes';

export interface Settings {
  /** Mark papers linked from any page (needs the optional all-sites permission). */
  linksEverywhere: boolean;
  /** Remember papers Gloss has shown you ("seen before"). */
  seenMemory: boolean;
  /** Site adapter names the user turned off. */
  disabledSites: string[];
  theme: 'auto' | 'light' | 'dark';
  /** How often Gloss snapshots the library locally. */
  backupEvery: 'off' | 'daily' | 'weekly';
  /** Also save each scheduled snapshot as a file in the Downloads folder (asks for permission). */
  backupDownload: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  linksEverywhere: false,
  seenMemory: true,
  disabledSites: [],
  theme: 'auto',
  backupEvery: 'weekly',
  backupDownload: false,
};

export function parseSettings(raw: unknown): Settings {
  const o = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  return {
    linksEverywhere: typeof o.linksEverywhere === 'boolean' ? o.linksEverywhere : DEFAULT_SETTINGS.linksEverywhere,
    seenMemory: typeof o.seenMemory === 'boolean' ? o.seenMemory : DEFAULT_SETTINGS.seenMemory,
    disabledSites: Array.isArray(o.disabledSites) ? o.disabledSites.filter((s): s is string => typeof s === 'string') : [],
    theme: o.theme === 'light' || o.theme === 'dark' ? o.theme : 'auto',
    backupEvery: o.backupEvery === 'off' || o.backupEvery === 'daily' ? o.backupEvery : 'weekly',
    backupDownload: typeof o.backupDownload === 'boolean' ? o.backupDownload : false,
  };
}

/** For extension pages. */
export const getSettings = (): Promise<Settings> => call('settings', {});
export const updateSettings = (change: Partial<Settings>): Promise<Settings> => call('updateSettings', { change });
export function onSettingsChange(callback: (s: Settings) => void): () => void {
  return onNotice('settings', () => void getSettings().then(callback, () => {}));
}
