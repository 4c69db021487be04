/**
 * Screenshots of Gloss on the real captured Hugging Face page and of the popup, for the README
 * and for looking at what we built. `npm run screenshots` (builds first).
 *
 * The captured page's stylesheet lives on HF's servers, which this machine cannot reach; when
 * tests/screenshots/hf-style.css exists (see tests/screenshots/hf-style.input.css) it is served in its place.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HF_DAILY, ROOT, launch } from '../tests/e2e/harness';

const OUT = join(ROOT, 'tests/screenshots');
const STYLE = join(OUT, 'hf-style.css');

async function main() {
  for (const scheme of ['light', 'dark'] as const) {
    const gloss = await launch({ colorScheme: scheme });
    gloss.serve('https://huggingface.co/papers', HF_DAILY);
    if (existsSync(STYLE)) {
      await gloss.context.route('https://huggingface.co/front/build/**/style.css', (r) =>
        r.fulfill({ contentType: 'text/css', body: readFileSync(STYLE, 'utf8') }),
      );
    }
    const page = await gloss.context.newPage();
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.goto('https://huggingface.co/papers');
    if (scheme === 'dark') await page.evaluate(() => document.documentElement.classList.add('dark'));
    const card = (n: number) => page.locator('article').nth(n);
    await card(0).getByRole('button', { name: 'Save', exact: true }).click();
    await card(1).getByRole('button', { name: 'Add note' }).click();
    await card(1).getByRole('textbox', { name: 'Note' }).fill('Baseline for our KV-cache work — compare against table 3 before the reading group.');
    await card(1).getByRole('textbox', { name: 'Add tag' }).fill('kv-cache');
    await card(1).getByRole('textbox', { name: 'Add tag' }).press('Enter');
    await card(1).getByRole('button', { name: 'Done' }).click();
    await card(2).getByRole('button', { name: 'Add note' }).click();
    await card(2).getByRole('textbox', { name: 'Note' }).fill('Open editor: **Markdown** note, saved as you type.');
    await page.waitForTimeout(600);
    await page.locator('article').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(OUT, `hf-marks-${scheme}.png`) });
    await card(1).screenshot({ path: join(OUT, `hf-card-${scheme}.png`) });

    const popup = await gloss.popup();
    await popup.setViewportSize({ width: 420, height: 520 });
    await popup.waitForSelector('.paper');
    await popup.screenshot({ path: join(OUT, `popup-${scheme}.png`) });
    await gloss.close();
  }
  console.log(`Screenshots written to ${OUT}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
