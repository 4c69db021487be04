#!/usr/bin/env node
// `npm run setup`: install the exact dependencies, build the extension, and get what the tests
// need from the system (Chromium, Firefox ESR, TeX for the BibTeX proof): through apt when this is
// Debian and we are root, else by saying exactly what to install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const run = (cmd, args) => {
  console.log(`\n── ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

run('npm', ['ci', '--no-audit', '--no-fund']);
run('npx', ['wxt', 'build']);
console.log('\nThe extension is built in .output/chrome-mv3 (load it unpacked from chrome://extensions).');

const needs = [
  ['/usr/bin/chromium', 'chromium'],
  ['/usr/bin/firefox-esr', 'firefox-esr'],
  ['/usr/bin/pdflatex', 'texlive-latex-base'],
  ['/usr/bin/bibtex', 'texlive-binaries'],
  ['/usr/bin/pdftotext', 'poppler-utils'],
];
const missing = [...new Set(needs.filter(([bin]) => !existsSync(bin)).map(([, pkg]) => pkg))];
if (!missing.length) {
  console.log('The browsers and tools the tests use are installed: `npm test` runs everything.');
  process.exit(0);
}
const debian = existsSync('/etc/debian_version');
const root = process.getuid?.() === 0;
if (debian && root) {
  console.log(`\nInstalling what the tests need from Debian's packages: ${missing.join(' ')}`);
  run('apt-get', ['update', '-qq']);
  run('apt-get', ['install', '-y', '-qq', ...missing]);
} else {
  console.log(
    `\nThe tests also need: ${missing.join(', ')}.\n` +
      (debian
        ? `Install them with: sudo apt-get install -y ${missing.join(' ')}\n`
        : `Install the equivalents for your system (Chromium, Firefox ESR, a TeX Live with pdflatex and bibtex, poppler's pdftotext),\nor point CHROMIUM_PATH and FIREFOX_PATH at your browsers.\n`),
  );
}
