import type { RelatedPaper } from '../../lib/core/types';
import { preview } from '../../lib/core/text';
import { plainText } from '../../lib/render/markdown';
import { TitleText } from './Tex';

const WORDS = { strong: 'strong match', good: 'good match', weak: 'loose match' } as const;
const BARS = { strong: 3, good: 2, weak: 1 } as const;

/**
 * How close, in words and bars: the raw score (21–42) meant nothing to anyone. The words come
 * from where the score lies among this library's own matches (lib/search/related.ts calibrate).
 */
function Strength({ r }: { r: RelatedPaper }) {
  const s = r.strength ?? 'weak';
  return (
    <span class={`strength strength-${s}`} title={`${WORDS[s]} for your library (score ${Math.round(r.score * 100)} of 100)`}>
      <span class="bars" aria-hidden="true">
        {[1, 2, 3].map((i) => (
          <i key={i} class={i <= BARS[s] ? 'on' : ''} />
        ))}
      </span>
      {WORDS[s]}
    </span>
  );
}

/** Related library papers with why they are related: the shared terms, or a similar subject. */
export function RelatedList({ related }: { related: RelatedPaper[] }) {
  return (
    <ol class="related-list" aria-label="Related papers in your library">
      {related.map((r) => (
        <li key={r.id}>
          <div class="related-title">
            {r.href ? (
              <a href={r.href} target="_blank" rel="noreferrer noopener">
                <TitleText text={r.title} />
              </a>
            ) : (
              <TitleText text={r.title} />
            )}
            <Strength r={r} />
          </div>
          {r.note && <div class="related-note">{preview(plainText(r.note), 100)}</div>}
          {(r.subject || r.terms.length > 0) && (
            <div class="why">
              {r.yours ? 'your note or tags: ' : 'why: '}
              {r.subject && <span class="term subject">similar subject</span>}
              {r.terms.map((t) => (
                <span class="term" key={t}>
                  {t}
                </span>
              ))}
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}
