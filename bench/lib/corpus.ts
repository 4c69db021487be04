/** The real corpus (tests/fixtures/corpus), with notes and tags synthesized deterministically. */
import type { CorpusPaper } from '../../tests/corpus';

export { CORPUS, loadCorpus, type CorpusPaper } from '../../tests/corpus';

/** A small deterministic PRNG (mulberry32) so every run synthesizes the same notes. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOTE_OPENERS = ['Baseline for our work on', 'Compare with', 'Read for the reading group:', 'Useful idea about', 'Check the ablation on'];

/** Every third paper gets a note built from words of its own title; every fifth gets tags. */
export function withNotes(papers: CorpusPaper[], seed = 7): CorpusPaper[] {
  const r = rng(seed);
  return papers.map((p, i) => {
    const words = p.title.split(/\s+/).filter((w) => w.length > 4);
    const note = i % 3 === 0 ? `${NOTE_OPENERS[Math.floor(r() * NOTE_OPENERS.length)]} ${words.slice(0, 3).join(' ')}.` : undefined;
    // Tags come from the paper's own title, never from its category (the relevance label).
    const tags = i % 5 === 0 ? [(words[0] ?? 'misc').toLowerCase().replace(/[^a-z0-9-]/g, ''), r() < 0.5 ? 'to-read' : 'read'] : undefined;
    return { ...p, ...(note && { note }), ...(tags && { tags }) };
  });
}
