/** What both content scripts do: read settings, then mark the page through the background. */
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { browser } from 'wxt/browser';
import { call } from '../rpc/client';
import { PAGE_PAPERS } from '../rpc/protocol';
import { onLibraryChange } from '../rpc/changes';
import { getSettings, onSettingsChange } from '../settings/settings';
import { recognize, siteOf } from '../sites/registry';
import { startPageMarks } from './page-marks';

export async function runMarks(ctx: ContentScriptContext, options: { links: boolean }) {
  // Timing marks on the page's performance timeline (bench/annotate.ts reads them).
  performance.mark('gloss:start');
  const settings = await getSettings().catch(() => undefined);
  const site = siteOf(location.href);
  if (settings?.disabledSites.includes(site)) return;
  const marks = startPageMarks(document, () => location.href, {
    recognize: (doc, href) => recognize(doc, href, options),
    theme: settings?.theme,
    onLibraryChange,
    api: {
      lookup: (papers, page) => call('lookup', { papers, page }),
      related: (papers) => call('relatedTo', { papers }),
      save: (paper, tags) => call('save', { paper, tags }),
      unsave: (id) => call('unsave', { id }),
      setNote: (paper, note) => call('setNote', { id: paper.id, note, paper }),
      setTags: (paper, tags) => call('setTags', { id: paper.id, tags, paper }),
      tags: () => call('tags', {}).then((list) => list.map((t) => t.tag)),
    },
  });
  // The popup asks which papers this page shows ("This page").
  const answer = (message: unknown, _sender: unknown, sendResponse: (r: unknown) => void) => {
    if ((message as { gloss?: unknown })?.gloss !== PAGE_PAPERS) return;
    sendResponse({ papers: marks.papers(), url: location.href });
  };
  browser.runtime.onMessage.addListener(answer);
  const stopSettings = onSettingsChange((s) => marks.setTheme(s.theme));
  ctx.onInvalidated(() => {
    browser.runtime.onMessage.removeListener(answer);
    stopSettings();
    marks.stop();
  });
}
