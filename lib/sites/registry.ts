import type { RecognizedEntry } from '../types';
import type { SiteAdapter } from './adapter';
import { huggingface } from './huggingface';

/** Every site adapter, most specific first. */
export const adapters: SiteAdapter[] = [huggingface];

/** Match patterns for the content script: exactly the sites some adapter handles. */
export const contentScriptMatches = adapters.flatMap((a) => a.matches);

/**
 * Recognizes the papers on a page. Never throws: an adapter that fails on strange markup
 * yields nothing rather than breaking the page's marks.
 */
export function recognize(doc: Document, href: string): RecognizedEntry[] {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return [];
  }
  for (const adapter of adapters) {
    if (!adapter.handles(url)) continue;
    try {
      return adapter.recognize(doc, url);
    } catch (err) {
      console.warn(`[gloss] ${adapter.name} adapter failed on ${href}`, err);
      return [];
    }
  }
  return [];
}
