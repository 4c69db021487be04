/**
 * The extension's own files, as the worker fetches them (`fetch(runtime.getURL(...))`), served
 * from public/ so services under test load the real topic model.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const realFetch = globalThis.fetch;
const PUBLIC = join(import.meta.dirname, '../../public');

globalThis.fetch = async (input, init) => {
  const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
  if (url.protocol === 'chrome-extension:') {
    try {
      return new Response(readFileSync(join(PUBLIC, decodeURIComponent(url.pathname))));
    } catch {
      return new Response(null, { status: 404 });
    }
  }
  return realFetch(input, init);
};
