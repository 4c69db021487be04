/**
 * Who is calling the background. The browser fills in `sender`; a page cannot forge it, but a
 * page's renderer runs our content script, so a content script is trusted no more than the page
 * (a compromised renderer can send anything a content script can).
 */
export type Caller =
  /** The popup, the library and options pages: extension origin, not embedded in a web page. */
  | { kind: 'extension' }
  /** A content script, on behalf of the web page in tab `tabId`. */
  | { kind: 'page'; tabId: number; frameId: number; url: string }
  /** Our panel frame, embedded in the web page of tab `tabId`. */
  | { kind: 'panel'; tabId: number; frameId: number };

export interface Sender {
  id?: string;
  url?: string;
  frameId?: number;
  tab?: { id?: number };
}

/** The one extension page a web page may embed (web_accessible_resources). */
export const PANEL_PATH = '/panel.html';

const EXTENSION_SCHEMES = new Set(['chrome-extension:', 'moz-extension:', 'safari-web-extension:']);

export function callerOf(sender: Sender, extensionId: string): Caller | undefined {
  if (sender.id !== extensionId || !sender.url) return undefined;
  let url: URL;
  try {
    url = new URL(sender.url);
  } catch {
    return undefined;
  }
  const tabId = sender.tab?.id;
  const frameId = sender.frameId ?? 0;
  // Our own pages: with `use_dynamic_url` the host is a per-session id, not the extension id,
  // so the scheme (and sender.id above) is what says the page is ours.
  if (EXTENSION_SCHEMES.has(url.protocol)) {
    if (url.pathname !== PANEL_PATH) return { kind: 'extension' };
    // A panel is only ever embedded in a tab; anywhere else it is not ours to answer.
    return tabId === undefined ? undefined : { kind: 'panel', tabId, frameId };
  }
  if (tabId === undefined) return undefined;
  return { kind: 'page', tabId, frameId, url: sender.url };
}
