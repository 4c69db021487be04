/** Guarantees that hold across the code base, checked where they could silently break. */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';
import { LibraryService } from '../../lib/library/service';
import { handleRequest } from '../../lib/rpc/server';
import { EXT, backgroundFor, freshDb, paper, senders } from './helpers';

const ROOT = join(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(name) ? [path] : [];
  });
}

test('no code of ours renders HTML from strings: page and user text is always text', () => {
  const offenders = ['entrypoints', 'components', 'lib']
    .flatMap((d) => sources(join(ROOT, d)))
    .flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return /\binnerHTML\b|dangerouslySetInnerHTML|insertAdjacentHTML|outerHTML\s*=|document\.write\(|\beval\(|new Function\(/.test(text)
        ? [relative(ROOT, file)]
        : [];
    });
  expect(offenders).toEqual([]);
});

test('the manifest asks for exactly these permissions (a change here must be deliberate)', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, '.output/chrome-mv3/manifest.json'), 'utf8'));
  expect(manifest.permissions).toEqual(['storage', 'unlimitedStorage', 'scripting', 'activeTab', 'contextMenus', 'alarms']);
  expect(manifest.optional_permissions).toEqual(['downloads']);
  // Zotero's API is asked for when the user connects Zotero; all sites for the links opt-in.
  expect(manifest.optional_host_permissions).toEqual(['https://api.zotero.org/*', '<all_urls>']);
  expect(manifest.host_permissions).toBeUndefined();
  // Content scripts run on supported sites only, never everywhere by default.
  for (const cs of manifest.content_scripts) {
    for (const m of cs.matches) expect(m).toMatch(/^https:\/\/[a-z0-9.-]+\.[a-z]+\/\S*$/);
  }
  // No remote code: no external scripts in the CSP, nothing loaded from the network.
  expect(JSON.stringify(manifest)).not.toMatch(/http:\/\/|unsafe-eval|externally_connectable/);
});

describe('storage running out', () => {
  test('a write that hits the quota says what to do, and the library stays readable', async () => {
    const db = freshDb();
    const lib = new LibraryService(db);
    await lib.save({ paper: paper({ arxiv: '2401.00001' }), note: 'existing' });
    const bulkPut = db.papers.bulkPut.bind(db.papers);
    db.papers.bulkPut = (() => {
      throw Object.assign(new Error('The quota has been exceeded.'), { name: 'QuotaExceededError' });
    }) as typeof db.papers.bulkPut;
    const { handlers } = backgroundFor(lib);
    const answer = await handleRequest(handlers, { gloss: 1, method: 'save', args: { paper: paper({ arxiv: '2401.00002' }) } }, senders.popup, EXT);
    expect(answer).toEqual({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/no storage space left.*Free some disk space/) },
    });
    db.papers.bulkPut = bulkPut;
    expect(await handleRequest(handlers, { gloss: 1, method: 'list', args: {} }, senders.popup, EXT)).toMatchObject({ ok: true, value: { total: 1 } });
  });
});

test('the background is the only writer: no page bundle but the worker carries database code', () => {
  const out = join(ROOT, '.output/chrome-mv3');
  for (const page of ['library', 'options', 'popup', 'panel']) {
    const html = readFileSync(join(out, `${page}.html`), 'utf8');
    const scripts = [...html.matchAll(/src="([^"]+\.js)"/g)].map((m) => m[1]);
    expect(scripts.length, page).toBeGreaterThan(0);
    // Each page script and every chunk it imports (statically or on demand).
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(join(out, file), 'utf8');
      expect(code, `${page}: ${file}`).not.toMatch(/IDBKeyRange|indexedDB\.open|Dexie/);
      for (const m of code.matchAll(/["'](?:\.\.?\/)*((?:chunks|assets)\/[\w.-]+\.js)["']/g)) visit(m[1]);
    };
    scripts.forEach((s) => visit(s.replace(/^\//, '')));
  }
  expect(readFileSync(join(out, 'background.js'), 'utf8')).toMatch(/IDBKeyRange/);
});
