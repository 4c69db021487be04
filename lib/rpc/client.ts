import { browser } from 'wxt/browser';
import { GlossError, type ErrorCode } from '../errors';
import type { GlossApi, MethodName } from '../library/service';
import type { Request, Response } from './protocol';

type Args<M extends MethodName> = Parameters<GlossApi[M]>[0];
type Result<M extends MethodName> = Awaited<ReturnType<GlossApi[M]>>;

/** Tries after a lost answer: a stopped service worker restarts on the next message. */
const RETRY_DELAYS_MS = [150, 600];

async function send<M extends MethodName>(request: Request): Promise<Response<Result<M>> | undefined> {
  return browser.runtime.sendMessage(request);
}

/**
 * Calls the background. Every method sets absolute values (save, set note to X, set tags to Y),
 * so a call whose answer was lost (the browser stopped the worker mid-call) is sent again;
 * each write is one transaction, so it was either fully stored or not at all.
 * Rejects with a GlossError whose message can be shown to the user.
 */
export async function call<M extends MethodName>(method: M, args: Args<M>): Promise<Result<M>> {
  const request: Request = { gloss: 1, method, args };
  let lastError = '';
  for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt++) {
    if (attempt) await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[attempt - 1]));
    let response: Response<Result<M>> | undefined;
    try {
      response = await send<M>(request);
    } catch (err) {
      lastError = (err as Error).message;
      continue;
    }
    if (!response) {
      lastError = 'no answer';
      continue;
    }
    if (!response.ok) throw new GlossError(response.error.code as ErrorCode, response.error.message);
    return response.value;
  }
  throw new GlossError('unavailable', `Gloss's background is not answering (${lastError}). Your change is kept here; try again, or reload the page.`);
}
