/** Splitting display names ("Ashish Vaswani", "Ludwig van Beethoven") into given and family. */

const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'dos', 'du', 'la', 'le', 'ten', 'ter', 'bin', 'al']);

export interface NameParts {
  given: string;
  family: string;
  /** `Jr.`, `III`: BibTeX's third name part. */
  suffix?: string;
}

/** What BibTeX writes for "and more authors"; kept as the last author, never as a person. */
export const OTHERS = 'others';

const SUFFIX = /^(jr|sr|jnr|snr|[ivx]{1,4})\.?$/i;

/**
 * Organizations that author papers ("The ATLAS Collaboration", "OpenAI Team"): they have no
 * given name, and splitting one would cite it as "Collaboration, The ATLAS".
 */
const CORPORATE =
  /\b(collaboration|consortium|team|group|project|association|committee|organi[sz]ation|society|institute|council|foundation|initiative|network|alliance|laboratory|university|inc|ltd|corporation|company)\b\.?/i;

export function isCorporate(name: string): boolean {
  const s = name.trim();
  return CORPORATE.test(s) || /^the\s/i.test(s);
}

export function splitName(name: string): NameParts {
  const s = name.replace(/\s+/g, ' ').trim();
  if (isCorporate(s)) return { given: '', family: s };
  if (s.includes(',')) {
    const parts = s.split(',').map((x) => x.trim());
    // "Martin Luther King, Jr." is a display name with a suffix, not "family, given".
    if (parts.length === 2 && SUFFIX.test(parts[1])) return { ...splitName(parts[0]), suffix: parts[1] };
    // BibTeX's "von Last, Jr, First".
    if (parts.length >= 3 && SUFFIX.test(parts[1])) return { family: parts[0], suffix: parts[1], given: parts.slice(2).join(', ') };
    return { given: parts.slice(1).join(', '), family: parts[0] };
  }
  const words = s.split(' ');
  if (words.length > 2 && SUFFIX.test(words[words.length - 1]) && /[a-z]/.test(words[words.length - 2])) {
    return { ...splitName(words.slice(0, -1).join(' ')), suffix: words[words.length - 1] };
  }
  if (words.length === 1) return { given: '', family: s };
  let i = words.length - 1;
  // Lower-case particles belong to the family name: "Ludwig van Beethoven" → "van Beethoven".
  while (i > 1 && PARTICLES.has(words[i - 1])) i--;
  return { given: words.slice(0, i).join(' '), family: words.slice(i).join(' ') };
}

/** Plain ASCII letters of a word, for citation keys: "Müller" → "muller". */
export function asciiWord(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase();
}
