import { useState } from 'preact/hooks';
import { MAX_TAG_LENGTH, splitTags } from '../../lib/core/tags';

interface Props {
  tags: string[];
  onChange: (tags: string[]) => void;
  /** Existing tags of the library, most used first, offered as the user types. */
  suggestions?: string[];
}

let listCounter = 0;

/** Tag chips with a remove button each, and a field that adds tags on Enter or comma. */
export function TagEditor({ tags, onChange, suggestions = [] }: Props) {
  const [text, setText] = useState('');
  const [listId] = useState(() => `gloss-tags-${++listCounter}`);
  const lower = new Set(tags.map((t) => t.toLowerCase()));
  const offered = suggestions.filter((s) => !lower.has(s.toLowerCase())).slice(0, 50);
  // Said, and not added, rather than cut where the user cannot see it.
  const tooLong = text.split(',').some((part) => part.trim().replace(/^#/, '').length > MAX_TAG_LENGTH);
  const add = () => {
    if (tooLong) return;
    const fresh = splitTags(text);
    if (fresh.length) onChange([...tags, ...fresh]);
    setText('');
  };
  return (
    <div class="tag-editor">
      {tags.map((tag) => (
        <span class="tag" key={tag} title={`#${tag}`}>
          #{tag}
          <button type="button" class="tag-remove" aria-label={`Remove tag ${tag}`} onClick={() => onChange(tags.filter((t) => t !== tag))}>
            ×
          </button>
        </span>
      ))}
      <datalist id={listId}>
        {offered.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      <input
        type="text"
        list={listId}
        aria-label="Add tag"
        placeholder="add tag"
        value={text}
        onInput={(e) => setText((e.currentTarget as HTMLInputElement).value)}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Enter' || e.key === ',') {
            e.preventDefault();
            add();
          } else if (e.key === 'Backspace' && !text && tags.length) {
            onChange(tags.slice(0, -1));
          }
        }}
        onBlur={() => text.trim() && add()}
        aria-invalid={tooLong}
      />
      {tooLong && (
        <span class="error tag-warning" role="alert">
          A tag is at most {MAX_TAG_LENGTH} characters
        </span>
      )}
    </div>
  );
}
