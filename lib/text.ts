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
