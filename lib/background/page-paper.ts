/** The paper a tab shows, for the keyboard shortcut and the context menu. */
import { browser } from 'wxt/browser';
import { PAGE_PAPERS } from '../rpc/protocol';
import { paperFromUrl } from '../sites/registry';
import type { PaperMeta } from '../types';

/** What the tab's content script recognized; empty when there is none (PDF viewer, other sites). */
export async function tabPapers(tabId: number): Promise<PaperMeta[]> {
  try {
    const answer = (await browser.tabs.sendMessage(tabId, { gloss: PAGE_PAPERS })) as { papers?: PaperMeta[] } | undefined;
    return answer?.papers ?? [];
  } catch {
    return [];
  }
}

/** The one paper of a single-paper page (abs page, PDF, paper page), or why there is none. */
export async function pagePaper(tab: { id?: number; url?: string; title?: string }): Promise<PaperMeta | string> {
  const papers = tab.id === undefined ? [] : await tabPapers(tab.id);
  if (papers.length === 1) return papers[0];
  if (papers.length > 1) return `This page lists ${papers.length} papers: use Save on the one you want.`;
  const fromUrl = tab.url ? paperFromUrl(tab.url, tab.title) : undefined;
  return fromUrl ?? 'Gloss found no paper on this page.';
}
