/**
 * What Gloss costs a page: gzip sizes of the content script and the popup, the size of the
 * worker's script, and the work done on a page Gloss does not support (counted as extension
 * scripting contexts created in it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { TOPIC_MODEL_FILE } from '../lib/search/topic-model';
import { EXTENSION, launch } from '../tests/e2e/harness';

const gz = (file: string) => gzipSync(readFileSync(file)).length;

export interface BundleFigures {
  contentGzip: number;
  /** The service worker's script: loaded and parsed on every cold start. */
  backgroundBytes: number;
  popupGzip: number;
  /** public/topic-model.bin: fetched by the worker when the related index first loads. */
  topicModelBytes: number;
  topicModelGzip: number;
  unsupportedContexts: number;
  supportedContexts: number;
}

/** The popup page's own scripts: its entry chunk and the chunks it imports. */
function popupScripts(): string[] {
  const html = readFileSync(join(EXTENSION, 'popup.html'), 'utf8');
  const entries = [...html.matchAll(/(?:src|href)="\/?(chunks\/[^"]+\.js)"/g)].map((m) => m[1]);
  const seen = new Set<string>();
  const visit = (rel: string) => {
    if (seen.has(rel)) return;
    seen.add(rel);
    const code = readFileSync(join(EXTENSION, rel), 'utf8');
    for (const m of code.matchAll(/from"\.\/([^"]+\.js)"|import\("\.\/([^"]+\.js)"\)/g)) visit(`chunks/${m[1] ?? m[2]}`);
  };
  entries.forEach(visit);
  return [...seen];
}

async function extensionContexts(url: string, body: string): Promise<number> {
  const gloss = await launch();
  try {
    gloss.serve(url, body, { html: true });
    const page = await gloss.context.newPage();
    const cdp = await gloss.context.newCDPSession(page);
    let count = 0;
    cdp.on('Runtime.executionContextCreated', (e) => {
      if (String(e.context.origin).startsWith('chrome-extension://')) count++;
    });
    await cdp.send('Runtime.enable');
    await page.goto(url);
    await page.waitForTimeout(800);
    return count;
  } finally {
    await gloss.close();
  }
}

export async function measureBundle(): Promise<BundleFigures> {
  const content = join(EXTENSION, 'content-scripts/content.js');
  const popup = popupScripts().reduce((n, rel) => n + gz(join(EXTENSION, rel)), 0);
  const page = '<html><body><h1>A blog</h1><a href="https://arxiv.org/abs/1706.03762">Attention Is All You Need</a></body></html>';
  return {
    contentGzip: gz(content),
    backgroundBytes: readFileSync(join(EXTENSION, 'background.js')).length,
    popupGzip: popup,
    topicModelBytes: readFileSync(join(EXTENSION, TOPIC_MODEL_FILE)).length,
    topicModelGzip: gz(join(EXTENSION, TOPIC_MODEL_FILE)),
    unsupportedContexts: await extensionContexts('https://example.org/', page),
    supportedContexts: await extensionContexts('https://arxiv.org/abs/1706.03762', page),
  };
}
