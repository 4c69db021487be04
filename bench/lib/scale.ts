/**
 * A library larger than the corpus, for speed figures only: the real 10k corpus replicated with
 * new arXiv ids and perturbed titles (words rotated and one dropped), so no two records share an
 * identifier or a title key. Abstracts are kept as they are: the related and search indexes
 * then hold as many distinct papers with realistic term statistics, but quality figures are
 * never taken on these copies (bench/date-split.ts uses real papers only).
 */
import { rng, type CorpusPaper } from './corpus';

export function replicate(all: CorpusPaper[], size: number, seed = 5): CorpusPaper[] {
  const r = rng(seed);
  const out: CorpusPaper[] = [];
  for (let copy = 0; out.length < size; copy++) {
    for (let i = 0; i < all.length && out.length < size; i++) {
      const p = all[i];
      if (copy === 0) {
        out.push(p);
        continue;
      }
      const words = p.title.split(/\s+/);
      const cut = 1 + Math.floor(r() * Math.max(1, words.length - 1));
      const rotated = [...words.slice(cut), ...words.slice(0, cut)];
      if (rotated.length > 3) rotated.splice(Math.floor(r() * rotated.length), 1);
      // Years 2015+ (five-digit numbers since 1501) never collide with the corpus's 26xx ids.
      const id = `${14 + copy}${String(1 + (i % 12)).padStart(2, '0')}.${String(i).padStart(5, '0')}`;
      out.push({ ...p, id, title: `${rotated.join(' ')} (${copy})` });
    }
  }
  return out;
}
