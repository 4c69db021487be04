/**
 * The content script asks about a page's first papers before the settings' answer arrives
 * (components/content/early-ask.ts). That answer is used only if it is what startPageMarks would
 * have asked: the same papers, in the same order, for the same page. Checked on real captures.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { documentFromHtml } from '../../scripts/lib/parse-html';
import { listingOf, recognize } from '../../lib/sites/registry';
import type { PaperMeta } from '../../lib/core/types';
import { EAGER_ROWS, pageKeyOf, startPageMarks, type MarkApi } from '../../components/content/page-marks';
import { askedEarly, firstBatch } from '../../components/content/early-ask';
import { paper } from './helpers';

const dir = join(import.meta.dirname, '../fixtures/pages');
const PAGES: Array<[string, string]> = [
  ['hf-papers/hf_daily_papers_kube-ebded23_2026-07.html', 'https://huggingface.co/papers'],
  ['hf-papers/hf_paper_2509.24002_2025-10.html', 'https://huggingface.co/papers/2509.24002'],
  ['arxiv-abs/arxiv_abs_1902.02534_2026-07-23.html', 'https://arxiv.org/abs/1902.02534'],
  ['google-scholar/scholar_q_learning_deep_architectures.html', 'https://scholar.google.co.jp/scholar?q=x'],
  ['openreview/openreview_group_ICLR2019_Conference_posters_2020-03.html', 'https://openreview.net/group?id=ICLR.cc/2019/Conference'],
  ['acl-anthology/acl_people_andreas-madsack_2026-07.html', 'https://aclanthology.org/people/a/andreas-madsack/'],
  ['pmlr/pmlr_v139_radford21a_clip_2026-09.html', 'https://proceedings.mlr.press/v139/radford21a.html'],
];

const tasks = (ms = 30) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const ids = (papers: PaperMeta[]) => papers.map((p) => p.id);

function recording(asked: Array<{ papers: string[]; page?: string; kind: string }>): MarkApi {
  return {
    lookup: async (papers, page) => (asked.push({ kind: 'lookup', papers: ids(papers), page }), papers.map(() => ({ saved: false }) as never)),
    related: async (papers) => (asked.push({ kind: 'related', papers: ids(papers) }), papers.map(() => 0)),
    seen: async () => {},
    openPanel: async () => ({ token: '' }),
    closePanel: async () => {},
  };
}

let stop: (() => void) | undefined;
afterEach(() => {
  stop?.();
  stop = undefined;
  vi.unstubAllGlobals();
});

describe('the first batch known before marking starts', () => {
  test.each(PAGES)('%s: what startPageMarks asks first', async (file, url) => {
    const doc = documentFromHtml(readFileSync(join(dir, file), 'utf8'));
    vi.stubGlobal('document', doc);
    vi.stubGlobal('MutationObserver', (doc.defaultView as unknown as { MutationObserver: unknown }).MutationObserver);
    const listing = listingOf(doc, url);
    const early = listing ? undefined : firstBatch(recognize(doc, url));
    const asked: Array<{ papers: string[]; page?: string; kind: string }> = [];
    const marks = startPageMarks(doc, () => url, {
      recognize,
      listing: listingOf,
      theme: 'light',
      api: recording(asked),
      onLibraryChange: () => () => {},
      onPanelClose: () => () => {},
    });
    stop = marks.stop;
    await tasks();
    const firstLookup = asked.find((a) => a.kind === 'lookup');
    if (!early) {
      // No batch known in advance: a listing read row by row, or more rows than are marked at once
      // (both asked about as rows come near).
      expect(!!listing || recognize(doc, url).filter((e) => e.anchor).length > EAGER_ROWS).toBe(true);
      return;
    }
    expect(early.length).toBeGreaterThan(0);
    expect(firstLookup).toEqual({ kind: 'lookup', papers: ids(early), page: pageKeyOf(url) });
    expect(asked.find((a) => a.kind === 'related')?.papers).toEqual(ids(early));
  });
});

describe('answers asked early', () => {
  const a = paper({ arxiv: '2401.00001' });
  const b = paper({ arxiv: '2401.00002' });
  const page = 'https://huggingface.co/papers';

  test('serve the first matching question once; anything else is asked as usual', async () => {
    const asked: Array<{ papers: string[]; page?: string; kind: string }> = [];
    const api = askedEarly([a, b], page, recording(asked));
    expect(asked.map((x) => x.kind)).toEqual(['lookup', 'related']);
    await api.lookup([a, b], page);
    await api.related([a, b]);
    // Answered by the early questions: nothing more was asked.
    expect(asked).toHaveLength(2);
    // A second time, asks again (a change on the page, a library change).
    await api.lookup([a, b], page);
    expect(asked).toHaveLength(3);
  });

  test.each([
    ['other papers', [b, a], page],
    ['fewer papers', [a], page],
    ['another page', [a, b], 'https://huggingface.co/papers?date=2026-07-01'],
  ])('a first question about %s is not answered by them', async (_, batch, at) => {
    const asked: Array<{ papers: string[]; page?: string; kind: string }> = [];
    const api = askedEarly([a, b], page, recording(asked));
    await api.lookup(batch, at);
    expect(asked.at(-1)).toEqual({ kind: 'lookup', papers: ids(batch), page: at });
    expect(asked).toHaveLength(3);
  });

  test('refused early questions (Gloss off on the site) are nobody\u2019s unhandled rejection', async () => {
    const failing = { ...recording([]), lookup: () => Promise.reject(new Error('off')), related: () => Promise.reject(new Error('off')) };
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    askedEarly([a, b], page, failing);
    await tasks();
    process.off('unhandledRejection', unhandled);
    expect(unhandled).not.toHaveBeenCalled();
  });
});
