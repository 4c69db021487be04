import { highlight } from '../../lib/search/library-search';

/** Text with the search's matches in <mark>: built from text runs, never from HTML. */
export function Highlighted({ text, terms }: { text: string; terms: string[] }) {
  return <>{highlight(text, terms).map((run, i) => (run.hit ? <mark key={i}>{run.text}</mark> : run.text))}</>;
}
