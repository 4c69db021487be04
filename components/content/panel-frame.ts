/**
 * The one extension frame a page gets, opened next to the row the user clicked. It sits in a
 * closed shadow root, so the page cannot read its URL (which carries the panel's token) nor
 * reach the element; it always has the same size, whatever it shows.
 */
export const PANEL_WIDTH = 380;
export const PANEL_HEIGHT = 400;

const styles = `
:host { all: initial; position: absolute; z-index: 2147483646; width: ${PANEL_WIDTH}px; height: ${PANEL_HEIGHT}px; contain: strict; }
:host([hidden]) { display: none; }
iframe { border: 0; width: 100%; height: 100%; display: block; border-radius: 10px; color-scheme: normal; box-shadow: 0 8px 28px rgba(15, 23, 42, 0.25); }
`;

export interface PanelFrame {
  /** Shows the frame by `anchor`, on `token`'s panel. */
  show(anchor: Element, token: string): void;
  /** Closes it: the frame goes. */
  hide(): void;
  isOpen(): boolean;
  /** Whether the keyboard is in the frame (false once the page moved focus anywhere else). */
  hasFocus(): boolean;
  /** The host element (ours: clicks inside it are not "outside"). */
  contains(node: EventTarget | null): boolean;
  remove(): void;
}

export function panelFrame(doc: Document, url: string, onGone: () => void): PanelFrame {
  let host: HTMLElement | undefined;
  let frame: HTMLIFrameElement | undefined;
  let root: ShadowRoot | undefined;
  let expectLoad = false;
  let seq = 0;

  /** The src is set before the frame joins the page, so its first load is the only one we start. */
  const create = (src: string) => {
    host = doc.createElement('span');
    host.hidden = true;
    root = host.attachShadow({ mode: 'closed' });
    const style = doc.createElement('style');
    style.textContent = styles;
    frame = doc.createElement('iframe');
    frame.title = 'Gloss';
    // The page may navigate a frame it can see (window.frames[i].location = …) to a look-alike:
    // any load we did not start takes the frame away.
    frame.addEventListener('load', () => {
      if (expectLoad) expectLoad = false;
      else {
        remove();
        onGone();
      }
    });
    expectLoad = true;
    frame.src = src;
    root.append(style, frame);
    doc.documentElement.append(host);
  };

  const place = (anchor: Element) => {
    const r = anchor.getBoundingClientRect();
    const view = doc.defaultView!;
    const left = Math.max(8, Math.min(r.left, view.innerWidth - PANEL_WIDTH - 16));
    const below = r.bottom + 6;
    const top = below + PANEL_HEIGHT > view.innerHeight && r.top - PANEL_HEIGHT - 6 > 0 ? r.top - PANEL_HEIGHT - 6 : below;
    host!.style.left = `${left + view.scrollX}px`;
    host!.style.top = `${top + view.scrollY}px`;
  };

  function remove() {
    host?.remove();
    host = frame = root = undefined;
  }

  return {
    show(anchor, token) {
      const src = `${url}#${token}:${++seq}`;
      // A new frame each time rather than a new fragment: Chromium fires `load` for a fragment
      // change of an extension frame's src, which the guard above takes for the page's own
      // navigation and removes the frame, so the panel never opened a second time on a page.
      remove();
      create(src);
      place(anchor);
      host!.hidden = false;
      frame!.focus();
    },
    // Each open makes a new frame, so a closed one is not kept: it would hold the last paper's
    // panel (and its text) in the page's tree for nothing.
    hide: () => remove(),
    isOpen: () => !!host && !host.hidden,
    hasFocus: () => !!host && doc.activeElement === host && root?.activeElement === frame,
    contains: (node) => !!host && node === host,
    remove,
  };
}
