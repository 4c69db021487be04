import { GlossError } from '../errors';
import type { GlossApi } from '../library/service';
import { MAX_MESSAGE_BYTES, argsValidators, isMethod, type Response } from './protocol';
import { ValidationError } from './validate';

export interface Sender {
  id?: string;
}

function fail(code: string, message: string): Response {
  return { ok: false, error: { code, message } };
}

/**
 * Answers one message: refuses anything not from this extension, not shaped like a request,
 * too large, or with arguments that do not validate. The service is called only with
 * validated arguments, so a refused message changes nothing.
 */
export async function handleRequest(
  api: GlossApi,
  message: unknown,
  sender: Sender,
  extensionId: string,
): Promise<Response> {
  if (sender.id !== extensionId) return fail('forbidden', 'Messages are accepted only from Gloss itself.');
  if (!message || typeof message !== 'object') return fail('invalid', 'Expected a request object.');
  const { gloss, method, args, ...rest } = message as Record<string, unknown>;
  if (gloss !== 1 || Object.keys(rest).length) return fail('invalid', 'Not a Gloss request.');
  if (!isMethod(method)) return fail('invalid', `Unknown method ${JSON.stringify(String(method)).slice(0, 80)}.`);
  let size: number;
  try {
    size = JSON.stringify(args ?? null).length;
  } catch {
    return fail('invalid', 'Arguments are not plain data.');
  }
  if (size > MAX_MESSAGE_BYTES) return fail('invalid', `Request too large (${size} bytes).`);
  let valid: unknown;
  try {
    valid = argsValidators[method](args, 'args');
  } catch (err) {
    if (err instanceof ValidationError) return fail('invalid', err.message);
    throw err;
  }
  try {
    const value = await (api[method] as (a: unknown) => Promise<unknown>).call(api, valid);
    return { ok: true, value };
  } catch (err) {
    if (err instanceof GlossError) return fail(err.code, err.message);
    const name = (err as Error)?.name;
    if (name === 'QuotaExceededError' || /quota/i.test(String((err as Error)?.message))) {
      return fail('unavailable', 'The browser has no storage space left for Gloss. Free some disk space or remove unused site data, then try again.');
    }
    console.error('[gloss] request failed', method, err);
    return fail('internal', `Gloss could not complete ${method}: ${(err as Error)?.message ?? err}`);
  }
}
