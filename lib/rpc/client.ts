import { browser } from 'wxt/browser';
import { GlossError, type ErrorCode } from '../core/errors';
import type { ExtensionApi, PageApi, PanelApi, Request, Response } from './protocol';

/** Tries after a lost answer: a stopped service worker restarts on the next message. */
const RETRY_DELAYS_MS = [150, 600];

type Fn = (args: never) => Promise<unknown>;
type Args<Api, M extends keyof Api> = Api[M] extends (args: infer A) => Promise<unknown> ? A : never;
type Result<Api, M extends keyof Api> = Api[M] extends (args: never) => Promise<infer R> ? R : never;

/**
 * A typed caller of one contract. Every method sets absolute values (save, set note to X, set
 * tags to Y), so a call whose answer was lost (the browser stopped the worker mid-call) is sent
 * again; each write is one transaction, so it was either fully stored or not at all.
 * Rejects with a GlossError whose message can be shown to the user.
 */
function client<Api extends { [K in keyof Api]: Fn }>() {
  return async function call<M extends keyof Api & string>(method: M, args: Args<Api, M>): Promise<Result<Api, M>> {
    const request: Request = { gloss: 1, method, args };
    let lastError = '';
    for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt++) {
      if (attempt) await new Promise((r) => setTimeout(r, RETRY_DELAYS_MS[attempt - 1]));
      let response: Response<Result<Api, M>> | undefined;
      try {
        response = await browser.runtime.sendMessage(request);
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
  };
}

/** Extension pages: the whole library. */
export const call = client<ExtensionApi>();
/** Content scripts: flags for their own tab's papers, and the panel. */
export const callPage = client<PageApi>();
/** The panel frame: the one paper it was opened for. */
export const callPanel = client<PanelApi>();
