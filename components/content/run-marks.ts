/** What both content scripts do: ask whether this site is on, then mark the page through the background. */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { browser } from 'wxt/browser';
import { callPage } from '../../lib/rpc/client';
import { onNotice } from '../../lib/rpc/changes';
import { PAGE_PAPERS } from '../../lib/rpc/protocol';
import { contentScriptMatches, listingOf, recognize } from '../../lib/sites/registry';

/** The panel is web-accessible on the supported sites only (wxt.config.ts), by origin. */
function panelAllowed(href: string): boolean {
  const origin = new URL(href).origin;
  return contentScriptMatches.some((m) => new URL(m.replace('*', '')).origin === origin);
}
import { startPageMarks, type MarkTimings } from './page-marks';

declare global {
  /** In the content script's own world only: the benchmark reads it there, the page cannot. */
  var glossTimings: MarkTimings | undefined;
}

export async function runMarks(ctx: ContentScriptContext, options: { links: boolean }) {
  const start = performance.now();
  const settings = await callPage('pageSettings', {}).catch(() => undefined);
  if (settings && !settings.enabled) return;
  const marks = startPageMarks(document, () => location.href, {
    recognize: (doc, href) => recognize(doc, href, options),
    listing: (doc, href) => listingOf(doc, href, options),
    theme: settings?.theme,
    panelUrl: panelAllowed(location.href) ? browser.runtime.getURL('/panel.html') : undefined,
    onLibraryChange: (callback) => {
      const stopChanged = onNotice('states', (n) => callback(n.states));
      const stopRelated = onNotice('related', () => callback([]));
      return () => (stopChanged(), stopRelated());
    },
    onPanelClose: (callback) => onNotice('panel-close', callback),
    api: {
      lookup: (papers, page) => callPage('pageLookup', { papers, page }),
      related: (papers) => callPage('pageRelated', { papers }),
      seen: (papers, page) => callPage('pageSeen', { papers, page }),
      openPanel: (paper, toggle, theme) => callPage('openPanel', { paper, toggle, theme }),
      closePanel: () => callPage('closePanel', {}),
    },
  });
  marks.timings.start = start;
  globalThis.glossTimings = marks.timings;
  // The popup asks which papers this page shows ("This page"); only Gloss's own pages can ask.
  const answer = (message: unknown, sender: { id?: string; tab?: unknown }, sendResponse: (r: unknown) => void) => {
    if ((message as { gloss?: unknown })?.gloss !== PAGE_PAPERS || sender.id !== browser.runtime.id) return;
    sendResponse({ papers: marks.papers(), url: location.href });
  };
  browser.runtime.onMessage.addListener(answer as never);
  const stopSettings = onNotice('settings', () => {
    void callPage('pageSettings', {}).then(
      (s) => (s.enabled ? marks.setTheme(s.theme) : marks.stop()),
      () => {},
    );
  });
  ctx.onInvalidated(() => {
    browser.runtime.onMessage.removeListener(answer as never);
    stopSettings();
    marks.stop();
  });
}
