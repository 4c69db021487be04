import type { ComponentChildren, RefObject } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

interface Props {
  /** The control that opened it: the panel sits below it and focus returns to it on close. */
  anchor: RefObject<HTMLElement>;
  onClose: () => void;
  label: string;
  children: ComponentChildren;
  width?: number;
}

/**
 * A panel in the browser's top layer (the Popover API): it escapes the host page's
 * `overflow: hidden` cards and never moves the page's layout. Escape and a click outside close
 * it (the browser's light dismiss); the page underneath does not scroll.
 */
export function Popover({ anchor, onClose, label, children, width = 380 }: Props) {
  const panel = useRef<HTMLDivElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useLayoutEffect(() => {
    const el = panel.current;
    const at = anchor.current;
    if (!el || !at) return;
    const place = () => {
      const r = at.getBoundingClientRect();
      const w = Math.min(width, innerWidth - 16);
      el.style.width = `${w}px`;
      el.style.left = `${Math.max(8, Math.min(r.left, innerWidth - w - 8))}px`;
      const below = r.bottom + 6;
      const h = el.offsetHeight;
      el.style.top = `${below + h > innerHeight - 8 && r.top - 6 - h > 8 ? r.top - 6 - h : below}px`;
    };
    el.showPopover?.();
    place();
    const onToggle = (e: Event) => {
      if ((e as ToggleEvent).newState === 'closed') closeRef.current();
    };
    el.addEventListener('toggle', onToggle);
    addEventListener('scroll', place, { capture: true, passive: true });
    addEventListener('resize', place);
    return () => {
      el.removeEventListener('toggle', onToggle);
      removeEventListener('scroll', place, { capture: true });
      removeEventListener('resize', place);
      if (el.matches(':popover-open')) el.hidePopover();
      // Back to the control that opened it, without scrolling the page to it.
      at.focus({ preventScroll: true });
    };
  }, []);

  return (
    <div ref={panel} popover="auto" class="popover" role="dialog" aria-label={label}>
      {children}
    </div>
  );
}

