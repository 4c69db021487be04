/**
 * Folds what a person does not type: case, accents (precomposed "ä" and decomposed "a\u0308"
 * alike, as BibTeX imports and macOS file names give them) and the few Latin letters that carry
 * no combining mark to strip. "Jäger", "Jager" and "Ja\u0308ger" all become "jager".
 */
const LETTERS: Record<string, string> = { ß: 'ss', ø: 'o', æ: 'ae', œ: 'oe', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };
const SPECIAL = /[ßøæœłđðþı]/g;
// Only strings with something to fold pay for normalize(): most terms are plain ASCII.
const NEEDS = /[^\x00-\x7f]/;

export function foldText(text: string): string {
  const lower = text.toLowerCase();
  if (!NEEDS.test(lower)) return lower;
  return lower
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(SPECIAL, (c) => LETTERS[c]);
}
