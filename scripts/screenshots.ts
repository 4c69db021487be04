/**
 * Screenshots of Gloss on the real captured pages and of the popup, for the README and for
 * looking at what we built. `npm run screenshots` (builds first).
 *
 * The captured pages' stylesheets live on the sites' servers, which this machine cannot reach.
 * For HF, tests/screenshots/hf-style.css (see tests/screenshots/hf-style.input.css) is served in
 * its place; arXiv pages are shown unstyled.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARXIV_RECENT, HF_DAILY, ROOT, launch, popupFor, saveFromArxivListing } from '../tests/e2e/harness';
import { clickMark, panelOf, waitForMarks } from '../tests/e2e/marks';

const OUT = join(ROOT, 'tests/screenshots');
const STYLE = join(OUT, 'hf-style.css');

async function main() {
  for (const scheme of ['light', 'dark'] as const) {
    const gloss = await launch({ colorScheme: scheme });
    gloss.serve('https://huggingface.co/papers', HF_DAILY);
    gloss.serve('https://arxiv.org/list/cs.CL/recent', ARXIV_RECENT);
    if (existsSync(STYLE)) {
      await gloss.context.route('https://huggingface.co/front/build/**/style.css', (r) =>
        r.fulfill({ contentType: 'text/css', body: readFileSync(STYLE, 'utf8') }),
      );
    }
    // Build a small library from the arXiv listing.
    const arxiv = await saveFromArxivListing(gloss, [0, 2, 17]);
    await arxiv.setViewportSize({ width: 1100, height: 800 });
    await clickMark(arxiv, 17, 'open');
    const moe = await panelOf(arxiv);
    await moe.getByRole('textbox', { name: 'Note' }).fill('Baseline for our MoE serving work: compare routing overhead.');
    await moe.getByRole('textbox', { name: 'Note' }).press('Escape');
    await arxiv.waitForTimeout(500);
    if (scheme === 'light') await arxiv.screenshot({ path: join(OUT, 'arxiv-marks-light.png') });
    await arxiv.close();

    const page = await gloss.context.newPage();
    await page.setViewportSize({ width: 1280, height: 1000 });
    await page.goto('https://huggingface.co/papers');
    if (scheme === 'dark') await page.evaluate(() => document.documentElement.classList.add('dark'));
    await waitForMarks(page, 31);
    // A save with the star: the panel opens with Undo; then a note and a tag on another paper.
    await clickMark(page, 0, 'save');
    await (await panelOf(page)).getByRole('button', { name: 'Undo' }).waitFor();
    await page.keyboard.press('Escape');
    await clickMark(page, 2, 'open');
    let panel = await panelOf(page);
    await panel.getByRole('textbox', { name: 'Note' }).fill('Read for Thursday: streaming video generation cost model.');
    await panel.getByRole('combobox', { name: 'Add tag' }).fill('video');
    await panel.getByRole('combobox', { name: 'Add tag' }).press('Enter');
    await panel.getByRole('button', { name: 'Done' }).click();
    // A row with related papers in the library, its panel open.
    const marks = await waitForMarks(page, 31);
    // ELDR (row 1) relates to the MoE paper saved from arXiv; its note below makes it the popup's "eldr" result.
    const related = marks[1].related ? 1 : marks.findIndex((m, i) => i > 2 && m.related);
    await clickMark(page, related > 0 ? related : 1, 'open');
    panel = await panelOf(page);
    await panel.getByText('Finding related papers…').waitFor({ state: 'detached' });
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(OUT, `hf-marks-${scheme}.png`) });
    await panel.getByRole('textbox', { name: 'Note' }).fill('Open note editor: **Markdown**, saved as you type.');
    await page.waitForTimeout(600);
    const box = (await (await panel.frameElement()).boundingBox())!;
    await page.screenshot({
      path: join(OUT, `hf-note-${scheme}.png`),
      clip: { x: Math.max(0, box.x - 40), y: Math.max(0, box.y - 60), width: Math.min(880, 1280 - Math.max(0, box.x - 40)), height: 480 },
    });
    await page.keyboard.press('Escape');

    const popup = await gloss.popup();
    await popup.setViewportSize({ width: 420, height: 560 });
    await popup.waitForSelector('.paper');
    await popup.screenshot({ path: join(OUT, `popup-${scheme}.png`) });
    if (scheme === 'light') {
      const thisPage = await popupFor(gloss, 'huggingface.co/papers');
      await thisPage.setViewportSize({ width: 420, height: 560 });
      await thisPage.getByRole('list', { name: 'Papers on this page' }).waitFor();
      await thisPage.waitForTimeout(300);
      await thisPage.screenshot({ path: join(OUT, 'popup-this-page-light.png') });
    }
    const lib = await gloss.context.newPage();
    await lib.setViewportSize({ width: 1200, height: 760 });
    await lib.goto(`chrome-extension://${gloss.extensionId}/library.html`);
    await lib.getByRole('table', { name: 'Saved papers' }).getByRole('row').nth(1).waitFor();
    await lib.getByRole('checkbox', { name: /^Select Skill Self-Play/ }).check();
    await lib.waitForTimeout(300);
    await lib.screenshot({ path: join(OUT, `library-${scheme}.png`) });

    const options = await gloss.context.newPage();
    await options.setViewportSize({ width: 900, height: 1100 });
    await options.goto(`chrome-extension://${gloss.extensionId}/options.html`);
    await options.getByRole('heading', { level: 1 }).waitFor();
    await options.waitForTimeout(300);
    await options.screenshot({ path: join(OUT, `options-${scheme}.png`), fullPage: true });

    const view = await gloss.popup();
    await view.setViewportSize({ width: 420, height: 600 });
    await view.getByRole('tab', { name: 'Library' }).click();
    await view.getByRole('searchbox', { name: 'Search your library' }).fill('eldr');
    await view.getByRole('list', { name: 'Saved papers' }).getByRole('button').first().click();
    await view.getByRole('heading', { level: 2 }).waitFor();
    await view.waitForTimeout(400);
    await view.screenshot({ path: join(OUT, `popup-paper-${scheme}.png`) });
    await gloss.close();
  }
  console.log(`Screenshots written to ${OUT}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
