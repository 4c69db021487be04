/**
 * Runs Gloss's adapters on a saved page and prints what they recognize, one JSON object per paper.
 *   npm run --silent extract -- --url https://huggingface.co/papers page.html
 */
import { readFileSync } from 'node:fs';
import { recognize } from '../lib/sites/registry';
import { decodeHtml, documentFromHtml } from './lib/parse-html';

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run --silent extract -- --url <page url> <file.html>\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
let url: string | undefined;
let file: string | undefined;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--url') url = args[++i];
  else if (args[i].startsWith('--url=')) url = args[i].slice(6);
  else file = args[i];
}
if (!url) usage('missing --url');
if (!file) usage('missing the saved page file');
try {
  new URL(url);
} catch {
  usage(`not a URL: ${url}`);
}
let html: string;
try {
  // Decoded as a browser would: older proceedings pages are windows-1252, not UTF-8.
  html = decodeHtml(readFileSync(file));
} catch (err) {
  usage(`cannot read ${file}: ${(err as Error).message}`);
}
const papers = recognize(documentFromHtml(html), url).map((e) => e.paper);
process.stdout.write(`${JSON.stringify(papers, null, 2)}\n`);
