/**
 * The library search syntax: free text plus filters, negation and OR.
 *   attention tag:kv-cache author:"jane doe" year:2024 year:2020..2023 has:note status:read
 *   -tag:survey  NOT author:smith  -distillation  diffusion OR flow  tag:a | tag:b
 *
 * Terms next to each other must all match (AND). `OR` (or `|`) joins the two terms beside it,
 * and binds tighter than the implicit AND, as in Gmail: `llm tag:a OR tag:b` is
 * "llm, and tagged a or b". `-` or `NOT` before a term excludes what it matches.
 *
 * What is not understood (a bad year, an unknown `has:` or `status:`, a dangling OR,
 * parentheses) is left out of the search and named in `problems`, so the UI can say so instead of
 * answering with a silent 0. Unknown `word:` prefixes are searched as text, so a colon in a title
 * does no harm.
 */
import { READING_STATUSES, type ReadingStatus } from '../core/types';
import { foldText } from './fold';

export type Clause =
  | { kind: 'word'; word: string }
  | { kind: 'tag'; value: string }
  | { kind: 'author'; value: string }
  | { kind: 'year'; range: [number, number] }
  | { kind: 'has'; value: 'note' | 'tags' | 'abstract' | 'status' }
  | { kind: 'status'; value: ReadingStatus | 'none' };

export interface Term {
  clause: Clause;
  neg: boolean;
}

export interface ParsedQuery {
  /** Every group must match; a group matches when any of its terms does (OR). */
  groups: Term[][];
  /** What was left out of the search, in words a person can act on. */
  problems: string[];
}

const FILTER_KEYS = new Set(['tag', 'author', 'year', 'has', 'status']);
const HAS_VALUES = ['note', 'tags', 'abstract', 'status'] as const;

/** Splits on whitespace, keeping `key:"a quoted value"` and `"a phrase"` together. */
function lex(input: string): string[] {
  return input.match(/-?[^\s"]*"[^"]*"?|\S+/g) ?? [];
}

function clauseOf(token: string, problems: string[]): Clause | undefined {
  const m = token.match(/^([A-Za-z]+):(.*)$/);
  if (m && FILTER_KEYS.has(m[1].toLowerCase())) {
    const key = m[1].toLowerCase();
    const value = m[2].replace(/^"|"$/g, '').trim();
    if (!value) {
      problems.push(`"${token}" needs a value after the colon`);
      return undefined;
    }
    switch (key) {
      case 'tag':
        return { kind: 'tag', value: foldText(value.replace(/^#/, '')) };
      case 'author':
        return { kind: 'author', value: foldText(value) };
      case 'year': {
        const y = value.match(/^(\d{4})(?:\.\.(\d{4}))?$/);
        if (!y) {
          problems.push(`"${token}": a year is written year:2024 or year:2020..2023`);
          return undefined;
        }
        const a = Number(y[1]);
        const b = Number(y[2] ?? y[1]);
        return { kind: 'year', range: [Math.min(a, b), Math.max(a, b)] };
      }
      case 'has': {
        const v = value.toLowerCase();
        if ((HAS_VALUES as readonly string[]).includes(v)) return { kind: 'has', value: v as (typeof HAS_VALUES)[number] };
        problems.push(`"${token}": has: takes ${HAS_VALUES.join(', ')}`);
        return undefined;
      }
      case 'status': {
        const v = value
          .toLowerCase()
          .replace(/[\s_]+/g, '-')
          .replace(/^toread$/, 'to-read');
        if (v === 'none' || (READING_STATUSES as readonly string[]).includes(v)) return { kind: 'status', value: v as ReadingStatus | 'none' };
        problems.push(`"${token}": status: takes ${READING_STATUSES.join(', ')} or none`);
        return undefined;
      }
    }
  }
  const word = token.replace(/"/g, '');
  return /[\p{L}\p{N}]/u.test(word) ? { kind: 'word', word } : undefined;
}

export function parseQuery(input: string): ParsedQuery {
  const problems: string[] = [];
  const groups: Term[][] = [];
  let joinNext = false;
  let negNext = false;
  let sawTerm = false;
  if (/[()]/.test(input)) problems.push('parentheses are not understood: OR joins the two terms beside it');
  const tokens = lex(input.replace(/[()]/g, ' '));
  tokens.forEach((token, i) => {
    if (token === 'OR' || token === '|') {
      if (!sawTerm || joinNext || i === tokens.length - 1) problems.push('OR needs a term on each side');
      else joinNext = true;
      return;
    }
    if (token === 'AND') return;
    if (token === 'NOT') {
      negNext = true;
      return;
    }
    let neg = negNext;
    negNext = false;
    let body = token;
    if (body.length > 1 && body.startsWith('-')) {
      neg = true;
      body = body.slice(1);
    }
    const clause = clauseOf(body, problems);
    if (!clause) {
      joinNext = false;
      return;
    }
    const term = { clause, neg };
    if (joinNext && groups.length) groups[groups.length - 1].push(term);
    else groups.push([term]);
    joinNext = false;
    sawTerm = true;
  });
  if (negNext) problems.push('NOT needs a term after it');
  return { groups, problems };
}

/** Whether a query has anything to search or filter by. */
export const isEmptyQuery = (q: ParsedQuery) => q.groups.length === 0;
