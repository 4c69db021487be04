/** Styles of the inline mark. They live in its shadow root: the page's CSS and ours never mix. */
export const markStyles = `
:host {
  all: initial;
  display: block;
  margin: 6px 0 4px;
  --fg: #1f2328;
  --muted: #5b6270;
  --bg: #ffffff;
  --line: #d6d9de;
  --accent: #b4530a;
  --accent-bg: #fff4e5;
  --focus: #2563eb;
  --error: #b42318;
  --tag-bg: #eef2f7;
  --new: #0f7b3f;
  --new-bg: #e3f6ea;
  --hl: #fff3c4;
  --shadow: 0 8px 28px rgba(15, 23, 42, 0.18);
  color-scheme: light;
}
:host([data-theme='dark']) {
  --fg: #e6e8eb;
  --muted: #a3aab5;
  --bg: #14171c;
  --line: #3a404a;
  --accent: #ffb454;
  --accent-bg: #3a2a12;
  --focus: #7aa7ff;
  --error: #ff8a80;
  --tag-bg: #262b33;
  --new: #7be3a4;
  --new-bg: #133523;
  --hl: #3d3414;
  --shadow: 0 8px 28px rgba(0, 0, 0, 0.5);
  color-scheme: dark;
}
.gloss {
  font: 12.5px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  color: var(--fg);
}
.row {
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 6px;
  min-width: 0;
}
.btn {
  display: inline-flex;
  align-items: center;
  gap: 4px;
  font: inherit;
  font-weight: 500;
  color: var(--fg);
  background: var(--bg);
  border: 1px solid var(--line);
  border-radius: 6px;
  padding: 2px 8px;
  cursor: pointer;
  line-height: 18px;
}
.btn:hover:not(:disabled) { border-color: var(--accent); }
.btn:disabled { opacity: 0.55; cursor: default; }
.btn.save[aria-pressed='true'] {
  color: var(--accent);
  background: var(--accent-bg);
  border-color: var(--accent);
}
button:focus-visible, textarea:focus-visible, input:focus-visible {
  outline: 2px solid var(--focus);
  outline-offset: 1px;
}
.preview {
  color: var(--muted);
  font-style: italic;
  min-width: 0;
  max-width: 100%;
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
  flex: 0 1 auto;
}
.tag {
  display: inline-flex;
  align-items: center;
  gap: 2px;
  background: var(--tag-bg);
  color: var(--fg);
  border-radius: 999px;
  padding: 0 8px;
  line-height: 18px;
  max-width: 16em;
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
}
.error { color: var(--error); }
.panel {
  margin-top: 6px;
  padding: 8px;
  border: 1px solid var(--line);
  border-radius: 8px;
  background: var(--bg);
  display: grid;
  gap: 6px;
}
.gloss.is-highlighted .row {
  background: var(--hl);
  border-radius: 6px;
  box-shadow: 0 0 0 4px var(--hl);
}
.chip.related {
  color: var(--focus);
  border-color: color-mix(in srgb, var(--focus) 45%, var(--line));
}
.badge {
  border-radius: 999px;
  padding: 0 7px;
  line-height: 18px;
  font-size: 11.5px;
  font-weight: 600;
}
.badge.new { color: var(--new); background: var(--new-bg); }
.badge.seen { color: var(--muted); border: 1px dotted var(--line); font-weight: 500; }
.select { width: 15px; height: 15px; margin: 0; accent-color: var(--accent); }
.popover {
  position: fixed;
  inset: auto;
  margin: 0;
  box-sizing: border-box;
  max-height: min(70vh, 520px);
  overflow: auto;
  padding: 10px;
  border: 1px solid var(--line);
  border-radius: 10px;
  background: var(--bg);
  color: var(--fg);
  box-shadow: var(--shadow);
  font: 12.5px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
}
.popover:not(:popover-open) { display: none; }
.popover > * + * { margin-top: 8px; }
.panel-title {
  font-weight: 600;
  color: var(--muted);
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
}
.related-list { list-style: none; margin: 0; padding: 0; display: grid; gap: 10px; }
.related-title { display: flex; gap: 8px; align-items: baseline; font-weight: 600; }
.related-title a { color: var(--fg); text-decoration: none; flex: 1; }
.related-title a:hover { text-decoration: underline; }
.score {
  margin-left: auto;
  color: var(--muted);
  font-variant-numeric: tabular-nums;
  font-weight: 500;
}
.related-note { color: var(--muted); font-style: italic; }
.why { color: var(--muted); display: flex; flex-wrap: wrap; gap: 4px; align-items: center; }
.term { background: var(--tag-bg); color: var(--fg); border-radius: 4px; padding: 0 5px; }
.term.subject { background: none; border: 1px dashed var(--line); font-style: italic; }
.bar {
  position: fixed;
  right: 16px;
  bottom: 16px;
  z-index: 2147483000;
  max-width: min(560px, calc(100vw - 32px));
  padding: 8px 10px;
  border: 1px solid var(--line);
  border-radius: 10px;
  background: var(--bg);
  box-shadow: var(--shadow);
  display: grid;
  gap: 6px;
}
.bar-row { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; }
.bar .brand { color: var(--accent); }
.bar .dismiss { margin-left: auto; text-decoration: none; font-size: 16px; color: var(--muted); }
.bar input[type='text'] {
  font: inherit;
  color: var(--fg);
  background: var(--bg);
  border: 1px solid var(--line);
  border-radius: 6px;
  padding: 2px 6px;
}
.btn[aria-pressed='true'] { border-color: var(--accent); color: var(--accent); }
.btn.primary { background: var(--accent); color: var(--bg); border-color: var(--accent); }
textarea {
  box-sizing: border-box;
  width: 100%;
  resize: vertical;
  font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
  color: var(--fg);
  background: var(--bg);
  border: 1px solid var(--line);
  border-radius: 6px;
  padding: 6px 8px;
}
.note-status {
  display: flex;
  gap: 8px;
  align-items: center;
  min-height: 18px;
  color: var(--muted);
  font-size: 11.5px;
}
.note-status .close { margin-left: auto; }
.link {
  font: inherit;
  color: var(--focus);
  background: none;
  border: none;
  padding: 0;
  cursor: pointer;
  text-decoration: underline;
}
.tag-editor { display: flex; flex-wrap: wrap; gap: 4px; align-items: center; }
.tag-editor input {
  font: inherit;
  color: var(--fg);
  background: var(--bg);
  border: 1px dashed var(--line);
  border-radius: 999px;
  padding: 0 8px;
  line-height: 18px;
  width: 8em;
}
.tag-remove {
  font: inherit;
  background: none;
  border: none;
  color: var(--muted);
  cursor: pointer;
  padding: 0 0 0 2px;
}
`;
