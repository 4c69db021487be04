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
