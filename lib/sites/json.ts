/** Helpers for reading untrusted JSON that a page embeds: every access is type-checked. */

export type Json = unknown;

export function parseJson(text: string | null | undefined): Json {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function asObject(v: Json): Record<string, Json> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, Json>) : undefined;
}

export function asArray(v: Json): Json[] {
  return Array.isArray(v) ? v : [];
}

export function asString(v: Json): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
