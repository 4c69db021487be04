import { STATUS_LABEL } from '../../lib/core/status';
import { READING_STATUSES, type ReadingStatus } from '../../lib/core/types';

const day = (t: number) => new Date(t).toISOString().slice(0, 10);

/**
 * To read / reading / read as three toggle buttons; pressing the current one clears it. The
 * date says since when.
 */
export function StatusPicker({ status, statusAt, onChange }: { status?: ReadingStatus; statusAt?: number; onChange: (s: ReadingStatus | 'none') => void }) {
  return (
    <div class="status-picker" role="group" aria-label="Reading status">
      {READING_STATUSES.map((s) => (
        <button type="button" key={s} class={`status-${s}`} aria-pressed={status === s} onClick={() => onChange(status === s ? 'none' : s)}>
          {STATUS_LABEL[s]}
        </button>
      ))}
      {status && statusAt && <span class="status-since">since {day(statusAt)}</span>}
    </div>
  );
}

/** A status as a short label for tables and lists ("" when there is none). */
export const statusLabel = (s?: ReadingStatus) => (s ? STATUS_LABEL[s] : '');
