import type { MarkState } from '../../lib/rpc/protocol';

interface Props {
  /** Undefined until the background answered for this row. */
  state?: MarkState;
  /** How many library papers relate to it; undefined while unknown. */
  related?: number;
  dark: boolean;
  /** Whether this site may show the panel (off on other sites in the opt-in links mode). */
  panel: boolean;
  /** Save or remove, then open the panel (it says what happened and offers Undo). `from`: the button, to focus again on close. */
  onToggle(from: HTMLElement): void;
  /** Open the panel: note, tags, related papers. */
  onOpen(from: HTMLElement): void;
}

/**
 * The star, and the reading status as a badge in its lower right corner, inside the same 16×16
 * drawing (the mark's boxes never change size): a ring for to read, a half-filled disc for
 * reading, a full disc for read.
 */
const Star = ({ filled, status }: { filled: boolean; status?: MarkState['status'] }) => (
  <svg viewBox="0 0 16 16" aria-hidden="true">
    <path
      d="M8 1.5l1.9 4 4.4.5-3.3 3 .9 4.4L8 11.2l-3.9 2.2.9-4.4-3.3-3 4.4-.5z"
      fill={filled ? 'currentColor' : 'none'}
      stroke="currentColor"
      stroke-width="1.3"
      stroke-linejoin="round"
    />
    {status && (
      <g class={`badge badge-${status}`}>
        {/* Colours in style, not attributes: var() is not read in SVG presentation attributes. */}
        <circle cx="13" cy="13" r="2.6" stroke-width="1.2" style={{ fill: 'var(--badge-bg)', stroke: 'var(--badge)' }} />
        {status === 'reading' && <path d="M13 10.4a2.6 2.6 0 0 1 0 5.2z" style={{ fill: 'var(--badge)' }} />}
        {status === 'read' && <circle cx="13" cy="13" r="2.6" style={{ fill: 'var(--badge)' }} />}
      </g>
    )}
  </svg>
);

const Pencil = () => (
  <svg viewBox="0 0 16 16" aria-hidden="true">
    <path d="M3 13l.6-2.6L10.8 3.2l2 2-7.2 7.2L3 13zM9.8 4.2l2 2" fill="none" stroke="currentColor" stroke-width="1.3" stroke-linejoin="round" />
  </svg>
);

/** Only a person's click acts: a page can dispatch events at our host, never trusted ones. */
const trusted = (act: (from: HTMLElement) => void) => (e: Event) => {
  if (e.isTrusted) act(e.currentTarget as HTMLElement);
};

/**
 * The mark on one listing row: icons and coloured dots, no words, the same boxes in every state.
 * What it shows is readable only inside its closed shadow root; everything with words opens in
 * the extension's own frame.
 */
export function Mark({ state, related, dark, panel, onToggle, onOpen }: Props) {
  const saved = state?.saved ?? false;
  const describe = state
    ? [
        saved ? 'saved' : 'not saved',
        state.note && 'has a note',
        state.tags && 'tagged',
        state.status && { 'to-read': 'to read', reading: 'reading', read: 'read' }[state.status],
        related && `${related} related in your library`,
        state.isNew && 'new on this listing',
        state.seen && 'seen before',
        state.zotero && 'in your Zotero library',
      ]
        .filter(Boolean)
        .join(', ')
    : 'loading';
  return (
    <div class={dark ? 'm dark' : 'm'} role="group" aria-label={`Gloss: ${describe}`}>
      <button
        type="button"
        class="save"
        aria-pressed={saved}
        aria-label={saved ? 'Saved in Gloss. Remove from your library' : 'Save to Gloss'}
        title={saved ? 'Saved in Gloss (click to remove, with undo)' : 'Save to Gloss'}
        disabled={!state}
        onClick={trusted(onToggle)}
      >
        <Star filled={saved} status={state?.status} />
      </button>
      <button
        type="button"
        class="open"
        hidden={!panel}
        aria-haspopup="dialog"
        aria-label="Note, tags and related papers"
        title="Note, tags and related papers"
        disabled={!state}
        onClick={trusted(onOpen)}
      >
        <Pencil />
      </button>
      <span class="dots" aria-hidden="true" title={describe}>
        <span class={`dot note${state?.note ? ' on' : ''}`} />
        <span class={`dot related${related ? ' on' : ''}`} />
        <span class={`dot fresh${state?.isNew ? ' new' : state?.seen && !saved ? ' seen' : ''}`} />
        <span class={`zotero${state?.zotero ? ' on' : ''}`} />
      </span>
    </div>
  );
}
