/**
 * Import never fails in an unplanned way: mutated real files (truncated, bytes flipped, values
 * retyped) either import cleanly, every paper valid, or raise an ImportError that names a place.
 * Fixed seed; `npm run fuzz` runs longer.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { ImportError, parseImport } from '../../lib/import';
import { paperMeta } from '../../lib/rpc/protocol';

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const dir = join(import.meta.dirname, '../fixtures/imports/papermemory');
const sources = {
  papermemory: readFileSync(join(dir, 'memory.json'), 'utf8'),
  papermemory3: readFileSync(join(dir, '3-papers-memory.json'), 'utf8'),
  bibtex: (JSON.parse(readFileSync(join(dir, 'bibtexs.json'), 'utf8')) as { strings: string[] }).strings.join('\n\n'),
};

function check(text: string) {
  try {
    const { items } = parseImport(text);
    for (const item of items) paperMeta(item.paper, 'paper');
  } catch (err) {
    expect(err).toBeInstanceOf(ImportError);
    expect((err as Error).message.length).toBeGreaterThan(5);
  }
}

describe.each(Object.entries(sources))('mutated %s file', (_, source) => {
  test('truncated anywhere', { timeout: 10_000 + RUNS * 200 }, () => {
    fc.assert(
      fc.property(fc.nat({ max: source.length }), (n) => check(source.slice(0, n))),
      { seed: 20261129, numRuns: RUNS },
    );
  });

  test('characters replaced', { timeout: 10_000 + RUNS * 200 }, () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: source.length - 1 }), fc.constantFrom('{', '}', '"', ',', '@', '\\', '\u0000', 'x', ']', '$')), { maxLength: 8 }),
        (edits) => {
          const chars = [...source];
          for (const [at, c] of edits) chars[at] = c;
          check(chars.join(''));
        },
      ),
      { seed: 20261129, numRuns: RUNS },
    );
  });
});

test('JSON values of the wrong type anywhere in a PaperMemory file', { timeout: 10_000 + RUNS * 200 }, () => {
  const data = JSON.parse(sources.papermemory3) as Record<string, Record<string, unknown>>;
  const keys = Object.keys(data).filter((k) => !k.startsWith('__'));
  fc.assert(
    fc.property(
      fc.constantFrom(...keys),
      fc.constantFrom('title', 'author', 'tags', 'note', 'addDate', 'year', 'md', 'pdfLink'),
      fc.anything(),
      (k, field, value) => {
        const copy = structuredClone(data);
        copy[k][field] = value;
        check(JSON.stringify(copy));
      },
    ),
    { seed: 20261129, numRuns: RUNS },
  );
});
