/**
 * BibTeX whose @string macros expand without bound is refused before the parser builds them,
 * quickly and naming the line; the page reads files in a worker it stops on a time budget.
 */
import { describe, expect, test, vi } from 'vitest';
import { ImportError, parseImport } from '../../lib/import';
import { checkBibtexExpansion, MAX_STRING_CHARS, MIN_EXPANSION_BUDGET } from '../../lib/import/bibtex-expansion';
import { parseBudgetMs, parseImportInWorker, type ParseWorker } from '../../lib/import/in-worker';
import { parseReply, type ParseReply } from '../../lib/import/worker-protocol';

/** `@string{a0 = "x"} @string{a1 = a0 # a0} … a{levels}`: 2^levels characters from ~1 KB. */
function doubling(levels: number, use = `a${levels}`) {
  let s = '@string{a0 = "x"}\n';
  for (let i = 1; i <= levels; i++) s += `@string{a${i} = a${i - 1} # a${i - 1}}\n`;
  return `${s}@article{bomb, title = ${use}, doi = {10.1000/bomb}}\n`;
}

/** Runs `fn`, returning the error it throws and how long it took. */
function timed(fn: () => unknown): { error: unknown; ms: number } {
  const start = performance.now();
  try {
    fn();
    return { error: undefined, ms: performance.now() - start };
  } catch (error) {
    return { error, ms: performance.now() - start };
  }
}

describe('@string expansion is bounded before parsing', () => {
  test('the ~1 KB doubling file (a0 … a40) is refused within 2 s, naming the @string and its line', () => {
    const text = doubling(40);
    expect(text.length).toBeLessThan(1100);
    const { error, ms } = timed(() => parseImport(text));
    expect(error).toBeInstanceOf(ImportError);
    // a14 is 16,384 characters; a15, the first past 20,000, stops the scan long before a40.
    expect((error as Error).message).toBe(
      'line 16: @string "a15" expands to 32,768 characters; Gloss reads @string values up to 20,000 (does it repeat another @string many times over?)',
    );
    expect(ms).toBeLessThan(2000);
  });

  test('a field that repeats a macro past the limit is refused, naming the field', () => {
    const text = doubling(12, Array.from({ length: 8 }, () => 'a12').join(' # '));
    expect(() => parseImport(text)).toThrow(/^line 14: the field "title" \(built from @string macros\) expands to 32,768 characters/);
  });

  test('many uses of a large macro are refused once they add more than the budget', () => {
    const big = 'word '.repeat(3_900); // 19,500 characters: 13 uses pass 250,000
    const uses = Array.from({ length: 20 }, (_, i) => `@article{k${i}, title = {T}, annote = big, doi = {10.1000/x${i}}}`);
    const text = `@string{big = "${big}"}\n${uses.join('\n')}\n`;
    const { error, ms } = timed(() => parseImport(text));
    expect((error as Error).message).toMatch(/^line 14: @string references \(here "big"\) make this file more than 250,000 characters longer/);
    expect(ms).toBeLessThan(2000);
  });

  test('the budget grows with the file: references that add no more than the file has pass', () => {
    const journal = 'Journal of Machine Learning Research and Other Long Titles';
    const entries = (n: number, pad: string) => Array.from({ length: n }, (_, i) => `@misc{k${i}, journal = jn, note = {${pad}}}`).join('\n');
    const n = Math.ceil(MIN_EXPANSION_BUDGET / journal.length) + 100;
    expect(() => checkBibtexExpansion(`@string{jn = "${journal}"}\n${entries(n, 'x'.repeat(60))}`)).not.toThrow();
    expect(() => checkBibtexExpansion(`@string{jn = "${journal}"}\n${entries(n, '')}`)).toThrow(/make this file more than 250,000 characters longer/);
  });

  test('macros in comments, broken entries and quoted text are not counted', () => {
    const bomb = doubling(40);
    // The parser reads @comment{…} as text; Gloss does the same.
    expect(() => checkBibtexExpansion(`@comment{${bomb}}\n@article{k, title = {T}}`)).not.toThrow();
    // A malformed entry before the bomb does not hide it (both skip to the next "@").
    expect(() => checkBibtexExpansion(`@article{broken, title = {unclosed\n${bomb}`)).toThrow(ImportError);
    expect(() => checkBibtexExpansion(`@article{k, title = "a40 # a40"}`)).not.toThrow();
    expect(MAX_STRING_CHARS).toBe(20_000);
  });

  test('ordinary files with a few @strings still import, with the macros expanded', () => {
    const text = `@string{jmlr = "Journal of Machine Learning Research"}
@string{pre = "Attention Is"}
@string(full = pre # " All You Need")

% a comment
@article{vaswani2017,
  title = full,
  journal = jmlr,
  month = jun,
  year = 2017,
  doi = {10.1000/attention},
  note = "Read for " # jmlr,
}`;
    const { items, format } = parseImport(text);
    expect(format).toBe('bibtex');
    expect(items).toHaveLength(1);
    expect(items[0].paper).toMatchObject({ id: 'doi:10.1000/attention', title: 'Attention Is All You Need', published: '2017-06' });
  });
});

describe('the page reads files in a worker with a time budget', () => {
  /** A stand-in Worker that answers as the real one does (parseReply), or never. */
  function fakeWorker(answer = true) {
    const worker: ParseWorker & { terminated: boolean } = {
      onmessage: null,
      onerror: null,
      terminated: false,
      postMessage(text: string) {
        if (answer) setTimeout(() => worker.onmessage?.({ data: structuredClone(parseReply(text)) } as MessageEvent<ParseReply>), 0);
      },
      terminate() {
        worker.terminated = true;
      },
    };
    return worker;
  }

  test('a good file comes back parsed, and the worker is stopped', async () => {
    const worker = fakeWorker();
    const parsed = await parseImportInWorker('@misc{k, title = {T}, doi = {10.1000/k}}', { spawn: () => worker });
    expect(parsed.items.map((i) => i.paper.id)).toEqual(['doi:10.1000/k']);
    expect(worker.terminated).toBe(true);
  });

  test('an import error comes back as the same ImportError', async () => {
    const error = await parseImportInWorker(doubling(40), { spawn: () => fakeWorker() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect(error).toMatchObject({ where: 'line 16', message: expect.stringMatching(/^line 16: @string "a15" expands to 32,768 characters/) });
  });

  test('a read that outlasts the budget is stopped with a clear error', async () => {
    vi.useFakeTimers();
    try {
      const worker = fakeWorker(false);
      const pending = parseImportInWorker('@article{slow, title = {T}}', { spawn: () => worker, budgetMs: 10_000 }).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(10_000);
      const error = await pending;
      expect(error).toBeInstanceOf(ImportError);
      expect((error as Error).message).toBe('This BibTeX file took too long to read (stopped after 10 s)');
      expect(worker.terminated).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  test('the budget is 10 s, and 30 s more per MB', () => {
    expect(parseBudgetMs(0)).toBe(10_000);
    expect(parseBudgetMs(1024 * 1024)).toBe(40_000);
    expect(parseBudgetMs(50 * 1024 * 1024)).toBe(1_510_000);
  });
});
