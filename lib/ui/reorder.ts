/**
 * "For you" ordering: moves the listing's rows so the ones closest to the user's library come
 * first, and puts them back exactly as they were. Rows are found from the marks' anchors.
 */

/** The element that is one row of the listing: the anchor's ancestor that is a child of the list. */
export function rowOf(anchor: Element, others: Element[]): Element {
  let row = anchor;
  while (row.parentElement && !others.some((o) => o !== anchor && row.parentElement!.contains(o))) row = row.parentElement;
  return row;
}

/** arXiv listings are `dt`/`dd` pairs: a `dd` row moves with the `dt` before it. */
function partsOf(row: Element): Element[] {
  const prev = row.previousElementSibling;
  return row.tagName === 'DD' && prev?.tagName === 'DT' ? [prev, row] : [row];
}

export interface Reordering {
  restore(): void;
}

/** Reorders rows (by descending score, stable) inside their common parent. */
export function reorderRows(anchors: Element[], score: (anchor: Element) => number): Reordering | undefined {
  if (anchors.length < 2) return undefined;
  const rows = anchors.map((a) => ({ anchor: a, row: rowOf(a, anchors) }));
  const parent = rows[0].row.parentElement;
  if (!parent || rows.some((r) => r.row.parentElement !== parent)) return undefined;
  // Remember every node's original place: the rows and anything between them.
  const original = [...parent.childNodes];
  const sorted = rows
    .map((r, i) => ({ ...r, i, s: score(r.anchor) }))
    .sort((a, b) => b.s - a.s || a.i - b.i);
  const firstPart = partsOf(rows[0].row)[0];
  const marker = parent.ownerDocument.createComment('gloss-for-you');
  parent.insertBefore(marker, firstPart);
  for (const r of sorted) for (const part of partsOf(r.row)) parent.insertBefore(part, marker);
  marker.remove();
  return {
    restore() {
      for (const node of original) if (node.parentNode === parent || !node.parentNode) parent.appendChild(node);
    },
  };
}
