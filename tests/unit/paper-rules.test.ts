/** One table of rules: what an adapter makes of any page is what the background accepts. */
import { describe, expect, test } from 'vitest';
import { PAPER_LIMITS } from '../../lib/core/paper-rules';
import { paperMeta } from '../../lib/rpc/protocol';
import { makePaper } from '../../lib/sites/paper';

describe('paper rules', () => {
  test('a paper made from oversized page text is trimmed to the limits the validator holds', () => {
    const big = (n: number) => 'x'.repeat(n + 10);
    const paper = makePaper({
      ids: { arxiv: '2401.00001' },
      title: big(PAPER_LIMITS.title),
      authors: Array.from({ length: PAPER_LIMITS.authors + 5 }, () => big(PAPER_LIMITS.author)),
      abstract: big(PAPER_LIMITS.abstract),
      links: { abs: `https://example.org/${big(PAPER_LIMITS.link)}`, pdf: 'javascript:alert(1)' },
      category: 'not a category!',
      source: 'test',
    })!;
    expect(paperMeta(paper, 'paper')).toEqual(paper);
    expect(paper.title).toHaveLength(PAPER_LIMITS.title);
    expect(paper.links).toEqual({});
    expect(paper.category).toBeUndefined();
  });

  test('the validator refuses one character past each limit (negative control of the test above)', () => {
    const paper = makePaper({ ids: { arxiv: '2401.00001' }, title: 't', source: 'test' })!;
    expect(() => paperMeta({ ...paper, title: 'x'.repeat(PAPER_LIMITS.title + 1) }, 'paper')).toThrow(/title/);
    expect(() => paperMeta({ ...paper, abstract: 'x'.repeat(PAPER_LIMITS.abstract + 1) }, 'paper')).toThrow(/abstract/);
    expect(() => paperMeta({ ...paper, links: { abs: 'javascript:alert(1)' } }, 'paper')).toThrow(/abs/);
  });
});
