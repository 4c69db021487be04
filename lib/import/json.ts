/** JSON.parse for import files: a syntax error becomes an ImportError that names the line. */
import { ImportError } from './types';

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw jsonError(text, err as Error);
  }
}

function jsonError(text: string, err: Error): ImportError {
  const at = Number(err.message.match(/position (\d+)/)?.[1]);
  if (Number.isFinite(at)) {
    const line = text.slice(0, at).split('\n').length;
    return new ImportError(`not valid JSON (${err.message.replace(/ in JSON at position \d+.*$/, '').replace(/ at position \d+.*$/, '')})`, `line ${line}`);
  }
  return new ImportError(`not valid JSON (${err.message})`);
}
