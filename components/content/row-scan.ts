/**
 * Recognition of a listing read row by row (lib/sites/adapter.ts RowReader): every row once when
 * the page loads, in slices (./slices.ts), then only the rows a change of the page touched. A
 * 2,000-row listing was read whole in one task of ~160–270 ms, and whole again after every
 * mutation of the page (bench/README.md, issue 18).
 *
 * What counts as a change is the caller's to say: Gloss's own hosts coming and going are not
 * (components/content/page-marks.tsx passes only the page's own nodes).
 */
import type { RecognizedEntry } from '../../lib/core/types';
import type { Listing } from '../../lib/sites/registry';
import { sliced, type Sliced } from './slices';

export interface RowScanEvents {
  /** A row's entry is new, changed or gone (`now` null): the mark follows it. */
  update(before: RecognizedEntry | undefined, now: RecognizedEntry | undefined): void;
  /** Every queued row is read; `page` is the page's entries in page order, as `recognize` gives them. */
  settled(page: RecognizedEntry[]): void;
}

export interface RowScan {
  /** Reads every row of the page (in slices), those near the viewport first; returns how many rows there are. */
  start(): number;
  /** The page changed these nodes (its own, never Gloss's): reads again the rows they belong to. */
  changed(targets: Iterable<Node>, added: Iterable<Node>, removed: boolean): void;
  /** Rows read since the start: what a change costs (tests, bench/listing.ts). */
  readonly rowsRead: number;
  stop(): void;
}

/**
 * How far from the viewport a row waiting to be read is read before the others. The rows are
 * read in page order otherwise, ~1.1 s for 2,000 in slices (bench/README.md): a jump to the end
 * of the page, a reload that restores the scroll position or a link to a fragment would wait
 * for every row above it.
 */
export const READ_AHEAD = '1500px 0px';

export function rowScan(doc: Document, listing: Listing, events: RowScanEvents, options: { budget?: number } = {}): RowScan {
  const { reader } = listing;
  const entries = new Map<Element, RecognizedEntry | null>();
  let rowsRead = 0;
  const view = doc.defaultView;
  // Geometry without reading layout: the browser reports which waiting rows are near, after its own layout.
  const near =
    view && 'IntersectionObserver' in view
      ? new view.IntersectionObserver((seen) => queue.first(seen.flatMap((e) => (e.isIntersecting ? [e.target] : []))), { rootMargin: READ_AHEAD })
      : undefined;
  const wait = (rows: Iterable<Element>) => {
    const list = [...rows];
    queue.add(list);
    if (near) for (const row of list) near.observe(row);
  };

  const read = (row: Element) => {
    near?.unobserve(row);
    if (!row.isConnected) return;
    const before = entries.get(row) ?? undefined;
    const now = reader.read(row) ?? undefined;
    rowsRead++;
    entries.set(row, now ?? null);
    if (before !== now) events.update(before, now);
  };

  const settle = () => {
    const rows: RecognizedEntry[] = [];
    for (const row of doc.querySelectorAll(reader.selector)) {
      const entry = entries.get(row);
      if (entry) rows.push(entry);
    }
    events.settled(listing.withPage(doc, rows));
  };
  const queue: Sliced<Element> = sliced(read, { budget: options.budget, idle: settle });

  /** Rows the page took away lose their marks; rows whose anchor went are read again. */
  const sweep = (again: Set<Element>) => {
    for (const [row, entry] of entries) {
      if (!row.isConnected) {
        entries.delete(row);
        if (entry) events.update(entry, undefined);
      } else if (entry?.anchor && !entry.anchor.isConnected) again.add(row);
    }
  };

  const rowsOf = (node: Node, into: Set<Element>) => {
    const el = node.nodeType === 1 ? (node as Element) : node.parentElement;
    if (!el?.isConnected) return;
    const row = reader.rowOf(el);
    if (row) into.add(row);
    if (node !== el) return;
    if (el.matches(reader.selector)) into.add(el);
    for (const inner of el.querySelectorAll(reader.selector)) into.add(inner);
  };

  return {
    start() {
      const all = doc.querySelectorAll(reader.selector);
      wait(all);
      if (!queue.size) settle();
      return all.length;
    },
    changed(targets, added, removed) {
      const rows = new Set<Element>();
      if (removed) sweep(rows);
      for (const t of targets) {
        const el = t.nodeType === 1 ? (t as Element) : t.parentElement;
        const row = el?.isConnected ? reader.rowOf(el) : null;
        if (row) rows.add(row);
      }
      for (const node of added) rowsOf(node, rows);
      // A row that was a paper may have lost what made it one: it is read again like the rest.
      wait(rows);
      if (!queue.size) settle();
    },
    get rowsRead() {
      return rowsRead;
    },
    stop() {
      queue.clear();
      near?.disconnect();
    },
  };
}
