/**
 * Styles of the inline mark, inside its closed shadow root. Every state has the same boxes: the
 * mark's size, and the size of everything in it, never depends on what it shows (a page can
 * measure the host, and could restyle it to follow its content). No text, no transitions.
 */
export const MARK_WIDTH = 76;
export const MARK_HEIGHT = 22;

export const markStyles = `
:host {
  all: initial;
  display: inline-block;
  vertical-align: middle;
  width: ${MARK_WIDTH}px;
  height: ${MARK_HEIGHT}px;
  margin: 4px 0;
  contain: strict;
}
.m {
  --fg: #1f2328; --muted: #8a919c; --bg: #ffffff; --line: #d6d9de; --accent: #b4530a;
  --note: #b4530a; --related: #2563eb; --new: #0f7b3f; --seen: #8a919c; --focus: #2563eb; --zotero: #cc2936;
  display: flex; align-items: center; gap: 2px;
  width: ${MARK_WIDTH}px; height: ${MARK_HEIGHT}px; box-sizing: border-box;
  color: var(--fg);
}
.m.dark {
  --fg: #e6e8eb; --muted: #7d8590; --bg: #14171c; --line: #3a404a; --accent: #ffb454;
  --note: #ffb454; --related: #7aa7ff; --new: #7be3a4; --seen: #7d8590; --focus: #7aa7ff; --zotero: #ff6b76;
}
button {
  all: unset;
  box-sizing: border-box;
  width: 24px; height: 22px;
  display: inline-flex; align-items: center; justify-content: center;
  border: 1px solid var(--line); border-radius: 6px; background: var(--bg);
  color: var(--fg); cursor: pointer;
}
button:disabled { opacity: 0.5; cursor: default; }
button[hidden] { display: inline-flex; visibility: hidden; }
button:focus-visible { outline: 2px solid var(--focus); outline-offset: 1px; }
button.save[aria-pressed='true'] { color: var(--accent); border-color: var(--accent); }
svg { width: 14px; height: 14px; display: block; }
.dots { display: inline-flex; flex-wrap: wrap; align-content: center; gap: 3px 2px; width: 22px; height: 14px; margin-left: 2px; }
/* In the user's Zotero library: a bar under the dots, Zotero's red; the same box when not. */
.zotero { width: 22px; height: 3px; border-radius: 2px; }
.zotero.on { background: var(--zotero); }
.dot { width: 6px; height: 6px; border-radius: 50%; box-sizing: border-box; border: 1px solid transparent; }
.dot.note.on { background: var(--note); }
.dot.related.on { background: var(--related); }
.dot.fresh.new { background: var(--new); }
.dot.fresh.seen { border-color: var(--seen); }
/* Reading status: a badge drawn inside the star's own 14×14 box (Mark.tsx Star). */
.badge { --badge: var(--focus); --badge-bg: var(--bg); }
`;
