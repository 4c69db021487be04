#!/usr/bin/env node
// `npm start`: opens Chromium with the built Gloss on Hugging Face Daily Papers, in a profile
// kept under .output/ so saved papers survive restarts. Where no browser or display is
// available it says so, and where the unpacked extension is.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const extension = join(root, '.output/chrome-mv3');
const profile = join(root, '.output/chromium-profile');

if (!existsSync(join(extension, 'manifest.json'))) {
  console.error('No built extension yet: run `npm run setup` (or `npm run build`) first.');
  process.exit(1);
}
const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
const browser = candidates.find((p) => p && existsSync(p));
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
if (!browser || !hasDisplay) {
  console.log(
    [
      !browser ? 'No Chromium found (set CHROMIUM_PATH, or `apt-get install chromium`).' : 'No display to open a browser window on.',
      `The built extension is at ${extension}`,
      'To use it: open chrome://extensions, turn on Developer mode, "Load unpacked", and pick that folder.',
    ].join('\n'),
  );
  process.exit(0);
}
mkdirSync(profile, { recursive: true });
console.log(`Opening ${browser} with Gloss loaded (profile: ${profile})`);
spawn(
  browser,
  [
    `--user-data-dir=${profile}`,
    `--disable-extensions-except=${extension}`,
    `--load-extension=${extension}`,
    '--no-first-run',
    'https://huggingface.co/papers',
  ],
  { stdio: 'ignore', detached: true },
).unref();
