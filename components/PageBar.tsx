import { useState } from 'preact/hooks';
import { splitTags } from '../lib/library/tags';

export interface PageBarProps {
  total: number;
  saved: number;
  seen: number;
  fresh: number;
  related: number;
  highlight: boolean;
  forYou: boolean;
  selecting: boolean;
  selected: number;
  onHighlight(on: boolean): void;
  onJump(direction: 1 | -1): void;
  onForYou(on: boolean): void;
  onSelecting(on: boolean): void;
  onSaveSelected(tags: string[]): Promise<void>;
  onDismiss(): void;
}

/** The page's summary and whole-page actions, in a small bar at the bottom corner. */
export function PageBar(p: PageBarProps) {
  const [tagText, setTagText] = useState('');
  const [status, setStatus] = useState('');
  const saveSelected = async () => {
    setStatus('Saving…');
    try {
      await p.onSaveSelected(splitTags(tagText));
      setStatus('');
      setTagText('');
    } catch (err) {
      setStatus((err as Error).message);
    }
  };
  return (
    <div class="gloss bar" role="region" aria-label="Gloss: this page">
      <div class="bar-row">
        <strong class="brand">Gloss</strong>
        <span>
          {p.total} papers · {p.saved} saved · {p.seen} seen
          {p.fresh > 0 && <> · {p.fresh} new</>}
          {p.related > 0 && <> · {p.related} related to your library</>}
        </span>
        <button type="button" class="link dismiss" aria-label="Hide the Gloss bar on this page" onClick={p.onDismiss}>
          ×
        </button>
      </div>
      <div class="bar-row">
        {p.related > 0 && (
          <>
            <button type="button" class="btn" aria-pressed={p.highlight} onClick={() => p.onHighlight(!p.highlight)}>
              Highlight related
            </button>
            <button type="button" class="btn" aria-label="Previous related paper" onClick={() => p.onJump(-1)}>
              ↑
            </button>
            <button type="button" class="btn" aria-label="Next related paper" onClick={() => p.onJump(1)}>
              ↓
            </button>
            <button type="button" class="btn" aria-pressed={p.forYou} title="Order this listing by affinity to your library" onClick={() => p.onForYou(!p.forYou)}>
              {p.forYou ? 'Page order' : 'For you'}
            </button>
          </>
        )}
        <button type="button" class="btn" aria-pressed={p.selecting} onClick={() => p.onSelecting(!p.selecting)}>
          {p.selecting ? 'Done selecting' : 'Select…'}
        </button>
      </div>
      {p.selecting && (
        <div class="bar-row">
          <input
            type="text"
            aria-label="Tags for the selected papers"
            placeholder="tags, comma separated"
            value={tagText}
            onInput={(e) => setTagText((e.currentTarget as HTMLInputElement).value)}
            onKeyDown={(e) => e.stopPropagation()}
          />
          <button type="button" class="btn primary" disabled={!p.selected} onClick={() => void saveSelected()}>
            Save {p.selected} selected
          </button>
          {status && <span role="status">{status}</span>}
        </div>
      )}
    </div>
  );
}
