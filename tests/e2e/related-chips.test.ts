/**
 * Related chips (the mark's related dot) in real Chromium at two library sizes: with a floor
 * calibrated on the library's own scores, a 2,000-paper library does not light every row of
 * the real HF daily page (before issue 17 it lit 30 of 31).
 */
import { afterAll, expect, test } from 'vitest';
import { loadCorpus } from '../corpus';
import { HF_DAILY, fillLibrary, launch, type Gloss } from './harness';
import { readMarks, waitForMarks } from './marks';

let gloss: Gloss | undefined;
afterAll(async () => {
  await gloss?.close();
});

async function chipsOnHf(g: Gloss): Promise<number> {
  const hf = await g.context.newPage();
  await hf.goto('https://huggingface.co/papers');
  await waitForMarks(hf, 31);
  // The counts arrive after the saved states; wait until they stop changing.
  let last = -1;
  let stable = 0;
  const end = Date.now() + 30_000;
  while (stable < 4 && Date.now() < end) {
    const now = (await readMarks(hf)).filter((m) => m.related).length;
    stable = now === last ? stable + 1 : 0;
    last = now;
    await hf.waitForTimeout(500);
  }
  await hf.close();
  return last;
}

test('rows of the HF page with a related chip at 100 and at 2,000 saved papers', async () => {
  const corpus = loadCorpus();
  gloss = await launch();
  gloss.serve('https://huggingface.co/papers', HF_DAILY);
  await fillLibrary(gloss, corpus.slice(0, 100));
  const at100 = await chipsOnHf(gloss);
  await fillLibrary(gloss, corpus.slice(100, 2000));
  const at2000 = await chipsOnHf(gloss);
  console.log(`HF rows with a related chip: ${at100} of 31 at 100 papers, ${at2000} of 31 at 2,000`);
  expect(at100).toBeGreaterThan(0);
  // A third of the page at most: a chip has to mean something.
  expect(at2000).toBeLessThanOrEqual(10);
}, 300_000);
