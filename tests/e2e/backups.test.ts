/**
 * Local backups in real Chromium, through the options page as a person uses them: back up now,
 * save the backup as a file (read from the worker in parts), lose a paper, restore the backup. Backups are stored as Blobs in
 * the worker's IndexedDB (lib/library/backups.ts); this is where that is read back for real.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { loadCorpus } from '../corpus';
import { BACKUP_PART } from '../../lib/rpc/protocol';
import { fillLibrary, launch, type Gloss } from './harness';

let gloss: Gloss;
// Enough papers for a backup text of more than one part (BACKUP_PART characters): ~10 MB.
const papers = loadCorpus().slice(0, 5000);

beforeAll(async () => {
  gloss = await launch();
  await fillLibrary(gloss, papers);
});
afterAll(async () => {
  await gloss?.close();
});

/** A request to the background from an extension page (the popup's), as the pages make them. */
async function ask(method: string, args: object) {
  const page = await gloss.popup();
  const answer = await page.evaluate(([m, a]) => (globalThis as any).chrome.runtime.sendMessage({ gloss: 1, method: m, args: a }), [method, args] as const);
  await page.close();
  return answer as { ok: boolean; value?: any };
}

test('back up now, save it as a file, lose a paper, restore it', async () => {
  const options = await gloss.context.newPage();
  await options.goto(`chrome-extension://${gloss.extensionId}/options.html`);
  await options.getByRole('button', { name: 'Back up now' }).click();
  await expect.poll(() => options.getByRole('status').filter({ hasText: 'Backed up' }).textContent(), { timeout: 30_000 }).toBe('Backed up 5000 papers.');
  const backups = options.getByRole('list', { name: 'Backups' });
  await expect.poll(() => backups.getByRole('listitem').count()).toBe(1);
  expect(await backups.getByRole('listitem').textContent()).toContain('5000 papers');

  const [file] = await Promise.all([options.waitForEvent('download'), backups.getByRole('button', { name: 'Save as file' }).click()]);
  const text = readFileSync((await file.path())!, 'utf8');
  expect(text.length).toBeGreaterThan(BACKUP_PART);
  const saved = JSON.parse(text);
  expect(saved.format).toBe('gloss-backup');
  expect(saved.papers.map((p: { title: string }) => p.title).sort()).toEqual(papers.map((p) => p.title).sort());

  // A paper is lost; the backup brings it back.
  const lost = saved.papers[0].id as string;
  expect((await ask('unsave', { id: lost })).ok).toBe(true);
  expect((await ask('get', { id: lost })).value).toBeNull();
  await backups.getByRole('button', { name: 'Restore…' }).first().click();
  await options.getByRole('alertdialog', { name: 'Confirm restore' }).getByRole('button', { name: 'Restore 5000 papers' }).click();
  await expect.poll(() => options.getByRole('status').filter({ hasText: 'Restored' }).count(), { timeout: 60_000 }).toBe(1);
  expect((await ask('get', { id: lost })).value?.id).toBe(lost);
  // The library as it was before the restore was backed up first.
  await expect.poll(() => backups.getByRole('listitem').count()).toBe(2);
  await options.close();
});
