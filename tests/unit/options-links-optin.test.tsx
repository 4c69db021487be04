/**
 * The "mark papers linked from any page" box while the browser asks for the all-sites permission
 * (issue 17): it shows what is in force until the user answers, and stays unticked on a "no".
 */
import { parseHTML } from 'linkedom';
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, expect, test, vi } from 'vitest';
import type { OptInApi } from '../../lib/settings/links-optin';
import { DEFAULT_SETTINGS, type Settings } from '../../lib/settings/settings';

let stored: Settings;
vi.mock('../../lib/settings/settings', async (original) => ({
  ...(await original<typeof import('../../lib/settings/settings')>()),
  getSettings: async () => stored,
  updateSettings: async (change: Partial<Settings>) => (stored = { ...stored, ...change }),
  onSettingsChange: () => () => {},
}));
const { OptionsApp } = await import('../../components/options/OptionsApp');

let root: HTMLElement;
let answer: (granted: boolean) => void;
const optIn: OptInApi = {
  permissions: {
    request: () => new Promise<boolean>((r) => (answer = r)),
    contains: async () => false,
    remove: async () => true,
  },
  scripting: { getRegisteredContentScripts: async () => [], registerContentScripts: async () => {}, unregisterContentScripts: async () => {} },
};

beforeEach(async () => {
  stored = { ...DEFAULT_SETTINGS, linksEverywhere: false };
  const { document, window } = parseHTML('<!doctype html><html><body><div id="root"></div></body></html>');
  vi.stubGlobal('document', document);
  vi.stubGlobal('window', window);
  root = document.getElementById('root') as unknown as HTMLElement;
  await act(async () => void render(h(OptionsApp, { optIn, children: () => null }), root));
  await act(() => new Promise<void>((r) => setTimeout(r, 10)));
});
afterEach(() => {
  render(null, root);
  vi.unstubAllGlobals();
});

const box = () => [...root.querySelectorAll('label')].find((l) => l.textContent?.includes('Mark papers linked'))!.querySelector('input')!;
/** A click as the browser does it: the box flips, then `change` fires. */
const click = async () => {
  const input = box();
  input.checked = !input.checked;
  await act(() => void input.dispatchEvent(new (window as unknown as typeof globalThis).Event('change')));
};

test('while the browser asks, the box stays unticked and says it is waiting; a yes ticks it', async () => {
  await click();
  expect(box().checked).toBe(false);
  expect(box().disabled).toBe(true);
  expect(root.textContent).toContain('Waiting for your answer');
  await act(async () => answer(true));
  await act(() => new Promise<void>((r) => setTimeout(r, 10)));
  expect(box().checked).toBe(true);
  expect(box().disabled).toBe(false);
  expect(stored.linksEverywhere).toBe(true);
  expect(root.textContent).not.toContain('Waiting for your answer');
});

test('a no leaves it unticked, with what it means', async () => {
  await click();
  await act(async () => answer(false));
  await act(() => new Promise<void>((r) => setTimeout(r, 10)));
  expect(box().checked).toBe(false);
  expect(stored.linksEverywhere).toBe(false);
  expect(root.textContent).toContain('links on other pages stay unmarked');
});
