/**
 * Listings read row by row (lib/sites/adapter.ts RowReader, components/content/row-scan.ts) on
 * the real captured pages: reading every row gives exactly what `recognize` gives, every node of
 * a row leads back to it, and after a change only the rows it touched are read again.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { documentFromHtml } from '../../scripts/lib/parse-html';
import { listingOf, recognize } from '../../lib/sites/registry';
import type { RecognizedEntry } from '../../lib/core/types';
import { rowScan } from '../../components/content/row-scan';

const dir = join(import.meta.dirname, '../fixtures/pages');
const load = (file: string) => documentFromHtml(readFileSync(join(dir, file), 'utf8'));

const LISTINGS: Array<[string, string, number]> = [
  ['arxiv-list/arxiv_list_cs.CL_recent_2026-07-27.html', 'https://arxiv.org/list/cs.CL/recent', 50],
  ['arxiv-search/arxiv_search_FRAGMENT_2items_2024-01.html', 'https://arxiv.org/search/?query=endometriosis&searchtype=all', 2],
  ['cvf/cvf_CVPR2020_all_listing_2020-07.html', 'https://openaccess.thecvf.com/CVPR2020?day=all', 1466],
];

const summary = (entries: RecognizedEntry[]) => entries.map((e) => [e.paper.id, e.paper.title, e.paper.authors.join('; '), e.anchor]);

describe.each(LISTINGS)('%s', (file, url, count) => {
  const doc = load(file);
  const listing = listingOf(doc, url)!;

  test(`reading its ${count} rows one by one gives what recognize gives, in page order`, () => {
    expect(listing).toBeDefined();
    const rows = [...doc.querySelectorAll(listing.reader.selector)].map((r) => listing.reader.read(r)).filter((e) => e !== null);
    expect(rows).toHaveLength(count);
    expect(summary(listing.withPage(doc, rows))).toEqual(summary(recognize(doc, url)));
  });

  test('every element of a row, and its anchor, leads back to that row', () => {
    const rows = [...doc.querySelectorAll(listing.reader.selector)];
    for (const row of rows) {
      const entry = listing.reader.read(row);
      if (!entry) continue;
      expect(listing.reader.rowOf(entry.anchor!)).toBe(row);
      // The row's own element and what follows it up to the next row (arXiv's dd, CVF's two dds).
      for (let el: Element | null = row; el && (el === row || !el.matches(listing.reader.selector)); el = el.nextElementSibling) {
        for (const inner of [el, ...el.querySelectorAll('*')]) expect(listing.reader.rowOf(inner)).toBe(row);
        if (el.tagName === 'DL' || el.tagName === 'LI') break;
      }
    }
    // Negative control: the page's header belongs to no row.
    // (Not in the search fragment, which the parser wraps around its <li>.)
    if (!doc.body.closest(listing.reader.selector)) {
      const outside = doc.createElement('p');
      doc.body.prepend(outside);
      expect(listing.reader.rowOf(outside)).toBeNull();
      outside.remove();
    }
  });
});

test('pages that are not listings, and the links mode, are read whole', () => {
  expect(listingOf(load('arxiv-abs/arxiv_abs_1902.02534_2026-07-23.html'), 'https://arxiv.org/abs/1902.02534')).toBeUndefined();
  expect(
    listingOf(
      load('cvf/cvf_CVPR2016_He_Deep_Residual_Learning_paper_2026-09.html'),
      'https://openaccess.thecvf.com/content_cvpr_2016/html/He_Deep_Residual_Learning_CVPR_2016_paper.html',
    ),
  ).toBeUndefined();
  const list = load(LISTINGS[0][0]);
  expect(listingOf(list, LISTINGS[0][1], { links: true })).toBeUndefined();
  expect(listingOf(list, 'not a url')).toBeUndefined();
});

/** Runs a scan until it has settled; resolves with what it reported. */
function scanOf(doc: Document, url: string) {
  const updates: Array<[RecognizedEntry | undefined, RecognizedEntry | undefined]> = [];
  let settle: (page: RecognizedEntry[]) => void = () => {};
  const scan = rowScan(doc, listingOf(doc, url)!, {
    update: (before, now) => updates.push([before, now]),
    settled: (page) => settle(page),
  });
  const settled = () => new Promise<RecognizedEntry[]>((resolve) => (settle = resolve));
  return { scan, updates, settled };
}

describe('after a change only the touched rows are read again (the real arXiv listing)', () => {
  const [file, url] = LISTINGS[0];

  test('a load reads each row once, in slices of the event loop', async () => {
    const doc = load(file);
    const { scan, updates, settled } = scanOf(doc, url);
    const done = settled();
    scan.start();
    // Nothing is read in the task that starts the scan: the page keeps its thread.
    expect(scan.rowsRead).toBe(0);
    const page = await done;
    expect(scan.rowsRead).toBe(50);
    expect(updates).toHaveLength(50);
    expect(summary(page)).toEqual(summary(recognize(doc, url)));
  });

  test('rows the page adds are the only rows read; an edit reads its row; a removal reads none', async () => {
    const doc = load(file);
    const { scan, updates, settled } = scanOf(doc, url);
    let done = settled();
    scan.start();
    await done;
    // The capture has two sections (new, cross-lists): rows go at the end of the page.
    const dl = [...doc.querySelectorAll('dl')].at(-1)!;
    const [dt, dd] = [doc.querySelector('dl dt')!, doc.querySelector('dl dd')!];
    const id = dt
      .querySelector('a[href*="/abs/"]')!
      .getAttribute('href')!
      .replace(/^.*\/abs\//, '');
    const added: Element[] = [];
    for (let i = 0; i < 3; i++) {
      const fresh = `2607.${90000 + i}`;
      const [t, d] = [dt.cloneNode(true) as Element, dd.cloneNode(true) as Element];
      for (const a of t.querySelectorAll('a[href]')) a.setAttribute('href', a.getAttribute('href')!.replace(id, fresh));
      d.querySelector('.list-title')!.append(` added ${i}`);
      dl.append(t, d);
      added.push(t, d);
    }
    done = settled();
    scan.changed([dl], added, false);
    let page = await done;
    expect(scan.rowsRead).toBe(53);
    expect(updates.slice(50).map(([b, n]) => [b, n?.paper.id])).toEqual([0, 1, 2].map((i) => [undefined, `arxiv:2607.${90000 + i}`]));
    expect(page.slice(-3).map((e) => e.paper.title)).toEqual([0, 1, 2].map((i) => expect.stringMatching(new RegExp(`added ${i}$`))));
    expect(summary(page)).toEqual(summary(recognize(doc, url)));

    // The page edits one title (as MathJax typesets one): that row alone is read again.
    const title = doc.querySelectorAll('dl dd .list-title')[7];
    const text = doc.createTextNode(' (revised)');
    title.append(text);
    done = settled();
    scan.changed([title], [text], false);
    page = await done;
    expect(scan.rowsRead).toBe(54);
    expect(updates.at(-1)![1]!.paper.title).toMatch(/\(revised\)$/);
    expect(page.find((e) => e.anchor === title)!.paper.title).toMatch(/\(revised\)$/);

    // The page removes a row: its mark goes, nothing is read.
    const gone = doc.querySelectorAll('dl dt')[3];
    const goneId = updates[3][1]!.paper.id;
    gone.nextElementSibling!.remove();
    gone.remove();
    done = settled();
    scan.changed([dl], [], true);
    page = await done;
    expect(scan.rowsRead).toBe(54);
    expect(updates.at(-1)).toEqual([expect.objectContaining({ paper: expect.objectContaining({ id: goneId }) }), undefined]);
    expect(page.map((e) => e.paper.id)).not.toContain(goneId);
    expect(summary(page)).toEqual(summary(recognize(doc, url)));

    // Negative control: a change outside every row reads no row, the page still settles.
    const banner = doc.createElement('div');
    doc.body.prepend(banner);
    done = settled();
    scan.changed([doc.body], [banner], false);
    await done;
    expect(scan.rowsRead).toBe(54);
  });
});
