export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** nDCG@k with binary relevance. */
export function ndcg(relevant: boolean[], k = 10, totalRelevant = Infinity): number {
  let dcg = 0;
  relevant.slice(0, k).forEach((r, i) => (dcg += r ? 1 / Math.log2(i + 2) : 0));
  let ideal = 0;
  for (let i = 0; i < Math.min(k, totalRelevant); i++) ideal += 1 / Math.log2(i + 2);
  return ideal ? dcg / ideal : 0;
}

export const precisionAt = (relevant: boolean[], k = 5) => relevant.slice(0, k).filter(Boolean).length / k;

export function time<T>(fn: () => T): [T, number] {
  const s = performance.now();
  const out = fn();
  return [out, performance.now() - s];
}
