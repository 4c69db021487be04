/**
 * Reads import files off the page's main thread: a hostile or just very large BibTeX file then
 * cannot freeze the page, and the page can stop the read (terminate) when it runs too long.
 */
import { parseReply, type ParseReply } from './worker-protocol';

// Typed by hand: the project compiles against the DOM library, not the worker one.
const scope = self as unknown as { onmessage: ((e: MessageEvent<string>) => void) | null; postMessage(reply: ParseReply): void };

scope.onmessage = (e) => scope.postMessage(parseReply(e.data));
