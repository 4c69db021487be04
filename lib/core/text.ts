/** Collapses runs of whitespace (pages wrap titles over lines) and trims. */
export function cleanText(s: string | null | undefined): string {
  return (s ?? '').replace(/\s+/g, ' ').trim();
}

/** First words of a note for a one-line preview, cut at a word boundary. */
export function preview(text: string, max = 80): string {
  const s = cleanText(text);
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s.,;:]+$/, '')}…`;
}

/** ISO date (YYYY-MM-DD) from anything Date can read; undefined otherwise. */
export function isoDate(s: string | null | undefined): string | undefined {
  if (!s) return undefined;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString().slice(0, 10);
}

/**
 * A date as precise as the page gives it: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. Reads ISO dates,
 * Highwire's `2019/02/07` and `2021/6`, and anything Date can parse.
 */
export function looseDate(s: string | null | undefined): string | undefined {
  const text = cleanText(s);
  if (!text) return undefined;
  const parts = text.match(/^(\d{4})(?:[/-](\d{1,2})(?:[/-](\d{1,2}))?)?(?:$|[T\s])/);
  if (parts) {
    const [, y, m, d] = parts;
    const month = m && Number(m) >= 1 && Number(m) <= 12 ? m.padStart(2, '0') : undefined;
    const day = month && d && Number(d) >= 1 && Number(d) <= 31 ? d.padStart(2, '0') : undefined;
    if (parts[0].includes('T')) return isoDate(text) ?? [y, month, day].filter(Boolean).join('-');
    return [y, month, day].filter(Boolean).join('-');
  }
  return isoDate(text);
}

/** "Heibi, Ivan" → "Ivan Heibi"; names without exactly one comma are kept as written. */
export function displayName(name: string): string {
  const s = cleanText(name);
  const parts = s.split(',');
  if (parts.length !== 2 || !parts[1].trim() || /\b(jr|sr|ii|iii)\.?$/i.test(parts[1].trim())) return s;
  return `${parts[1].trim()} ${parts[0].trim()}`;
}

/** "A, B, C et al." for a byline that must stay on one line. */
export function authorLine(authors: string[], max = 3): string {
  return authors.length <= max ? authors.join(', ') : `${authors.slice(0, max).join(', ')} et al.`;
}

/** A byte count as people read it: "840 KB", "1.1 MB", "79 GB". */
export function byteSize(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let n = Math.max(0, bytes);
  let u = 0;
  for (; n >= 1024 && u < units.length - 1; u++) n /= 1024;
  return `${u === 0 || n >= 100 ? Math.round(n) : n.toFixed(1)} ${units[u]}`;
}

/** A sentence ending in exactly one full stop, whether or not the message it comes from had one (no ".."). */
export function sentence(text: string): string {
  const t = text.trim().replace(/[.\s]+$/, '');
  return /[!?…]$/.test(t) ? t : `${t}.`;
}
