/** Splitting display names ("Ashish Vaswani", "Ludwig van Beethoven") into given and family. */

const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'dos', 'du', 'la', 'le', 'ten', 'ter', 'bin', 'al']);

export interface NameParts {
  given: string;
  family: string;
}

export function splitName(name: string): NameParts {
  const s = name.replace(/\s+/g, ' ').trim();
  if (s.includes(',')) {
    const [family, given] = s.split(',', 2).map((x) => x.trim());
    return { given: given ?? '', family };
  }
  const words = s.split(' ');
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
