/** The "save this page's paper" shortcut and the "Save to Gloss" link menu. */
import { browser } from 'wxt/browser';
import type { LibraryService } from '../library/service';
import { paperFromUrl } from '../sites/registry';
import { pagePaper, tabPapers } from '../rpc/page-papers';

export const SAVE_COMMAND = 'save-page';
export const MENU_ID = 'gloss-save-link';
/** Links the menu is offered on: papers Gloss can identify from the URL alone. */
export const LINK_PATTERNS = [
  'https://arxiv.org/abs/*',
  'https://arxiv.org/pdf/*',
  'https://doi.org/*',
  'https://dx.doi.org/*',
  'https://openreview.net/forum*',
  'https://openreview.net/pdf*',
  // Venue pages whose URL is the paper's id (lib/sites/paper-urls.ts); a link that turns out
  // not to be one gets the menu's "not a paper link" answer.
  'https://aclanthology.org/*',
  'https://proceedings.neurips.cc/*',
  'https://papers.nips.cc/*',
  'https://proceedings.mlr.press/*',
  'https://openaccess.thecvf.com/*',
  'https://pubmed.ncbi.nlm.nih.gov/*',
  'https://pmc.ncbi.nlm.nih.gov/articles/*',
  'https://www.ncbi.nlm.nih.gov/pmc/articles/*',
];

/** A short sign on the toolbar icon: ✓ saved, ! with the reason as its tooltip. */
async function signal(tabId: number | undefined, ok: boolean, message: string) {
  const action = browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;
  await action.setBadgeBackgroundColor({ color: ok ? '#0f7b3f' : '#b42318', tabId });
  await action.setBadgeText({ text: ok ? '✓' : '!', tabId });
  await action.setTitle({ title: `Gloss: ${message}`, tabId });
  setTimeout(() => {
    void action.setBadgeText({ text: '', tabId });
    void action.setTitle({ title: 'Gloss', tabId });
  }, 4000);
}

export async function savePageCommand(library: LibraryService) {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  if (!tab) return;
  const paper = await pagePaper(tab);
  if (typeof paper === 'string') return signal(tab.id, false, paper);
  try {
    await library.save({ paper });
    await signal(tab.id, true, `saved “${paper.title}”`);
  } catch (err) {
    await signal(tab.id, false, (err as Error).message);
  }
}

export function installLinkMenu() {
  browser.contextMenus.removeAll(() => {
    browser.contextMenus.create({ id: MENU_ID, title: 'Save to Gloss', contexts: ['link'], targetUrlPatterns: LINK_PATTERNS });
  });
}

export async function saveLink(library: LibraryService, info: { linkUrl?: string; linkText?: string; selectionText?: string }, tab?: { id?: number }) {
  if (!info.linkUrl) return;
  const bare = paperFromUrl(info.linkUrl, info.linkText ?? info.selectionText);
  if (!bare) return signal(tab?.id, false, 'that link is not to a paper Gloss can identify');
  // The page may know more about the paper (title, authors) than the link does.
  const known = (tab?.id === undefined ? null : await tabPapers(tab.id)) ?? [];
  const paper = known.find((p) => p.id === bare.id) ?? bare;
  try {
    await library.save({ paper });
    await signal(tab?.id, true, `saved “${paper.title}”`);
  } catch (err) {
    await signal(tab?.id, false, (err as Error).message);
  }
}
