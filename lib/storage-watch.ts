import { browser } from 'wxt/browser';

/** Calls back with a `storage.local` key's new value whenever any context writes it. Returns an unsubscribe. */
export function onStorageKey(key: string, callback: (value: unknown) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && key in changes) callback(changes[key].newValue);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
