/**
 * Screenshots of issue 17's surfaces, light and dark: the library with a paper open in its pane
 * (rendered note with math, reading status), the popup's paper view, the panel's status and note
 * preview on the HF page, and the search's hint. `npx wxt build && npx tsx scripts/screenshots-reading.ts`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CorpusPaper } from '../tests/corpus';
import { HF_DAILY, ROOT, fillLibrary, launch } from '../tests/e2e/harness';
import { clickMark, markButtonPoint, panelOf, waitForMarks } from '../tests/e2e/marks';

const OUT = join(ROOT, 'tests/screenshots');
const STYLE = join(OUT, 'hf-style.css');

const p = (id: string, title: string, authors: string[], extra: Partial<CorpusPaper> = {}): CorpusPaper => ({
  id,
  title,
  authors,
  abstract:
    'We study how sparse mixtures of low-rank adapters route tokens, and show that a second level of experts recovers most of the quality of full fine-tuning at a fraction of its memory.',
  primary_category: 'cs.LG',
  published_at: '2025-02-11',
  ...extra,
});

const NOTE = `Baseline for our **MoE serving** work.

- routing overhead is $O(k \\log E)$ per token
- compare with [the LoRA paper](https://arxiv.org/abs/2106.09685)
- loss grows as $x^2$ past the knee

<img src=x onerror=alert(1)> stays text.`;

const PAPERS = [
  p('2502.00001', 'MoE$^2$-LoRA: Mixture of Experts for Low-Rank Adapters', ['Hanna Jäger', 'Li Wei'], { note: NOTE, tags: ['moe', 'adapters'] }),
  p('2502.00002', 'Sparse $\\ell_1$ Recovery for Attention Heads', ['Ole Ørsted'], { tags: ['sparsity'] }),
  p('2502.00003', 'Locality-Sensitive Hashing for Long-Context Retrieval', ['Ana Souza', 'Kim Park'], { published_at: '2024-06-01' }),
  p('2502.00004', 'Speculative Decoding at Scale', ['Noam Levi'], { note: 'Acceptance rate matters more than draft size.', published_at: '2023-09-19' }),
  p('2502.00005', 'Translation Benchmarks Reconsidered', [], { tags: ['survey'], published_at: '2023-01-05' }),
];

async function main() {
  for (const scheme of ['light', 'dark'] as const) {
    const gloss = await launch({ colorScheme: scheme });
    await fillLibrary(gloss, PAPERS);
    gloss.serve('https://huggingface.co/papers', HF_DAILY);
    if (existsSync(STYLE)) {
      await gloss.context.route('https://huggingface.co/front/build/**/style.css', (r) =>
        r.fulfill({ contentType: 'text/css', body: readFileSync(STYLE, 'utf8') }),
      );
    }

    // The library: statuses set in the pane, one paper open with its rendered note.
    const lib = await gloss.context.newPage();
    await lib.setViewportSize({ width: 1280, height: 820 });
    await lib.goto(`chrome-extension://${gloss.extensionId}/library.html`);
    const table = lib.getByRole('table', { name: 'Saved papers' });
    await table.getByRole('row').nth(1).waitFor();
    const pane = lib.getByRole('complementary', { name: 'Paper' });
    for (const [title, status] of [
      ['Speculative Decoding', 'Read'],
      ['Locality-Sensitive', 'To read'],
      ['MoE', 'Reading'],
    ] as const) {
      await table.locator('.title-button', { hasText: title }).click();
      await pane.getByRole('button', { name: status, exact: true }).click();
      await pane.getByRole('button', { name: status, exact: true }).and(lib.locator('[aria-pressed=true]')).waitFor();
    }
    await pane.getByRole('button', { name: 'Preview' }).click();
    await pane.locator('.note-preview math').first().waitFor();
    await table
      .getByRole('columnheader', { name: /Status/ })
      .getByRole('button')
      .click();
    await lib.waitForTimeout(400);
    await lib.screenshot({ path: join(OUT, `reading-library-${scheme}.png`) });
    await lib.getByRole('searchbox', { name: 'Search your library' }).fill('jager OR localty -tag:survey year:later');
    await lib.waitForTimeout(600);
    await lib.screenshot({ path: join(OUT, `reading-search-${scheme}.png`), clip: { x: 0, y: 0, width: 1280, height: 360 } });
    await lib.close();

    // The popup's paper view.
    const view = await gloss.popup();
    await view.setViewportSize({ width: 420, height: 640 });
    await view.getByRole('tab', { name: 'Library' }).click();
    await view.getByRole('searchbox', { name: 'Search your library' }).fill('moe lora');
    await view.getByRole('list', { name: 'Saved papers' }).getByRole('button').first().click();
    await view.getByRole('heading', { level: 2 }).locator('math').waitFor();
    await view.getByRole('button', { name: 'Preview' }).click();
    await view.locator('.note-preview math').first().waitFor();
    await view.waitForTimeout(300);
    await view.screenshot({ path: join(OUT, `reading-popup-paper-${scheme}.png`) });
    await view.close();

    // The panel on the HF page: a status on a paper.
    const page = await gloss.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto('https://huggingface.co/papers');
    if (scheme === 'dark') await page.evaluate(() => document.documentElement.classList.add('dark'));
    await waitForMarks(page, 31);
    await clickMark(page, 2, 'open');
    const panel = await panelOf(page);
    await panel.getByRole('button', { name: 'To read', exact: true }).click();
    await panel.getByRole('textbox', { name: 'Note' }).fill('Check: does the cost model hold for **long** clips? Scales as $T^2$.');
    await panel.getByRole('button', { name: 'Preview' }).click();
    await panel.locator('.note-preview math').first().waitFor();
    await page.waitForTimeout(500);
    const box = (await (await panel.frameElement()).boundingBox())!;
    await page.screenshot({
      path: join(OUT, `reading-panel-${scheme}.png`),
      clip: { x: Math.max(0, box.x - 40), y: Math.max(0, box.y - 60), width: Math.min(880, 1280 - Math.max(0, box.x - 40)), height: 500 },
    });
    // The mark with its status badge: rows 2 (to read) and, saved from the library, none here.
    await page.keyboard.press('Escape');
    await page.waitForTimeout(400);
    const star = await markButtonPoint(page, 2, 'save');
    await page.screenshot({
      path: join(OUT, `reading-mark-${scheme}.png`),
      clip: { x: Math.max(0, star.x - 40), y: Math.max(0, star.y - 60), width: 420, height: 100 },
    });
    await gloss.close();
  }
  console.log(`Screenshots written to ${OUT}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
