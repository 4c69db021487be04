import { browser } from 'wxt/browser';
import { callerOf, type Sender } from './callers';
import type { Notice } from './protocol';

/**
 * Calls back on each notice of this kind from the background. Anything else that reaches this
 * context's runtime.onMessage (a content script's message, a page's) is not a notice.
 */
export function onNotice<K extends Notice['gloss']>(kind: K, callback: (notice: Extract<Notice, { gloss: K }>) => void): () => void {
  const listener = (message: unknown, sender: Sender) => {
    if ((message as Notice | undefined)?.gloss !== kind) return;
    if (callerOf(sender, browser.runtime.id)?.kind !== 'extension') return;
    callback(message as Extract<Notice, { gloss: K }>);
  };
  browser.runtime.onMessage.addListener(listener as never);
  return () => browser.runtime.onMessage.removeListener(listener as never);
}

/** Calls back whenever the library changes, from any tab, popup or page. Returns an unsubscribe. */
export function onLibraryChange(callback: (ids: string[] | null) => void): () => void {
  return onNotice('changed', (n) => callback(n.ids));
}
