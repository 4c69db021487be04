import { GlossError } from '../core/errors';
import { callerOf, type Caller, type Sender } from './callers';
import {
  MAX_MESSAGE_BYTES,
  argsValidators,
  isAdminMethod,
  isMethod,
  isPageMethod,
  isPanelMethod,
  pageValidators,
  panelValidators,
  type AdminApi,
  type PageApi,
  type PanelApi,
  type Response,
} from './protocol';
import { ValidationError, type Validator } from './validate';
import type { GlossApi } from './protocol';

export type { Sender };

/** What answers each kind of caller; page and panel handlers are made for the caller's tab. */
export interface Handlers {
  library: GlossApi;
  admin: AdminApi;
  page(caller: Extract<Caller, { kind: 'page' }>): PageApi;
  panel(caller: Extract<Caller, { kind: 'panel' }>): PanelApi;
}

function fail(code: string, message: string): Response {
  return { ok: false, error: { code, message } };
}

/** The method, its validator and its handler, if this caller may call it. */
function route(handlers: Handlers, caller: Caller, method: unknown): { check: Validator<unknown>; run: (args: unknown) => Promise<unknown> } | string {
  const bind = (api: object, name: string) => (args: unknown) => (api as Record<string, (a: unknown) => Promise<unknown>>)[name].call(api, args);
  switch (caller.kind) {
    case 'extension':
      if (!isMethod(method)) return 'extension pages';
      return { check: argsValidators[method], run: bind(isAdminMethod(method) ? handlers.admin : handlers.library, method) };
    case 'page':
      return isPageMethod(method) ? { check: pageValidators[method], run: bind(handlers.page(caller), method) } : 'pages';
    case 'panel':
      return isPanelMethod(method) ? { check: panelValidators[method], run: bind(handlers.panel(caller), method) } : 'the panel';
  }
}

/**
 * Answers one message: refuses anything not from this extension, not shaped like a request,
 * not allowed to this kind of caller, too large, or with arguments that do not validate. The
 * handler is called only with the validator's output, so a refused message changes nothing.
 */
export async function handleRequest(handlers: Handlers, message: unknown, sender: Sender, extensionId: string): Promise<Response> {
  const caller = callerOf(sender, extensionId);
  if (!caller) return fail('forbidden', 'Messages are accepted only from Gloss itself.');
  if (!message || typeof message !== 'object') return fail('invalid', 'Expected a request object.');
  const { gloss, method, args, ...rest } = message as Record<string, unknown>;
  if (gloss !== 1 || Object.keys(rest).length) return fail('invalid', 'Not a Gloss request.');
  const known = isMethod(method) || isPageMethod(method) || isPanelMethod(method);
  if (!known) return fail('invalid', `Unknown method ${JSON.stringify(String(method)).slice(0, 80)}.`);
  const target = route(handlers, caller, method);
  if (typeof target === 'string') return fail('forbidden', `${String(method)} is not available to ${target}.`);
  let size: number;
  try {
    size = JSON.stringify(args ?? null).length;
  } catch {
    return fail('invalid', 'Arguments are not plain data.');
  }
  if (size > MAX_MESSAGE_BYTES) return fail('invalid', `Request too large (${size} bytes).`);
  let valid: unknown;
  try {
    valid = target.check(args, 'args');
  } catch (err) {
    if (err instanceof ValidationError) return fail('invalid', err.message);
    throw err;
  }
  try {
    return { ok: true, value: await target.run(valid) };
  } catch (err) {
    if (err instanceof GlossError) return fail(err.code, err.message);
    const name = (err as Error)?.name;
    if (name === 'QuotaExceededError' || /quota/i.test(String((err as Error)?.message))) {
      return fail('unavailable', 'The browser has no storage space left for Gloss. Free some disk space or remove unused site data, then try again.');
    }
    console.error('[gloss] request failed', method, err);
    return fail('internal', `Gloss could not complete ${String(method)}: ${(err as Error)?.message ?? err}`);
  }
}
