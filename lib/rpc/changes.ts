import { browser } from 'wxt/browser';
import { CHANGE_KEY, type ChangeNotice } from './protocol';

/** Calls back whenever the library changes, from any tab, popup or page. Returns an unsubscribe. */
export function onLibraryChange(callback: (notice: ChangeNotice) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    const notice = changes[CHANGE_KEY]?.newValue as ChangeNotice | undefined;
    if (area === 'local' && notice) callback(notice);
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
