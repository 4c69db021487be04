/** What both content scripts do: ask whether this site is on (asking about the page's first papers meanwhile), then mark the page through the background. */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { browser } from 'wxt/browser';
import { callPage } from '../../lib/rpc/client';
import { onNotice } from '../../lib/rpc/changes';
import { PAGE_PAPERS } from '../../lib/rpc/protocol';
import { contentScriptMatches, listingOf, recognize } from '../../lib/sites/registry';
import { pageKeyOf, startPageMarks, type MarkApi, type MarkTimings } from './page-marks';
import { askedEarly, firstBatch } from './early-ask';

/** The panel is web-accessible on the supported sites only (wxt.config.ts), by origin. */
function panelAllowed(href: string): boolean {
  const origin = new URL(href).origin;
  return contentScriptMatches.some((m) => new URL(m.replace('*', '')).origin === origin);
}

declare global {
  /** In the content script's own world only: the benchmark reads it there, the page cannot. */
  var glossTimings: MarkTimings | undefined;
}

export async function runMarks(ctx: ContentScriptContext, options: { links: boolean }) {
  const start = performance.now();
  const settingsAnswer = callPage('pageSettings', {}).catch(() => undefined);
  const api: MarkApi = {
    lookup: (papers, page) => callPage('pageLookup', { papers, page }),
    related: (papers) => callPage('pageRelated', { papers }),
    seen: (papers, page) => callPage('pageSeen', { papers, page }),
    openPanel: (paper, toggle, theme) => callPage('openPanel', { paper, toggle, theme }),
    closePanel: () => callPage('closePanel', {}),
  };
  // Asked while the settings' answer is on its way (early-ask.ts); listings are read row by row.
  const first = listingOf(document, location.href, options) ? undefined : firstBatch(recognize(document, location.href, options));
  const answers = first ? askedEarly(first, pageKeyOf(location.href), api) : api;
  const settings = await settingsAnswer;
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
    api: answers,
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
