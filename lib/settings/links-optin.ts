/**
 * "Mark papers linked from any page": off by default. Turning it on asks for the optional
 * all-sites permission at that moment, then registers the links content script for every
 * page except the supported sites (which have their own). Turning it off undoes both.
 */
import { contentScriptMatches } from '../sites/registry';

export const LINKS_SCRIPT_ID = 'gloss-links';
export const ALL_SITES = { origins: ['<all_urls>'] };

/** The slice of the extension API this needs; injected so it can be tested without a browser. */
export interface OptInApi {
  permissions: {
    request(p: { origins: string[] }): Promise<boolean>;
    contains(p: { origins: string[] }): Promise<boolean>;
    remove(p: { origins: string[] }): Promise<boolean>;
  };
  scripting: {
    getRegisteredContentScripts(filter?: { ids?: string[] }): Promise<Array<{ id: string }>>;
    registerContentScripts(scripts: Array<Record<string, unknown>>): Promise<void>;
    unregisterContentScripts(filter?: { ids?: string[] }): Promise<void>;
  };
}

const script = {
  id: LINKS_SCRIPT_ID,
  js: ['content-scripts/links.js'],
  matches: ['<all_urls>'],
  excludeMatches: contentScriptMatches,
  runAt: 'document_idle',
  persistAcrossSessions: true,
};

async function registered(api: OptInApi): Promise<boolean> {
  return (await api.scripting.getRegisteredContentScripts({ ids: [LINKS_SCRIPT_ID] })).length > 0;
}

/** Must run from a user gesture (a click in the options page). False if the user said no. */
export async function enableLinksEverywhere(api: OptInApi): Promise<boolean> {
  if (!(await api.permissions.request(ALL_SITES))) return false;
  if (!(await registered(api))) await api.scripting.registerContentScripts([script]);
  return true;
}

export async function disableLinksEverywhere(api: OptInApi): Promise<void> {
  if (await registered(api)) await api.scripting.unregisterContentScripts({ ids: [LINKS_SCRIPT_ID] });
  await api.permissions.remove(ALL_SITES);
}

/**
 * Brings the registration in line with the setting and the permission (the user can revoke the
 * permission from the browser's own UI). Runs when the background starts.
 */
export async function syncLinksEverywhere(api: OptInApi, wanted: boolean): Promise<boolean> {
  const allowed = wanted && (await api.permissions.contains(ALL_SITES));
  const isOn = await registered(api);
  if (allowed && !isOn) await api.scripting.registerContentScripts([script]);
  if (!allowed && isOn) await api.scripting.unregisterContentScripts({ ids: [LINKS_SCRIPT_ID] });
  return allowed;
}
