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
  /**
   * Where the page is a listing whose rows can be read one at a time: how to find and read them.
   * `recognize` must give what reading every row in page order gives (tests/unit/sites-rows.test.ts),
   * so the content script may read a long listing in slices and read again only the rows a
   * change touched (components/content/row-scan.ts).
   */
  rows?(doc: Document, url: URL): RowReader | undefined;
}

/** One listing's rows: each row is an element, read on its own. */
export interface RowReader {
  /** What every row element matches (against the whole document, as querySelectorAll does). */
  selector: string;
  /** The row a node of the page belongs to (a node inside a row, or beside it in the same entry), or null. */
  rowOf(el: Element): Element | null;
  /** One row's entry; null where the row is not (or not yet) a paper. Never throws on strange markup. */
  read(row: Element): RecognizedEntry | null;
}
