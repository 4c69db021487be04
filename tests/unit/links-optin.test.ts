import { describe, expect, test } from 'vitest';
import { LINKS_SCRIPT_ID, disableLinksEverywhere, enableLinksEverywhere, syncLinksEverywhere, type OptInApi } from '../../lib/settings/links-optin';

function fakeApi(answer: boolean) {
  const scripts = new Map<string, Record<string, unknown>>();
  let granted = false;
  const requests: string[][] = [];
  const api: OptInApi = {
    permissions: {
      request: async (p) => (requests.push(p.origins), (granted = granted || answer)),
      contains: async () => granted,
      remove: async () => ((granted = false), true),
    },
    scripting: {
      getRegisteredContentScripts: async (f) => [...scripts.keys()].filter((id) => !f?.ids || f.ids.includes(id)).map((id) => ({ id })),
      registerContentScripts: async (list) => void list.forEach((s) => scripts.set(s.id as string, s)),
      unregisterContentScripts: async (f) => void f?.ids?.forEach((id) => scripts.delete(id)),
    },
  };
  return { api, scripts, requests, revoke: () => (granted = false) };
}

describe('marking links on any page (opt-in)', () => {
  test('asks for all sites when turned on, then registers the links script outside supported sites', async () => {
    const f = fakeApi(true);
    expect(await enableLinksEverywhere(f.api)).toBe(true);
    expect(f.requests).toEqual([['<all_urls>']]);
    const s = f.scripts.get(LINKS_SCRIPT_ID)!;
    expect(s.js).toEqual(['content-scripts/links.js']);
    expect(s.excludeMatches).toContain('https://huggingface.co/papers*');
    expect(s.excludeMatches).toContain('https://arxiv.org/*');
  });

  test('a refused permission registers nothing', async () => {
    const f = fakeApi(false);
    expect(await enableLinksEverywhere(f.api)).toBe(false);
    expect(f.scripts.size).toBe(0);
  });

  test('turning it off unregisters and gives the permission back', async () => {
    const f = fakeApi(true);
    await enableLinksEverywhere(f.api);
    await disableLinksEverywhere(f.api);
    expect(f.scripts.size).toBe(0);
    expect(await f.api.permissions.contains({ origins: ['<all_urls>'] })).toBe(false);
  });

  test('on start, a permission revoked in the browser unregisters the script', async () => {
    const f = fakeApi(true);
    await enableLinksEverywhere(f.api);
    f.revoke();
    expect(await syncLinksEverywhere(f.api, true)).toBe(false);
    expect(f.scripts.size).toBe(0);
  });
});
