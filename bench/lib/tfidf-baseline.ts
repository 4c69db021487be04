/**
 * The baseline for "related": exhaustive TF-IDF cosine over title + abstract, arxiv-sanity's
 * representation. Every query is compared with every library paper.
 */
import { tokenize } from '../../lib/search/tokenize';

export class TfidfBaseline {
  private readonly docs: Array<{ id: string; w: Map<string, number> }> = [];
  private readonly idf = new Map<string, number>();

  constructor(papers: Array<{ id: string; title: string; abstract?: string }>) {
    const tfs = papers.map((p) => {
      const tf = new Map<string, number>();
      for (const t of tokenize(`${p.title} ${p.abstract ?? ''}`)) tf.set(t, (tf.get(t) ?? 0) + 1);
      return [p.id, tf] as const;
    });
    const df = new Map<string, number>();
    for (const [, tf] of tfs) for (const t of tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
    for (const [t, n] of df) this.idf.set(t, Math.log((papers.length + 1) / (n + 1)) + 1);
    for (const [id, tf] of tfs) this.docs.push({ id, w: this.weigh(tf) });
  }

  private weigh(tf: Map<string, number>) {
    const w = new Map<string, number>();
    let norm = 0;
    for (const [t, c] of tf) {
      const x = (1 + Math.log(c)) * (this.idf.get(t) ?? Math.log(this.docs.length + 1) + 1);
      w.set(t, x);
      norm += x * x;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [t, x] of w) w.set(t, x / norm);
    return w;
  }

  related(p: { title: string; abstract?: string }, k = 10): Array<{ id: string; score: number }> {
    const tf = new Map<string, number>();
    for (const t of tokenize(`${p.title} ${p.abstract ?? ''}`)) tf.set(t, (tf.get(t) ?? 0) + 1);
    const q = this.weigh(tf);
    const scored = this.docs.map((d) => {
      let s = 0;
      const [small, large] = q.size < d.w.size ? [q, d.w] : [d.w, q];
      for (const [t, x] of small) {
        const y = large.get(t);
        if (y !== undefined) s += x * y;
      }
      return { id: d.id, score: s };
    });
    scored.sort((a, b) => b.score - a.score);
    return scored.slice(0, k);
  }
}
