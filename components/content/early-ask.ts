/**
 * The first question a page read whole asks, sent while the settings' answer is on its way. On a
 * warm visit the page waits for the worker's answers, not the worker for the page: a DevTools
 * trace of the HF daily page at 50,000 papers showed ~25 ms from the content script's start to
 * its lookup (the settings round trip, then recognizing and mounting), then ~60 ms of the
 * worker's. Where Gloss is off the background refuses these (lib/background/page-api.ts) and the
 * content script draws nothing.
 */
import { MAX_LOOKUP_BATCH } from '../../lib/rpc/protocol';
import type { PaperMeta, RecognizedEntry } from '../../lib/core/types';
import { EAGER_ROWS, type MarkApi } from './page-marks';

/**
 * The papers startPageMarks asks about first on a page read whole: its anchored rows in page
 * order, once each, when few enough to be marked at once (beyond EAGER_ROWS rows are asked
 * about as they come near, so there is no first batch to know in advance).
 */
export function firstBatch(entries: RecognizedEntry[]): PaperMeta[] | undefined {
  const anchored = entries.filter((e) => e.anchor);
  if (!anchored.length || anchored.length > EAGER_ROWS) return undefined;
  const unique = new Map<string, PaperMeta>();
  for (const e of anchored) if (!unique.has(e.paper.id)) unique.set(e.paper.id, e.paper);
  return [...unique.values()].slice(0, MAX_LOOKUP_BATCH);
}

/**
 * Sends the lookup and related questions for `papers` now; the first `lookup` and `related` for
 * the same papers (and page) are answered by them instead of asking again. Anything else, or a
 * second time, asks as usual.
 */
export function askedEarly(papers: PaperMeta[], page: string, api: MarkApi): MarkApi {
  const ids = papers.map((p) => p.id).join('\n');
  const same = (batch: PaperMeta[]) => batch.length === papers.length && batch.map((p) => p.id).join('\n') === ids;
  let lookup: ReturnType<MarkApi['lookup']> | undefined = api.lookup(papers, page);
  let related: ReturnType<MarkApi['related']> | undefined = api.related(papers);
  // Refused where Gloss is off; then nobody waits for them.
  lookup.catch(() => {});
  related.catch(() => {});
  return {
    ...api,
    lookup(batch, at) {
      const early = lookup;
      lookup = undefined;
      return early && at === page && same(batch) ? early : api.lookup(batch, at);
    },
    related(batch) {
      const early = related;
      related = undefined;
      return early && same(batch) ? early : api.related(batch);
    },
  };
}
