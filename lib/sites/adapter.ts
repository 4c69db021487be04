import type { RecognizedEntry } from '../core/types';

/**
 * A site adapter: a pure function of the document and its URL. It never throws on strange
 * markup (the registry guards it anyway) and returns fewer entries instead.
 */
export interface SiteAdapter {
  name: string;
  /** Match patterns for the manifest's content script (https://developer.chrome.com/docs/extensions/develop/concepts/match-patterns). */
  matches: string[];
  handles(url: URL): boolean;
  recognize(doc: Document, url: URL): RecognizedEntry[];
}
