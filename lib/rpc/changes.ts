import { onStorageKey } from '../storage-watch';
import { CHANGE_KEY, type ChangeNotice } from './protocol';

/** Calls back whenever the library changes, from any tab, popup or page. Returns an unsubscribe. */
export function onLibraryChange(callback: (notice: ChangeNotice) => void): () => void {
  return onStorageKey(CHANGE_KEY, (notice) => notice && callback(notice as ChangeNotice));
}
