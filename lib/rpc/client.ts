import { browser } from 'wxt/browser';
import { GlossError, type ErrorCode } from '../errors';
import type { GlossApi, MethodName } from '../library/service';
import type { Request, Response } from './protocol';

type Args<M extends MethodName> = Parameters<GlossApi[M]>[0];
type Result<M extends MethodName> = Awaited<ReturnType<GlossApi[M]>>;

/** Calls the background. Rejects with a GlossError whose message can be shown to the user. */
export async function call<M extends MethodName>(method: M, args: Args<M>): Promise<Result<M>> {
  const request: Request = { gloss: 1, method, args };
  let response: Response<Result<M>> | undefined;
  try {
    response = await browser.runtime.sendMessage(request);
  } catch (err) {
    throw new GlossError('unavailable', `Gloss's background is not answering (${(err as Error).message}). Reload the page to try again.`);
  }
  if (!response) throw new GlossError('unavailable', "Gloss's background did not answer. Reload the page to try again.");
  if (!response.ok) throw new GlossError(response.error.code as ErrorCode, response.error.message);
  return response.value;
}
