/**
 * The library search syntax: free text plus filters.
 *   attention tag:kv-cache author:"jane doe" year:2024 year:2020..2023 has:note has:tags
 * Unknown `word:` prefixes are searched as text, so a colon in a title does no harm.
 */
export interface ParsedQuery {
  text: string;
  tags: string[];
  authors: string[];
  years?: [number, number];
  has: Array<'note' | 'tags' | 'abstract'>;
}

const FILTER = /(^|\s)(tag|author|year|has):("([^"]*)"|(\S+))/gi;

export function parseQuery(input: string): ParsedQuery {
  const q: ParsedQuery = { text: '', tags: [], authors: [], has: [] };
  const text = input.replace(FILTER, (whole, pre: string, key: string, _v, quoted?: string, bare?: string) => {
    const value = (quoted ?? bare ?? '').trim();
    if (!value) return whole;
    switch (key.toLowerCase()) {
      case 'tag':
        q.tags.push(value.replace(/^#/, '').toLowerCase());
        return pre;
      case 'author':
        q.authors.push(value.toLowerCase());
        return pre;
      case 'year': {
        const m = value.match(/^(\d{4})(?:\.\.(\d{4}))?$/);
        if (!m) return whole;
        q.years = [Number(m[1]), Number(m[2] ?? m[1])];
        return pre;
      }
      case 'has':
        if (value === 'note' || value === 'tags' || value === 'abstract') {
          q.has.push(value);
          return pre;
        }
        return whole;
      default:
        return whole;
    }
  });
  q.text = text.replace(/\s+/g, ' ').trim();
  return q;
}
