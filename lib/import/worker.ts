/**
 * Reads import files off the page's main thread: a hostile or just very large BibTeX file then
 * cannot freeze the page, and the page can stop the read (terminate) when it runs too long. The
 * page posts the File, so the file's text lives only here, and only while it is read.
 */
import { parseReply, type ParseReply } from './worker-protocol';

// Typed by hand: the project compiles against the DOM library, not the worker one.
const scope = self as unknown as { onmessage: ((e: MessageEvent<string | Blob>) => void) | null; postMessage(reply: ParseReply): void };

// The page hands over the file itself (a Blob): its text is read here and never held by the page.
scope.onmessage = async ({ data }) => {
  let text: string;
  try {
    text = typeof data === 'string' ? data : await data.text();
  } catch (err) {
    return scope.postMessage({ ok: false, message: `the file could not be read (${(err as Error)?.message ?? String(err)})`, importError: false });
  }
  scope.postMessage(parseReply(text));
};
