import type { RelatedPaper } from '../lib/types';

/** Related library papers with why they are related: the shared terms, or a similar subject. */
export function RelatedList({ related }: { related: RelatedPaper[] }) {
  return (
    <ol class="related-list" aria-label="Related papers in your library">
      {related.map((r) => (
        <li key={r.id}>
          <div class="related-title">
            {r.href ? (
              <a href={r.href} target="_blank" rel="noreferrer noopener">
                {r.title}
              </a>
            ) : (
              r.title
            )}
            <span class="score" title="Similarity to this paper, 0–100">
              {Math.round(r.score * 100)}
            </span>
          </div>
          {r.note && <div class="related-note">{r.note}</div>}
          <div class="why">
            why:{' '}
            {r.subject && <span class="term subject">similar subject</span>}
            {r.terms.map((t) => (
              <span class="term" key={t}>
                {t}
              </span>
            ))}
          </div>
        </li>
      ))}
    </ol>
  );
}
