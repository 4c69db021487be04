import type { RefObject } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/**
 * Which rows of a long list are in view: only those are rendered, so a library of thousands
 * scrolls as smoothly as one of ten. Rows have a fixed height.
 */
export function useVirtualRows(scroller: RefObject<HTMLElement>, count: number, rowHeight: number, overscan = 8) {
  const [range, setRange] = useState({ start: 0, end: 40 });
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const update = () => {
      const start = Math.max(0, Math.floor(el.scrollTop / rowHeight) - overscan);
      const end = Math.min(count, Math.ceil((el.scrollTop + el.clientHeight) / rowHeight) + overscan);
      setRange((r) => (r.start === start && r.end === end ? r : { start, end }));
    };
    update();
    el.addEventListener('scroll', update, { passive: true });
    addEventListener('resize', update);
    return () => {
      el.removeEventListener('scroll', update);
      removeEventListener('resize', update);
    };
  }, [count, rowHeight]);
  return {
    ...range,
    end: Math.min(range.end, count),
    padTop: range.start * rowHeight,
    padBottom: Math.max(0, (count - Math.min(range.end, count)) * rowHeight),
  };
}
