/** The paper a tab shows, for the keyboard shortcut and the context menu. */
import { browser } from 'wxt/browser';
import { MAX_PAGE_ENTRIES, PAGE_PAPERS, paperMeta } from './protocol';
import { paperFromUrl } from '../sites/registry';
import type { PaperMeta } from '../core/types';

/** The papers of an answer from a tab that pass the same checks as any message: a page shapes them. */
export function validPapers(answer: unknown): PaperMeta[] {
  const list = (answer as { papers?: unknown } | undefined)?.papers;
  if (!Array.isArray(list)) return [];
  return list.slice(0, MAX_PAGE_ENTRIES).flatMap((p, i) => {
    try {
      return [paperMeta(p, `papers[${i}]`)];
    } catch {
      return [];
    }
  });
}

/**
 * What the tab's content script recognized, checked; null when no content script answers (a PDF
 * viewer, a site Gloss does not run on).
 */
export async function tabPapers(tabId: number): Promise<PaperMeta[] | null> {
  try {
    return validPapers(await browser.tabs.sendMessage(tabId, { gloss: PAGE_PAPERS }));
  } catch {
    return null;
  }
}

/** The one paper of a single-paper page (abs page, PDF, paper page), or why there is none. */
export async function pagePaper(tab: { id?: number; url?: string; title?: string }): Promise<PaperMeta | string> {
  const papers = (tab.id === undefined ? null : await tabPapers(tab.id)) ?? [];
  if (papers.length === 1) return papers[0];
  if (papers.length > 1) return `This page lists ${papers.length} papers: use Save on the one you want.`;
  const fromUrl = tab.url ? paperFromUrl(tab.url, tab.title) : undefined;
  return fromUrl ?? 'Gloss found no paper on this page.';
}
