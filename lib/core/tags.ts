import { cleanText } from './text';

export const MAX_TAG_LENGTH = 64;
export const MAX_TAGS = 100;

/** Trimmed, de-duplicated (case-insensitively, first spelling wins) tags in the user's order. */
export function normalizeTags(tags: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = cleanText(raw).replace(/^#/, '').slice(0, MAX_TAG_LENGTH);
    const key = tag.toLowerCase();
    if (!tag || seen.has(key)) continue;
    seen.add(key);
    out.push(tag);
  }
  return out.slice(0, MAX_TAGS);
}

/** Tags as a person types them in one field: "kv cache, to-read". */
export function splitTags(text: string): string[] {
  return text
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
}
