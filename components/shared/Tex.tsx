import { useLayoutEffect, useRef } from 'preact/hooks';
import { splitMath } from '../../lib/render/markdown';
import { Highlighted } from './Highlighted';

/** Temml is ~200 KB: loaded the first time some math is shown, not with every page that may show it. */
let temml: Promise<typeof import('temml').default> | undefined;
const loadTemml = () => (temml ??= import('temml').then((m) => m.default));

/**
 * TeX as MathML (Temml builds DOM nodes, no HTML string). Untrusted input: `\href`, `\class`
 * and the like stay off (`trust: false`) and macro expansion is bounded. What Temml cannot read
 * is shown as its source text.
 */
export function Tex({ tex, display = false }: { tex: string; display?: boolean }) {
  const ref = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    let live = true;
    void loadTemml()
      .then((t) => {
        const el = ref.current;
        if (!live || !el) return;
        try {
          t.render(tex, el, { displayMode: display, throwOnError: true, trust: false, maxExpand: 300, annotate: true });
          el.classList.remove('tex-fallback');
        } catch {
          el.textContent = display ? `$$${tex}$$` : `$${tex}$`;
          el.classList.add('tex-fallback');
        }
      })
      .catch(() => ref.current?.classList.add('tex-fallback'));
    return () => {
      live = false;
    };
  }, [tex, display]);
  // The source is the first content, so it reads as text until (or if not) rendered.
  return (
    <span ref={ref} class={display ? 'tex tex-display' : 'tex'}>
      {display ? `$$${tex}$$` : `$${tex}$`}
    </span>
  );
}

/** A paper title with its `$…$` math rendered and search matches highlighted in the rest. */
export function TitleText({ text, terms = [] }: { text: string; terms?: string[] }) {
  const runs = splitMath(text);
  if (runs.length === 1 && !runs[0].math) return <Highlighted text={text} terms={terms} />;
  return <>{runs.map((r, i) => (r.math ? <Tex key={i} tex={r.text} /> : <Highlighted key={i} text={r.text} terms={terms} />))}</>;
}
