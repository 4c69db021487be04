import { MAX_NOTE_LENGTH, paperMeta } from '../rpc/protocol';
import { ValidationError } from '../rpc/validate';
import { ImportError, type ImportItem } from './types';

/** Every paper must be one the background would accept from a page. */
export function validateItems(items: ImportItem[]) {
  for (const item of items) {
    try {
      paperMeta(item.paper, 'paper');
    } catch (err) {
      if (err instanceof ValidationError) throw new ImportError(err.message.replace(/^paper\.?/, '').replace(/^: /, ''), item.where);
      throw err;
    }
    if (item.note !== undefined && item.note.length > MAX_NOTE_LENGTH) throw new ImportError(`note is longer than ${MAX_NOTE_LENGTH.toLocaleString('en')} characters`, item.where);
  }
}
