/**
 * Do the user's words make papers related when the noted paper has an abstract of its own?
 * (issue 17: the README promises that a note like "baseline for our KV-cache work" makes new
 * KV-cache papers related.)
 *
 * Library: 2,000 real corpus papers (seed 11, as related-quality.ts; a third carry synthetic notes
 * from their own titles, a fifth tags). Topics: the 30 title bigrams most papers outside the
 * library carry, among those 5–40 carry ("kv cache", "flow matching", …). For each topic a library
 * paper whose title, abstract and note never mention either word gets the note "Baseline for our
 * <topic> work."; up to 10 papers outside the library with the topic in their title ask for
 * related. A hit: the noted paper among the row's chips (k = 3, calibrated floor), or in the
 * panel's list (k = 5, default floor). Control: papers of other topics asking (a chip for the noted
 * paper there is a false one). Baseline in the same run: the user's words counted only inside the
 * paper's one vector (the index before issue 17's second view). `npx tsx bench/note-related.ts`
 */
import { loadTopicModel } from '../scripts/lib/load-topic-model';
import { tokenize } from '../lib/search/tokenize';
import { loadCorpus, rng, type CorpusPaper } from './lib/corpus';
import { buildIndex, splitCorpus } from './related-quality';

export interface NoteFigures {
  topics: number;
  asked: number;
  chip: number;
  panel: number;
  control: number;
  falseChips: number;
}

export function measureNotes(all: CorpusPaper[] = loadCorpus(), userWords = true, size = 2000): NoteFigures {
  const { library } = splitCorpus(all, size, 0);
  const inLibrary = new Set(library.map((p) => p.id));
  const bigrams = new Map<string, CorpusPaper[]>();
  for (const p of all) {
    if (inLibrary.has(p.id)) continue;
    const words = tokenize(p.title);
    const seen = new Set<string>();
    for (let i = 0; i + 1 < words.length; i++) {
      const b = `${words[i]} ${words[i + 1]}`;
      if (words[i] === words[i + 1] || seen.has(b)) continue;
      seen.add(b);
      bigrams.set(b, [...(bigrams.get(b) ?? []), p]);
    }
  }
  const topics = [...bigrams]
    .filter(([, ps]) => ps.length >= 5 && ps.length <= 40)
    .sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1))
    .slice(0, 30);
  const index = buildIndex(library, loadTopicModel(), { userWords });
  const r = rng(5);
  const f: NoteFigures = { topics: topics.length, asked: 0, chip: 0, panel: 0, control: 0, falseChips: 0 };
  for (const [i, [topic, queries]] of topics.entries()) {
    const words = topic.split(' ');
    const candidates = library.filter((p) => !tokenize(`${p.title} ${p.abstract} ${p.note ?? ''}`).some((w) => words.includes(w)));
    const noted = { ...candidates[Math.floor(r() * candidates.length)], note: `Baseline for our ${topic} work.` };
    const before = library.find((p) => p.id === noted.id)!;
    index.set(noted.id, index.vectorFor(noted), index.topicFor(noted));
    for (const q of queries.slice(0, 10)) {
      f.asked++;
      if (index.related(q, { k: 3, chipsOnly: true, exclude: [q.id] }).some((h) => h.id === noted.id)) f.chip++;
      if (index.related(q, { k: 5, exclude: [q.id] }).some((h) => h.id === noted.id)) f.panel++;
    }
    for (const [other, qs] of topics.filter((_, j) => j !== i).slice(0, 5)) {
      if (other.split(' ').some((w) => words.includes(w))) continue;
      for (const q of qs.slice(0, 3)) {
        f.control++;
        if (index.related(q, { k: 3, chipsOnly: true, exclude: [q.id] }).some((h) => h.id === noted.id)) f.falseChips++;
      }
    }
    index.set(before.id, index.vectorFor(before), index.topicFor(before));
  }
  return f;
}

/** The figures as Markdown lines (bench/run.ts puts them in RESULTS.md). */
export function noteLines(all: CorpusPaper[] = loadCorpus()): string[] {
  const pct = (a: number, b: number) => `${a} of ${b} (${((100 * a) / b).toFixed(0)}%)`;
  const rows = ([false, true] as const).map((on) => [on, measureNotes(all, on)] as const);
  return [
    `A note on a paper with an abstract: ${rows[0][1].topics} topics, ${rows[0][1].asked} papers outside a 2,000-paper library asking; the noted paper is about something else.`,
    '',
    '| what the user wrote | noted paper a chip | in the panel (top 5) | false chips (other topics) |',
    '| --- | --- | --- | --- |',
    ...rows.map(
      ([on, f]) =>
        `| ${on ? 'also a view of its own (shipped)' : 'inside the one vector (before)'} | ${pct(f.chip, f.asked)} | ${pct(f.panel, f.asked)} | ${pct(f.falseChips, f.control)} |`,
    ),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(noteLines().join('\n'));
